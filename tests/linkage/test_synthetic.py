"""The synthetic register the benchmark links: addresses as agencies write them."""

import re

from rumdoh.linkage.rules.clustering import places_near
from rumdoh.linkage.rules.records import prepare
from rumdoh.linkage.synthetic import generate

KHMER = re.compile(r"[\u1780-\u17ff]")


def test_records_give_home_places_to_varying_depth() -> None:
    records, _ = generate(3000, seed=5)
    villages = sum(1 for r in records if r.village)
    communes = sum(1 for r in records if r.commune)
    districts = sum(1 for r in records if r.district)
    # Cambodians' records: the village 45%, the commune 20%, the district 10%, none 25%.
    assert 0.38 < villages / len(records) < 0.48
    assert 0.58 < communes / len(records) < 0.68
    assert 0.67 < districts / len(records) < 0.77
    # Never a village without its commune, nor a commune without its district and province.
    assert all(r.commune for r in records if r.village)
    assert all(r.district and r.province for r in records if r.commune)


def test_a_khmer_only_record_writes_its_places_in_khmer() -> None:
    records, _ = generate(3000, seed=5)
    khmer = [r for r in records if KHMER.search(r.given_name) and r.district]
    assert khmer
    assert all(KHMER.search(r.district) for r in khmer)
    latin = [r for r in records if not KHMER.search(r.given_name) and r.district]
    assert not any(KHMER.search(r.district) for r in latin)


def test_the_spellings_of_one_home_district_do_not_conflict() -> None:
    # Clustering refuses to join two districts more than PLACE_EDITS letters apart; the
    # romanisations of one district (Kampong/Kompong, Tuol/Toul) stay within it, typos aside.
    records, truth = generate(6000, seed=5)
    by_person: dict[int, set[str]] = {}
    for r in records:
        district = prepare(r)["district"]
        if district:
            by_person.setdefault(truth[r.record_id], set()).add(district)
    several = [sorted(found) for found in by_person.values() if len(found) > 1]
    assert several
    apart = [d for d in several if not all(places_near(d[0], other) for other in d[1:])]
    assert len(apart) <= 0.1 * len(several)


def test_records_mostly_say_how_the_age_is_known_and_sometimes_wrongly() -> None:
    records, truth = generate(6000, seed=5)
    said = [r.age_precision for r in records if r.birth_year is not None]
    assert all(r.age_precision == "" for r in records if r.birth_year is None)
    assert all(r.age_precision == "date" for r in records if r.birth_date)
    shares = {kind: said.count(kind) / len(said) for kind in ("date", "year", "estimated", "")}
    assert 0.15 < shares["estimated"] < 0.25 and 0.1 < shares[""] < 0.25
    # Of one person's records, two years marked known mostly agree: an estimated age is off.
    years: dict[int, set[int]] = {}
    for r in records:
        if r.birth_year is not None and r.age_precision in ("date", "year"):
            years.setdefault(truth[r.record_id], set()).add(r.birth_year)
    agreeing = sum(1 for held in years.values() if len(held) == 1) / len(years)
    assert agreeing > 0.95


def test_a_person_recorded_again_is_mostly_recorded_by_another_agency() -> None:
    records, truth = generate(6000, seed=5)
    agencies: dict[int, list[str]] = {}
    for r in records:
        agencies.setdefault(truth[r.record_id], []).append(r.agency)
    again = [held for held in agencies.values() if len(held) > 1]
    twice = sum(1 for held in again if len(set(held)) < len(held)) / len(again)
    # 5% of further records come from an agency that recorded the person already.
    assert 0.02 < twice < 0.2
