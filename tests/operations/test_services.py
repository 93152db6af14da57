"""Operations, rosters and the screening check before deportation, through the services."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from rumdoh.core.errors import NotAllowed, Refused
from rumdoh.operations import services
from rumdoh.operations.access import bypassed_deportations, visible_operations
from rumdoh.operations.board import board
from rumdoh.operations.models import Deportation, RosterEntry
from rumdoh.people.access import can_see
from rumdoh.people.models import AccessSource, PersonAccess
from rumdoh.protection import services as protection
from tests.operations.helpers import TRAFFICKED, Raid, roster_rows

DAY = date(2026, 11, 21)


@pytest.fixture
def raid(db: None) -> Raid:
    return Raid()


def test_roster_import_makes_persons_visible_to_every_participating_agency(raid: Raid) -> None:
    result = raid.import_rows(roster_rows(8))
    assert result.added == 8
    entries = list(raid.operation.roster.select_related("person"))
    assert len(entries) == 8
    person = entries[0].person
    assert person.family_name == "Family0" and person.nationality == "CN"
    assert person.documents.get().number == "E1000000"
    assert can_see(raid.screener, person.pk)
    assert can_see(raid.officer, person.pk)
    assert not can_see(raid.outsider, person.pk)
    grant = PersonAccess.objects.get(person=person, agency=raid.centre)
    assert grant.source == AccessSource.OPERATION and grant.source_id == raid.operation.pk


def test_a_bad_row_rejects_the_whole_roster_naming_row_and_column(raid: Raid) -> None:
    rows = roster_rows(5)
    rows[2][2] = "Atlantis"
    rows[4][6] = "two hundred"
    with pytest.raises(services.RosterRejected) as refused:
        raid.import_rows(rows)
    assert [(e.row, e.column, e.problem) for e in refused.value.errors] == [
        (4, "nationality", "unknown_nationality"),
        (6, "age", "bad_age"),
    ]
    assert RosterEntry.objects.count() == 0
    assert not raid.operation.roster.exists()
    from rumdoh.people.models import Person

    assert Person.objects.count() == 0


def test_a_roster_row_with_a_known_passport_links_to_the_existing_person(raid: Raid) -> None:
    raid.import_rows(roster_rows(3))
    second = services.create_operation(
        raid.officer, {"kind": "detention", "held_on": DAY, "province": "12"}
    )
    result = services.import_roster(
        raid.officer,
        second,
        [
            ["Family name", "Given name", "Nationality", "Passport"],
            ["Family1", "Given1", "VN", "E1000001"],
        ],
    )
    assert (result.added, result.linked) == (0, 1)
    assert second.roster.get().person == raid.operation.roster.get(row=3).person


def test_a_roster_import_asks_for_a_linkage_run_once_saved(
    raid: Raid, django_capture_on_commit_callbacks: Any
) -> None:
    from rumdoh.linkage.models import LinkRun

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        raid.import_rows(roster_rows(3))
    assert len(callbacks) == 1
    run = LinkRun.objects.get()
    assert run.reason == f"roster of {raid.operation.reference}"


def test_outsider_neither_sees_nor_changes_the_operation(raid: Raid) -> None:
    assert raid.operation in visible_operations(raid.screener)
    assert raid.operation not in visible_operations(raid.outsider)
    with pytest.raises(NotAllowed):
        services.import_roster(raid.outsider, raid.operation, [["Nationality"], ["CN"]])


def test_deportation_of_someone_not_screened_is_refused(raid: Raid) -> None:
    raid.import_rows(roster_rows(2))
    entry = raid.operation.roster.first()
    with pytest.raises(Refused, match="not been screened"):
        services.record_deportation(raid.officer, raid.operation, entry, deported_on=DAY)
    assert not Deportation.objects.exists()


def test_deportation_after_a_screening_that_indicates_nothing_is_recorded(raid: Raid) -> None:
    raid.import_rows(roster_rows(2))
    entry = raid.operation.roster.select_related("person").first()
    raid.screen(entry)
    deportation = services.record_deportation(raid.officer, raid.operation, entry, deported_on=DAY)
    assert deportation.gate == "open" and not deportation.bypassed
    assert deportation.destination == "CN"
    assert not bypassed_deportations(raid.supervisor).exists()
    with pytest.raises(Refused, match="already recorded"):
        services.record_deportation(raid.officer, raid.operation, entry, deported_on=DAY)


def test_an_indicated_person_waits_for_an_identifier_and_a_victim_is_never_deported(
    raid: Raid,
) -> None:
    raid.import_rows(roster_rows(2))
    entry = raid.operation.roster.select_related("person").first()
    record = raid.screen(entry, TRAFFICKED)
    assert record.context == "raid" and entry.interpreter_language == "zh"
    with pytest.raises(Refused, match="no eligible identifier"):
        services.record_deportation(raid.officer, raid.operation, entry, deported_on=DAY)
    protection.identify(
        raid.identifier,
        entry.person,
        exploitation_types=["forced_criminality"],
        basis="screening",
        screening_id=record.pk,
    )
    with pytest.raises(Refused, match="suspected victim"):
        services.record_deportation(raid.officer, raid.operation, entry, deported_on=DAY)


def test_a_supervisor_override_is_recorded_and_listed_as_bypassing_the_check(raid: Raid) -> None:
    raid.import_rows(roster_rows(2))
    entry = raid.operation.roster.first()
    with pytest.raises(Refused):  # an officer cannot override
        services.record_deportation(
            raid.officer, raid.operation, entry, deported_on=DAY, override_reason="Court order"
        )
    deportation = services.record_deportation(
        raid.supervisor, raid.operation, entry, deported_on=DAY, override_reason="Court order"
    )
    assert deportation.way == "override" and deportation.gate == "not_screened"
    assert list(bypassed_deportations(raid.supervisor)) == [deportation]
    assert not bypassed_deportations(raid.officer).exists()


def test_rows_imported_as_deported_show_in_the_bypass_report(raid: Raid) -> None:
    header = ["Family name", "Nationality", "Status"]
    raid.import_rows([["Li", "CN", "deported"], ["Tran", "VN", ""]], header)
    (deportation,) = bypassed_deportations(raid.supervisor)
    assert deportation.way == "imported" and deportation.gate == "not_screened"


def test_the_board_counts_per_nationality(raid: Raid) -> None:
    raid.import_rows(roster_rows(8))
    entries = list(raid.operation.roster.select_related("person"))
    raid.screen(entries[0])
    raid.screen(entries[4], TRAFFICKED)
    services.record_deportation(raid.officer, raid.operation, entries[0], deported_on=DAY)
    services.record_release(raid.officer, raid.operation, entries[1], released_on=DAY)
    lines, total = board(raid.operation, "en")
    chinese = next(line for line in lines if line.nationality == "CN")
    assert chinese.counts == {
        "found": 2,
        "screened": 2,
        "indicated": 1,
        "identified": 0,
        "referred": 0,
        "released": 0,
        "deported": 1,
    }
    assert total.counts["found"] == 8 and total.counts["released"] == 1


def test_next_to_screen_walks_the_roster_and_skips_the_screened(raid: Raid) -> None:
    raid.import_rows(roster_rows(3))
    first, second, third = raid.operation.roster.select_related("person")
    assert services.next_to_screen(raid.operation) == first
    raid.screen(first)
    assert services.next_to_screen(raid.operation, first) == second
    assert services.next_to_screen(raid.operation, third) == second


def test_a_roster_screening_sent_twice_is_saved_once(raid: Raid) -> None:
    """A double press of "Save" on the person-after-person screening saved two screenings of
    one person, both counted in the national figures; other answers are another screening."""
    from rumdoh.screening.models import ScreeningRecord

    raid.import_rows(roster_rows(1))
    entry = raid.operation.roster.select_related("person").get()
    first = raid.screen(entry)
    assert raid.screen(entry) == first
    assert ScreeningRecord.objects.filter(person=entry.person).count() == 1
    other = raid.screen(entry, {**TRAFFICKED})
    assert other != first
    assert ScreeningRecord.objects.filter(person=entry.person).count() == 2
    entry.refresh_from_db()
    assert entry.screening == other


def test_a_participant_added_later_sees_the_roster(raid: Raid) -> None:
    raid.import_rows(roster_rows(2))
    person = raid.operation.roster.first().person
    assert not can_see(raid.outsider, person.pk)
    services.update_operation(
        raid.officer,
        raid.operation,
        {"place": "Compound on Road 5"},
        [raid.centre, raid.outsider_agency],
        expected_version=1,
    )
    assert can_see(raid.outsider, person.pk)


def test_an_agency_taken_off_an_operation_no_longer_sees_its_roster(raid: Raid) -> None:
    raid.import_rows(roster_rows(2))
    person = raid.operation.roster.first().person
    services.update_operation(
        raid.officer, raid.operation, {}, [raid.centre, raid.outsider_agency], expected_version=1
    )
    assert can_see(raid.outsider, person.pk)
    services.update_operation(raid.officer, raid.operation, {}, [raid.centre], expected_version=2)
    assert not can_see(raid.outsider, person.pk)
    assert can_see(raid.officer, person.pk)


def test_a_screening_imported_from_the_field_adds_the_person_to_the_roster(raid: Raid) -> None:
    from rumdoh.screening.services import ScreeningInput, record_screening
    from tests.conftest import make_person

    person = make_person(raid.screener, nationality="VN")
    record = record_screening(
        raid.screener,
        ScreeningInput(form="short", observations={}, context="raid", person=person),
    )
    services.add_screened(raid.screener, raid.operation, record)
    entry = raid.operation.roster.get()
    assert (entry.person, entry.screening) == (person, record)
    assert can_see(raid.officer, person.pk)
    services.add_screened(raid.screener, raid.operation, record)  # twice: still one entry
    assert raid.operation.roster.count() == 1


def test_persons_found_in_a_raid_are_found_by_name_and_offered_as_likely_matches(
    raid: Raid,
) -> None:
    from rumdoh.people.access import visible_persons
    from rumdoh.people.services import find_persons, likely_matches

    rows = roster_rows(3)
    rows[1][0], rows[1][1] = "Wang", "Wei"
    raid.import_rows(rows)
    wang = raid.operation.roster.get(row=3).person
    seen = visible_persons(raid.screener)
    found, _more = find_persons(seen, "Wang Wei")
    assert list(found)[:1] == [wang]
    likely = likely_matches(seen, given_name="Wei", family_name="Wang", birth_year=None)
    assert wang in likely


def test_the_deployment_check_names_a_court_taking_part_and_taking_it_off_ends_its_sight(
    raid: Raid,
) -> None:
    from django.core.checks import run_checks

    from rumdoh.accounts.models import AgencyKind
    from tests.conftest import make_agency

    def warnings() -> list[str]:
        return [m.msg for m in run_checks(databases=["default"]) if m.id == "operations.W001"]

    assert warnings() == []
    court = make_agency("Provincial Court", AgencyKind.COURT, "18")
    raid.operation.agencies.add(court)  # as recorded before courts were refused
    assert warnings() == [
        f"Operation {raid.operation.pk} has 'Provincial Court' among its participating "
        "agencies, a kind of agency that may not take part in operations."
    ]
    kept = [a for a in raid.operation.agencies.all() if a != court]
    services.update_operation(
        raid.officer, raid.operation, {}, expected_version=raid.operation.version, agencies=kept
    )
    assert warnings() == []
