"""An outcome links only a record the user may see, whatever its kind: one hidden from the user
and one that does not exist are refused in the same words, beside the record's number, so no
number can be probed. A rescue operation was looked up on the whole register: the hotline linked
a tip to an operation its agency cannot see, and a missing number was told apart."""

import re
from datetime import date

import pytest
from rest_framework.test import APIClient

from rumdoh.accounts.models import AgencyKind
from rumdoh.accounts.rules.roles import Role
from rumdoh.core.errors import FieldRefused
from rumdoh.intake import services
from rumdoh.intake.choices import Outcome, Status
from rumdoh.intake.models import Tip
from rumdoh.operations.models import Operation
from rumdoh.operations.services import create_operation
from rumdoh.screening.services import ScreeningInput, record_screening
from tests.conftest import login, make_agency, make_user
from tests.intake.helpers import TipWorld


def _raid(world: TipWorld) -> Operation:
    return create_operation(
        world.investigator, {"kind": "raid", "held_on": date(2026, 6, 1), "province": "18"}
    )


def _other_raid() -> Operation:
    """An operation of a police unit that neither the hotline nor Sihanouk's unit takes part in."""
    unit = make_agency("Battambang AHJPD", AgencyKind.POLICE, "02")
    officer = make_user(Role.POLICE_INVESTIGATOR, unit, "battambang")
    return create_operation(
        officer, {"kind": "raid", "held_on": date(2026, 6, 1), "province": "02"}
    )


def _refusal(user, tip: Tip, outcome: str, record_id: int) -> FieldRefused:
    with pytest.raises(FieldRefused) as refused:
        services.record_outcome(user, tip, outcome, record_id=record_id, version=tip.version)
    tip.refresh_from_db()
    assert tip.status != Status.CLOSED and tip.operation_id is None and tip.screening_id is None
    return refused.value


def test_the_hotline_cannot_link_an_operation_its_agency_does_not_see(tips):
    raid = _raid(tips)  # Sihanouk's unit's: the hotline takes no part in it
    tip = tips.tip()
    hidden = _refusal(tips.operator, tip, Outcome.OPERATION, raid.pk)
    missing = _refusal(tips.operator, tip, Outcome.OPERATION, raid.pk + 1000)
    assert str(hidden) == str(missing) == "No such rescue operation that you may see."
    assert hidden.field == missing.field == "record"


def test_the_holder_links_an_operation_it_sees_and_no_other(tips):
    ours, theirs = _raid(tips), _other_raid()
    tip = tips.tip()
    services.assign(tips.operator, tip, tips.police_agency, version=1)
    tip.refresh_from_db()
    hidden = _refusal(tips.investigator, tip, Outcome.OPERATION, theirs.pk)
    missing = _refusal(tips.investigator, tip, Outcome.OPERATION, theirs.pk + 1000)
    assert str(hidden) == str(missing)
    tip = services.link_operation(tips.investigator, tip, ours.pk, version=tip.version)
    assert tip.operation == ours and tip.outcome == Outcome.OPERATION


@pytest.mark.parametrize(
    ("outcome", "words"),
    [
        (Outcome.SCREENING, "No such screening that you may see."),
        (Outcome.IDENTIFICATION, "No such identification that you may see."),
        (Outcome.CRIMINAL_CASE, "No such criminal case that you may see."),
        (Outcome.OPERATION, "No such rescue operation that you may see."),
    ],
)
def test_every_kind_refuses_a_missing_record_beside_its_number_and_asks_for_one(
    tips, outcome, words
):
    tip = tips.tip()
    services.assign(tips.operator, tip, tips.police_agency, version=1)
    tip.refresh_from_db()
    missing = _refusal(tips.investigator, tip, outcome, 987654)
    assert (missing.field, str(missing)) == ("record", words)
    with pytest.raises(FieldRefused) as none:
        services.record_outcome(tips.investigator, tip, outcome, version=tip.version)
    assert none.value.field == "record"
    assert str(none.value) == "Give the number of the record it became."


def test_a_hidden_screening_is_refused_as_a_missing_one(tips):
    theirs = record_screening(
        tips.outsider, ScreeningInput(form="short", observations={}, context="hotline")
    )
    tip = tips.tip()
    services.assign(tips.operator, tip, tips.police_agency, version=1)
    tip.refresh_from_db()
    hidden = _refusal(tips.investigator, tip, Outcome.SCREENING, theirs.pk)
    missing = _refusal(tips.investigator, tip, Outcome.SCREENING, theirs.pk + 1000)
    assert (hidden.field, str(hidden)) == (missing.field, str(missing))


def test_the_page_says_it_beside_the_number_in_khmer_too(tips):
    raid = _other_raid()
    tip = tips.tip()
    services.assign(tips.operator, tip, tips.police_agency, version=1)
    client = login(tips.investigator)
    for language, words in [
        ("en", "No such rescue operation that you may see."),
        ("km", "គ្មានប្រតិបត្តិការជួយសង្គ្រោះនេះដែលអ្នកអាចមើលបានទេ។"),
    ]:
        client.cookies["django_language"] = language
        r = client.post(
            f"/tips/{tip.pk}/outcome/", {"outcome": "operation", "record": raid.pk, "version": 2}
        )
        html = r.content.decode()
        assert r.status_code == 400
        assert re.search(r'id="id_record_error"[^>]*>\s*<li>' + re.escape(words), html)
    tip.refresh_from_db()
    assert tip.operation_id is None and tip.status != Status.CLOSED


def test_the_api_answers_by_the_record_field_the_same_for_hidden_and_missing(tips):
    raid = _raid(tips)
    tip = tips.tip()
    client = APIClient()
    client.force_authenticate(tips.operator, token="partner-token")
    answers = [
        client.post(
            f"/api/v1/tips/{tip.pk}/outcome/",
            {"outcome": "operation", "record": number, "version": 1},
            format="json",
        )
        for number in (raid.pk, raid.pk + 1000)
    ]
    assert [a.status_code for a in answers] == [400, 400]
    assert (
        answers[0].json()
        == answers[1].json()
        == {"record": ["No such rescue operation that you may see."]}
    )


def _offered(client, tip: Tip) -> list[str]:  # type: ignore[no-untyped-def]
    page = client.get(f"/tips/{tip.pk}/").content.decode()
    return re.findall(r'name="outcome" value="([a-z_]+)"', page)


def test_the_hotline_is_offered_only_the_outcome_it_may_record(tips):
    """The hotline operator sees no screening, identification, case or operation: the service
    refuses every link, so the page offers no action alone, and asks for no record's number."""
    tip = tips.tip()
    operator = login(tips.operator)
    assert _offered(operator, tip) == [Outcome.NO_ACTION]
    assert 'name="record"' not in operator.get(f"/tips/{tip.pk}/").content.decode()
    for language, words in [("en", "Select a valid choice"), ("km", "សូមជ្រើសរើសជម្រើសដែលត្រឹមត្រូវ")]:
        operator.cookies["django_language"] = language
        refused = operator.post(
            f"/tips/{tip.pk}/outcome/", {"outcome": "screening", "record": 1, "version": 1}
        )
        assert refused.status_code == 400
        assert re.search(
            r'id="id_outcome_error"[^>]*>\s*<li>' + re.escape(words), refused.content.decode()
        )
    tip.refresh_from_db()
    assert tip.status != Status.CLOSED
    closed = operator.post(
        f"/tips/{tip.pk}/outcome/", {"outcome": "no_action", "reason": "duplicate", "version": 1}
    )
    assert closed.status_code == 302
    tip.refresh_from_db()
    assert (tip.status, tip.outcome) == (Status.CLOSED, Outcome.NO_ACTION)


def test_the_police_unit_holding_a_tip_is_offered_every_outcome(tips):
    tip = tips.tip()
    services.assign(tips.operator, tip, tips.police_agency, version=1)
    investigator = login(tips.investigator)
    assert _offered(investigator, tip) == list(Outcome.values)
    assert 'name="record"' in investigator.get(f"/tips/{tip.pk}/").content.decode()
