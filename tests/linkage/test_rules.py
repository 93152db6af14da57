"""National ids across reruns and the steward's decisions, as pure rules."""

from rumdoh.linkage.rules.forced import apply_decisions
from rumdoh.linkage.rules.national_ids import assign_new, carry_ids


def test_cluster_keeps_its_id_when_most_records_stay_together() -> None:
    old = {1: 100, 2: 100, 3: 100, 4: 200}
    kept = carry_ids(old, {1: "a", 2: "a", 3: "b", 4: "c", 5: "c"})
    assert kept == {"a": 100, "b": None, "c": 200}


def test_merged_clusters_keep_the_larger_id_and_retire_the_other() -> None:
    old = {1: 100, 2: 200, 3: 200}
    assert carry_ids(old, {1: "m", 2: "m", 3: "m"}) == {"m": 200}
    assert carry_ids({1: 100, 2: 200}, {1: "m", 2: "m"}) == {"m": 100}


def test_an_even_split_gives_the_id_to_no_part() -> None:
    old = {1: 100, 2: 100, 3: 100, 4: 100}
    kept = carry_ids(old, {1: "a", 2: "a", 3: "b", 4: "b"})
    assert kept == {"a": None, "b": None}


def test_new_records_join_the_id_of_their_cluster_or_share_a_fresh_one() -> None:
    old = {1: 100, 2: 100, 3: 200}
    clusters = {1: "x", 2: "x", 3: "y", 4: "x", 5: "z", 6: "z"}
    assert assign_new(old, clusters, {4, 5, 6}) == {4: 100, 5: "z", 6: "z"}


def test_different_splits_only_what_must_leave() -> None:
    forced = apply_decisions({1: "a", 2: "a", 3: "a"}, same=[], different=[(1, 2)])
    assert forced.groups[1] == forced.groups[3] != forced.groups[2]
    assert forced.splits == 1


def test_same_merges_clusters_unless_a_different_forbids_it() -> None:
    clusters = {1: "a", 2: "b", 3: "b", 4: "c"}
    forced = apply_decisions(clusters, same=[(1, 2), (3, 4)], different=[(1, 4)])
    assert forced.groups[1] == forced.groups[2] == forced.groups[3]
    assert forced.groups[4] != forced.groups[1]
    assert forced.merges == 1
    assert forced.refused == [(3, 4)]


def test_decisions_on_records_not_in_the_run_are_ignored() -> None:
    forced = apply_decisions({1: "a", 2: "a"}, same=[(1, 9)], different=[(2, 8)])
    assert forced.groups[1] == forced.groups[2]
    assert forced.splits == forced.merges == 0


def test_prepared_places_keep_codes_and_fold_names() -> None:
    from rumdoh.linkage.rules.records import LinkRecord, prepare

    # A postcode or province code is compared as written (folding dropped its digits once).
    assert prepare(LinkRecord("a", province="4814"))["province"] == "4814"
    assert prepare(LinkRecord("a", province="12"))["province"] == "12"
    assert (
        prepare(LinkRecord("a", province=" Kampot "))["province"]
        == prepare(LinkRecord("b", province="Kampot"))["province"]
    )
    assert prepare(LinkRecord("a", province=""))["province"] is None


def test_names_that_folding_leaves_apart_share_a_skeleton() -> None:
    from rumdoh.linkage.rules.records import LinkRecord, prepare, skeleton

    def row(given: str, family: str) -> dict[str, object]:
        return prepare(LinkRecord("a", given_name=given, family_name=family))

    for (given, family), (other_given, other_family) in (
        (("Heang", "Sok"), ("Hang", "Sok")),
        (("Sreang", "Chan"), ("Chan", "Sreng")),  # order-free
        (("Phuong", "Ly"), ("Phoung", "Ly")),
    ):
        assert (
            row(given, family)["name_skeleton"] == row(other_given, other_family)["name_skeleton"]
        )
    assert row("Dara", "Sok")["name_skeleton"] != row("Dara", "Sam")["name_skeleton"]
    assert skeleton("", "") is None


def test_home_places_are_compared_by_their_consonants() -> None:
    from rumdoh.linkage.rules.records import LinkRecord, prepare

    one = prepare(
        LinkRecord("a", district="Kampong Trach", commune="Tuol Kouk", village="Trapeang")
    )
    two = prepare(LinkRecord("b", district="Kompong Trach", commune="Toul Kok", village="Trapaing"))
    assert [one[c] for c in ("district", "commune", "village")] == [
        two[c] for c in ("district", "commune", "village")
    ]
    assert one["commune"] != prepare(LinkRecord("c", commune="Prey Veng"))["commune"]
    assert prepare(LinkRecord("d", district=" "))["district"] is None


def test_a_run_memo_gives_the_same_rows() -> None:
    from rumdoh.linkage.rules.records import prepare
    from rumdoh.linkage.synthetic import generate

    records, _ = generate(400, seed=3)
    memo: dict[tuple[str, str], object] = {}
    assert [prepare(r, memo) for r in records] == [prepare(r) for r in records]
    assert memo  # names and places seen once are remembered for the rest of the run


def test_a_year_is_stated_when_read_from_a_date_or_known_and_not_when_estimated() -> None:
    from rumdoh.linkage.rules.records import LinkRecord, prepare

    def stated(**fields):  # type: ignore[no-untyped-def]
        return prepare(LinkRecord("a", **fields))["year_stated"]

    assert stated(birth_year=1990, age_precision="year") is True
    assert stated(birth_date="1990-02-03") is True
    assert stated(birth_year=1990, age_precision="date") is True
    assert stated(birth_year=1990, age_precision="estimated") is False
    assert stated(birth_year=1990) is None  # not said how it is known
    assert stated(birth_year=1990, age_precision="unknown") is None  # as the register says it
    assert stated(age_precision="year") is None  # no year at all


def test_an_outside_list_may_say_how_each_age_is_known() -> None:
    from rumdoh.linkage.rules.csvinput import read_records

    lines = [
        "record_id,given_name,birth_year,age_precision",
        "a,Sok,1990,Estimated",
        "b,Sok,1990,",
        "c,Sok,1990,guessed",
    ]
    records, errors = read_records(lines, {}, 2026)
    assert [r.age_precision for r in records] == ["estimated", "", "guessed"]
    assert [str(e) for e in errors] == [
        "row 4, column age_precision: 'guessed' is not date, year, estimated or empty"
    ]
