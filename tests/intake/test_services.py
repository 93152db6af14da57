from datetime import date, timedelta

import pytest
from django.db import connection
from django.http import Http404
from django.utils import timezone

from rumdoh.accounts.models import AuditEvent
from rumdoh.core.errors import NotAllowed, Refused, StaleEdit
from rumdoh.intake import services
from rumdoh.intake.access import get_tip_for_user, visible_tips
from rumdoh.intake.choices import Outcome, Status
from rumdoh.intake.models import Tip, pk_of
from rumdoh.operations.services import create_operation
from rumdoh.people.access import can_see
from rumdoh.screening.services import ScreeningInput, record_screening
from tests.conftest import make_person


def test_a_recorded_tip_is_sealed_audited_and_due_by_urgency(tips):
    tip = tips.tip(place="Room 3, Golden Sands karaoke", urgency="urgent")
    with connection.cursor() as cursor:
        cursor.execute("SELECT summary, place FROM intake_tip WHERE id = %s", [tip.pk])
        summary, place = cursor.fetchone()
    assert "karaoke" not in summary and "Golden" not in place
    assert Tip.objects.get(pk=tip.pk).summary == "Girls held at a karaoke bar"
    assert tip.due_at == tip.received_at + timedelta(days=3)
    assert tip.recording_agency == tips.hotline_agency and tip.status == Status.NEW
    assert AuditEvent.objects.filter(action="tip.recorded", object_id=str(tip.pk)).exists()


def test_staff_cannot_record_a_web_form_report_nor_a_future_one(tips):
    with pytest.raises(Refused):
        tips.tip(channel="web_form")
    with pytest.raises(Refused):
        tips.tip(received_at=timezone.now() + timedelta(days=1))


def test_a_role_without_tips_cannot_record_one(tips):
    from rumdoh.accounts.rules.roles import Role
    from tests.conftest import make_user

    analyst = make_user(Role.NCCT_ANALYST, tips.hotline_agency)
    with pytest.raises(NotAllowed):
        services.record_tip(analyst, services.TipInput(channel="walk_in", summary="x"))


def test_triage_sets_urgency_and_moves_the_due_time(tips):
    tip = tips.tip()
    assert tip.due_at == tip.received_at + timedelta(days=14)
    tip = services.triage(tips.operator, tip, urgency="urgent", concern="child", version=1)
    assert tip.status == Status.TRIAGED and tip.version == 2
    assert tip.due_at == tip.received_at + timedelta(days=3)
    with pytest.raises(StaleEdit):
        services.triage(tips.operator, tip, urgency="normal", concern="child", version=1)


def test_assignment_hands_the_tip_over_and_only_the_holder_may_change_it(tips):
    tip = tips.tip()
    tip = services.assign(tips.operator, tip, tips.police_agency, version=1)
    assert tip.status == Status.ASSIGNED
    assert get_tip_for_user(tips.investigator, tip.pk) == tip
    assert get_tip_for_user(tips.operator, tip.pk) == tip  # the recording agency still sees it
    with pytest.raises(NotAllowed):
        services.triage(tips.operator, tip, urgency="urgent", concern="other", version=2)
    with pytest.raises(NotAllowed):
        services.assign(tips.outsider, tip, tips.outsider_agency, version=2)


def test_the_outsider_sees_no_tip(tips):
    tip = tips.tip()
    assert not visible_tips(tips.outsider).exists()
    with pytest.raises(Http404):
        get_tip_for_user(tips.outsider, tip.pk)


def test_a_tip_assigned_on_takes_the_sight_of_the_person_with_it(tips):
    """The grant is the tip's: an agency that no longer holds the tip no longer sees the person
    on its ground, as a declined referral no longer shows its person."""
    from rumdoh.accounts.rules.roles import Role
    from tests.conftest import make_user

    hotline_investigator = make_user(Role.POLICE_INVESTIGATOR, tips.hotline_agency)
    other = make_person(hotline_investigator, given_name="Dara")
    tip = services.record_tip(
        hotline_investigator,
        services.TipInput(channel="walk_in", summary="Her sister is missing", person=other),
    )
    services.assign(hotline_investigator, tip, tips.police_agency, version=1)
    assert can_see(tips.supervisor, other.pk)
    services.assign(tips.supervisor, tip, tips.outsider_agency, version=2)
    assert can_see(tips.outsider, other.pk)
    assert not can_see(tips.supervisor, other.pk)
    assert can_see(hotline_investigator, other.pk)  # the agency that recorded the person


def test_a_tip_about_a_person_lets_the_assigned_agency_see_them(tips):
    person = make_person(tips.investigator)
    from rumdoh.accounts.rules.roles import Role
    from tests.conftest import make_user

    hotline_investigator = make_user(Role.POLICE_INVESTIGATOR, tips.hotline_agency)
    other = make_person(hotline_investigator, given_name="Dara")
    tip = services.record_tip(
        hotline_investigator,
        services.TipInput(channel="walk_in", summary="Her sister is missing", person=other),
    )
    assert not can_see(tips.supervisor, other.pk)
    services.assign(hotline_investigator, tip, tips.police_agency, version=1)
    assert can_see(tips.supervisor, other.pk)
    with pytest.raises(NotAllowed):  # the operator's agency does not see the police's person
        services.record_tip(
            tips.operator, services.TipInput(channel="walk_in", summary="x", person=person)
        )


def test_no_action_needs_a_reason(tips):
    tip = tips.tip()
    with pytest.raises(Refused):
        services.record_outcome(tips.operator, tip, Outcome.NO_ACTION, version=1)
    tip = services.record_outcome(
        tips.operator, tip, Outcome.NO_ACTION, reason="duplicate", version=1
    )
    assert tip.status == Status.CLOSED and tip.no_action_reason == "duplicate"
    with pytest.raises(Refused):
        services.record_outcome(tips.operator, tip, Outcome.NO_ACTION, reason="false", version=2)


def test_an_outcome_links_only_a_record_the_user_may_see(tips):
    tip = tips.tip()
    services.assign(tips.operator, tip, tips.police_agency, version=1)
    theirs = record_screening(
        tips.outsider, ScreeningInput(form="short", observations={}, context="hotline")
    )
    with pytest.raises(Refused):
        services.record_outcome(
            tips.investigator, tip, Outcome.SCREENING, record_id=theirs.pk, version=2
        )
    ours = record_screening(
        tips.investigator, ScreeningInput(form="short", observations={}, context="hotline")
    )
    tip = services.record_outcome(
        tips.investigator, tip, Outcome.SCREENING, record_id=ours.pk, version=2
    )
    assert tip.screening == ours and tip.outcome == Outcome.SCREENING


def test_link_operation_names_an_operation_on_the_register(tips):
    tip = services.assign(tips.operator, tips.tip(), tips.police_agency, version=1)
    with pytest.raises(Refused):
        services.link_operation(tips.investigator, tip, 0, version=2)
    with pytest.raises(Refused, match="No such rescue operation"):
        services.link_operation(tips.investigator, tip, 42, version=2)
    raid = create_operation(
        tips.investigator, {"kind": "raid", "held_on": date(2026, 6, 1), "province": "12"}
    )
    tip = services.link_operation(tips.investigator, tip, raid.pk, version=2)
    assert tip.operation_id == raid.pk and tip.outcome == Outcome.OPERATION


def test_a_public_report_is_assigned_and_checked_by_its_secret(db, settings, tips):
    settings.RUMDOH_PUBLIC_REPORT_AGENCY = tips.police_agency.name
    tip, secret = services.receive_public_report(
        services.TipInput(channel="", summary="My cousin cannot leave the compound")
    )
    assert tip.assigned_agency == tips.police_agency and tip.channel == "web_form"
    assert secret not in tip.status_secret_hash and len(secret) == 12
    assert services.check_status(tip.reference, secret) == tip
    assert services.check_status(tip.reference, secret.lower()) == tip
    assert services.check_status(tip.reference, "WRONGSECRET2") is None
    assert services.check_status("T-9999999", secret) is None
    settings.RUMDOH_PUBLIC_REPORT_AGENCY = str(tips.hotline_agency.pk)
    other, _ = services.receive_public_report(services.TipInput(channel="", summary="x"))
    assert other.assigned_agency == tips.hotline_agency


def test_references_read_back():
    assert pk_of("T-0000012") == 12 and pk_of("t12") == 12 and pk_of(" 12 ") == 12
    assert pk_of("t - 12") == 12 and pk_of("T-១២") == 12
    assert pk_of("X-12") is None and pk_of("") is None
    for refused in ("T-0", "-12", "T--12", "T-²", "T-12x"):
        assert pk_of(refused) is None, refused
