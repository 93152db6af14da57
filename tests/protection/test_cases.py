"""Protection cases: stages with history, plan without silent overwrite, services, follow-up."""

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from rumdoh.accounts.models import AuditEvent
from rumdoh.accounts.rules.roles import Role
from rumdoh.core.errors import Refused
from rumdoh.protection import services
from rumdoh.protection.models import CasePlan, FollowUp, ServiceDelivery, StageChange
from tests.conftest import login, make_person, make_user
from tests.protection.helpers import identify, owner_case

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("who", "status"), [("owner", 200), ("partner", 200), ("outsider", 404)])
def test_case_detail_by_agency(world, who, status):
    case = owner_case(world)
    url = reverse("protection:case_detail", args=[case.pk])
    assert login(getattr(world, who)).get(url).status_code == status


@pytest.mark.parametrize(
    ("who", "own", "shared"),
    [("owner", True, False), ("partner", False, True), ("outsider", False, False)],
)
def test_case_list_by_agency(world, who, own, shared):
    case = owner_case(world)
    client = login(getattr(world, who))
    body = client.get(reverse("protection:cases")).content.decode()
    assert (case.reference in body) is own
    body = client.get(reverse("protection:cases"), {"scope": "shared"}).content.decode()
    assert (case.reference in body) is shared


def test_case_list_filters(world):
    case = owner_case(world)
    url = reverse("protection:cases")
    client = login(world.owner)
    assert case.reference in client.get(url, {"stage": "identification"}).content.decode()
    assert case.reference not in client.get(url, {"stage": "recovery"}).content.decode()
    assert case.reference not in client.get(url, {"state": "closed"}).content.decode()
    assert case.reference in client.get(url, {"mine": "on"}).content.decode()
    assert case.reference in client.get(url, {"q": world.person.reference}).content.decode()
    assert case.reference in client.get(url, {"q": f"c{case.pk}"}).content.decode()


def test_case_list_query_count_does_not_grow_with_cases(world):
    owner_case(world)
    client = login(world.owner)
    url = reverse("protection:cases")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(5):
        identify(world, make_person(world.owner, given_name=f"Dara{n}"))
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    # One link to each case (the search's help text names an example C-number too).
    assert len(re.findall(r'href="/protection/cases/\d+/">C-0', response.content.decode())) == 6
    assert len(many) == len(few)


def test_stage_change_is_recorded_in_the_history(world):
    case = owner_case(world)
    url = reverse("protection:case_stage", args=[case.pk])
    client = login(world.owner)
    client.post(url, {"stage": "crisis_intervention", "reason": "needs a doctor"})
    client.post(url, {"stage": "case_planning", "reason": "stable"})
    case.refresh_from_db()
    assert case.stage == "case_planning"
    history = list(StageChange.objects.filter(case=case).values_list("from_stage", "to_stage"))
    assert history == [
        ("", "identification"),
        ("identification", "crisis_intervention"),
        ("crisis_intervention", "case_planning"),
    ]
    last = StageChange.objects.filter(case=case).last()
    assert (last.by, last.reason) == (world.owner, "stable")
    assert AuditEvent.objects.filter(action="case.stage_changed").count() == 2


def test_partner_cannot_change_the_owners_case(world):
    case = owner_case(world)
    url = reverse("protection:case_stage", args=[case.pk])
    assert login(world.partner).post(url, {"stage": "recovery"}).status_code == 403
    assert login(world.outsider).post(url, {"stage": "recovery"}).status_code == 404
    case.refresh_from_db()
    assert case.stage == "identification"


def test_closure_is_only_through_close(world):
    case = owner_case(world)
    with pytest.raises(Refused):
        services.change_stage(world.owner, case, "case_closure")


def test_closing_records_reason_and_stops_changes(world):
    case = owner_case(world)
    url = reverse("protection:case_close", args=[case.pk])
    data = {"closure_reason": "reintegrated", "note": "home in Takeo", "confirmed": "yes"}
    login(world.owner).post(url, data)
    case.refresh_from_db()
    assert (case.stage, case.closure_reason) == ("case_closure", "reintegrated")
    assert case.closed_at is not None
    assert StageChange.objects.filter(case=case).last().to_stage == "case_closure"
    with pytest.raises(Refused):
        services.change_stage(world.owner, case, "recovery")


def test_the_confirmation_before_closing_names_the_person_and_is_audited(world):
    case = owner_case(world)
    url = reverse("protection:case_close", args=[case.pk])
    response = login(world.owner).post(url, {"closure_reason": "reintegrated"})
    assert response.status_code == 200 and "Sokha" in response.content.decode()
    shown = AuditEvent.objects.filter(action="person.shown", user=world.owner)
    assert list(shown.values_list("person_id", flat=True)) == [case.person_id]


def test_case_plan_saves_and_bumps_the_version(world):
    case = owner_case(world)
    url = reverse("protection:case_plan", args=[case.pk])
    client = login(world.owner)
    assert client.get(url).status_code == 200
    data = {"needs": ["housing", "legal_aid"], "goals": "Return to school", "version": "1"}
    assert client.post(url, data).status_code == 302
    plan = CasePlan.objects.get(case=case)
    assert (plan.needs, plan.goals, plan.version) == (
        ["housing", "legal_aid"],
        "Return to school",
        2,
    )


def test_concurrent_plan_edit_is_not_silently_overwritten(world):
    case = owner_case(world)
    services.save_plan(world.owner, case, needs=["medical"], goals="first", expected_version=1)
    url = reverse("protection:case_plan", args=[case.pk])
    stale = {"needs": ["housing"], "goals": "second", "version": "1"}
    response = login(world.owner).post(url, stale)
    assert response.status_code == 200
    assert "Someone else saved this plan" in response.content.decode()
    assert "second" in response.content.decode()
    assert CasePlan.objects.get(case=case).goals == "first"


def test_partner_cannot_edit_the_plan(world):
    case = owner_case(world)
    url = reverse("protection:case_plan", args=[case.pk])
    assert login(world.partner).get(url).status_code == 403
    assert login(world.outsider).get(url).status_code == 404


def test_entitlements_are_paid_with_their_amounts(world):
    case = owner_case(world)
    url = reverse("protection:case_service", args=[case.pk])
    client = login(world.owner)
    today = timezone.localdate().isoformat()
    client.post(url, {"area": "economic", "entitlement": "food_allowance", "delivered_on": today})
    for _ in range(4):
        client.post(
            url, {"area": "economic", "entitlement": "living_stipend", "delivered_on": today}
        )
    amounts = sorted(ServiceDelivery.objects.values_list("entitlement", "amount_riel"))
    assert amounts == [("food_allowance", 150_000)] + [("living_stipend", 120_000)] * 3


def test_second_food_allowance_and_wrong_amount_are_refused(world):
    case = owner_case(world)
    kwargs = {"area": "economic", "delivered_on": date(2026, 1, 2)}
    services.record_service(world.owner, case, entitlement="food_allowance", **kwargs)
    with pytest.raises(Refused):
        services.record_service(world.owner, case, entitlement="food_allowance", **kwargs)
    with pytest.raises(Refused):
        services.record_service(
            world.owner, case, entitlement="living_stipend", amount_riel=5, **kwargs
        )


def test_other_services_are_recorded_by_area(world):
    case = owner_case(world)
    url = reverse("protection:case_service", args=[case.pk])
    login(world.owner).post(url, {"area": "medical", "delivered_on": "2026-01-03", "note": "x-ray"})
    delivery = ServiceDelivery.objects.get()
    assert (delivery.area, delivery.entitlement, delivery.note) == ("medical", "", "x-ray")


def test_follow_up_is_scheduled_and_recorded(world):
    case = owner_case(world, opened_on=date(2019, 6, 1))
    client = login(world.owner)
    client.post(reverse("protection:case_follow_up", args=[case.pk]), {"due_on": "2026-02-01"})
    follow_up = FollowUp.objects.get()
    url = reverse("protection:follow_up_done", args=[follow_up.pk])
    client.post(url, {"done_on": "2026-02-02", "outcome": "stable", "note": "working"})
    follow_up.refresh_from_db()
    assert (follow_up.outcome, follow_up.done_by) == ("stable", world.owner)
    assert not follow_up.is_overdue(date(2030, 1, 1))


def test_overdue_means_due_date_passed_and_not_done(world):
    case = owner_case(world, opened_on=date(2019, 6, 1))
    today = timezone.localdate()
    past = services.schedule_follow_up(world.owner, case, due_on=today - timedelta(days=1))
    services.schedule_follow_up(world.owner, case, due_on=today + timedelta(days=1))
    done = services.schedule_follow_up(world.owner, case, due_on=today - timedelta(days=3))
    services.record_follow_up(world.owner, done, done_on=today, outcome="stable")
    assert list(FollowUp.objects.overdue(today)) == [past]


def test_open_case_needs_identification_and_only_one_per_agency(world):
    url = reverse("protection:case_open", args=[world.person.pk])
    login(world.partner).post(url)
    assert not world.person.protection_cases.exists()
    identify(world)
    login(world.partner).post(url)
    login(world.partner).post(url)
    assert world.person.protection_cases.filter(agency=world.partner_agency).count() == 1
    assert login(world.outsider).post(url).status_code == 404


def test_case_page_shows_plan_services_follow_ups_and_history(world):
    case = owner_case(world, opened_on=date(2019, 6, 1))
    services.save_plan(world.owner, case, needs=["legal_aid"], goals="Court", expected_version=1)
    services.record_service(
        world.owner,
        case,
        area="economic",
        entitlement="living_stipend",
        delivered_on=date(2026, 1, 2),
    )
    services.schedule_follow_up(world.owner, case, due_on=date(2020, 1, 1), purpose="first visit")
    services.change_stage(world.owner, case, "recovery", reason="settled in")
    body = login(world.partner).get(reverse("protection:case_detail", args=[case.pk])).content
    text = body.decode()
    for expected in ("Legal aid", "120,000", "first visit", "overdue", "settled in", "Recovery"):
        assert expected in text
    assert "Close case" not in text
    owner_text = login(world.owner).get(reverse("protection:case_detail", args=[case.pk]))
    assert "Close case" in owner_text.content.decode()


def test_each_form_on_the_case_page_labels_its_own_fields(world):
    """Several forms share field names (note, done on...); their ids must not collide."""
    case = owner_case(world, opened_on=date(2019, 6, 1))
    for purpose in ("first visit", "second visit"):
        services.schedule_follow_up(world.owner, case, due_on=date(2020, 1, 1), purpose=purpose)
    body = login(world.owner).get(reverse("protection:case_detail", args=[case.pk]))
    html = body.content.decode()
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), sorted(i for i in set(ids) if ids.count(i) > 1)
    for target in re.findall(r'<label for="([^"]+)"', html):
        assert target in ids
    assert html.count('name="note"') == 4  # the service, two visits and the closing note


def test_case_is_handed_to_another_case_worker_of_the_agency(world):
    case = owner_case(world)
    colleague = make_user(Role.CASE_WORKER, world.owner_agency, username="colleague")
    url = reverse("protection:case_assign", args=[case.pk])
    response = login(world.owner).post(url, {"case_worker": colleague.pk}, follow=True)
    case.refresh_from_db()
    assert case.case_worker == colleague
    assert "The case is now with colleague." in response.content.decode()
    assert AuditEvent.objects.filter(action="case.assigned", object_id=str(case.pk)).exists()


@pytest.mark.parametrize("who", ["partner", "outsider"])
def test_a_case_cannot_go_to_another_agencys_worker_or_be_taken_over(world, who):
    case = owner_case(world)
    stranger = make_user(Role.CASE_WORKER, getattr(world, f"{who}_agency"))
    url = reverse("protection:case_assign", args=[case.pk])
    login(world.owner).post(url, {"case_worker": stranger.pk})
    case.refresh_from_db()
    assert case.case_worker == world.owner
    response = login(stranger).post(url, {"case_worker": stranger.pk})
    assert response.status_code in (403, 404)
    case.refresh_from_db()
    assert case.case_worker == world.owner


def test_closing_asks_to_confirm_first_and_cancelling_leaves_the_case_open(world):
    case = owner_case(world)
    url = reverse("protection:case_close", args=[case.pk])
    response = login(world.owner).post(url, {"closure_reason": "reintegrated", "note": "Takeo"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Yes, close the case" in html
    assert 'name="confirmed" value="yes"' in html
    assert 'name="closure_reason" value="reintegrated"' in html
    case.refresh_from_db()
    assert case.closed_at is None


def test_a_refused_service_keeps_what_was_typed(world):
    case = owner_case(world)
    url = reverse("protection:case_service", args=[case.pk])
    client = login(world.owner)
    sent = {
        "area": "medical",
        "entitlement": "food_allowance",
        "amount_riel": "200000",
        "delivered_on": "2026-01-03",
        "note": "paid at the clinic",
    }
    response = client.post(url, sent)
    body = response.content.decode()
    assert response.status_code == 400
    assert not ServiceDelivery.objects.exists()
    assert "paid at the clinic" in body and 'value="200000"' in body
    assert re.search(r'<option value="medical" selected>', body)
    assert "<details open>" in body


def test_a_visit_without_a_date_keeps_its_purpose(world):
    case = owner_case(world)
    url = reverse("protection:case_follow_up", args=[case.pk])
    shown = AuditEvent.objects.filter(action="case.viewed").count()
    response = login(world.owner).post(url, {"due_on": "", "purpose": "school visit"})
    assert response.status_code == 400
    # The page shown again names the person: it is a read like the case page.
    assert AuditEvent.objects.filter(action="case.viewed").count() == shown + 1
    assert 'value="school visit"' in response.content.decode()
    assert not FollowUp.objects.exists()


@pytest.mark.parametrize(
    ("language", "said"),
    [("en", "The date cannot be in the future."), ("km", "កាលបរិច្ឆេទមិនអាចជាថ្ងៃអនាគតបានទេ។")],
)
def test_a_visit_recorded_in_the_future_is_refused_beside_its_date_keeping_the_note(
    world, language, said
):
    case = owner_case(world)
    visit = services.schedule_follow_up(world.owner, case, due_on=timezone.localdate())
    client = login(world.owner)
    client.cookies["django_language"] = language
    url = reverse("protection:follow_up_done", args=[visit.pk])
    sent = {"done_on": "2031-01-01", "outcome": "stable", "note": "met her mother too"}
    response = client.post(url, sent)
    body = response.content.decode()
    assert response.status_code == 400
    assert said in body and "met her mother too" in body
    assert f'id="visit-{visit.pk}-done_on"' in body
    visit.refresh_from_db()
    assert visit.done_on is None


def test_a_visit_cannot_be_due_or_made_before_the_case_was_opened(world):
    case = owner_case(world, opened_on=date(2026, 3, 2))
    url = reverse("protection:case_follow_up", args=[case.pk])
    response = login(world.owner).post(url, {"due_on": "2019-01-01", "purpose": "home visit"})
    body = response.content.decode()
    assert response.status_code == 400
    assert "A visit cannot be due before the case was opened, on 2026-03-02." in body
    assert 'value="home visit"' in body and not FollowUp.objects.exists()
    with pytest.raises(Refused):
        services.schedule_follow_up(world.owner, case, due_on=date(2026, 3, 1))
    visit = services.schedule_follow_up(world.owner, case, due_on=date(2026, 3, 2))
    with pytest.raises(Refused, match="made before the case was opened"):
        services.record_follow_up(world.owner, visit, done_on=date(2026, 3, 1), outcome="stable")


def test_a_visit_due_years_ahead_is_refused_beside_its_field(world):
    """A visit due in 9999 (a mistyped year) was scheduled: it is never overdue, so never
    seen on anybody's list of visits to make."""
    case = owner_case(world)
    url = reverse("protection:case_follow_up", args=[case.pk])
    response = login(world.owner).post(url, {"due_on": "9999-12-31", "purpose": "home visit"})
    body = response.content.decode()
    assert response.status_code == 400
    assert "The date cannot be later than" in body and 'value="home visit"' in body
    assert not FollowUp.objects.exists()
    with pytest.raises(Refused, match="cannot be later than"):
        services.schedule_follow_up(world.owner, case, due_on=date(9999, 12, 31))
    assert not FollowUp.objects.exists()


def test_a_stage_change_or_a_closing_refused_keeps_what_was_typed(world):
    case = owner_case(world)
    client = login(world.owner)
    url = reverse("protection:case_stage", args=[case.pk])
    response = client.post(url, {"stage": "nowhere", "reason": "moved to her aunt's"})
    body = response.content.decode()
    assert response.status_code == 400
    assert 'value="moved to her aunt&#x27;s"' in body and 'id="stage-stage_error"' in body
    url = reverse("protection:case_close", args=[case.pk])
    response = client.post(url, {"closure_reason": "", "note": "back at school"})
    body = response.content.decode()
    assert response.status_code == 400
    assert 'value="back at school"' in body and 'id="close-closure_reason_error"' in body
    case.refresh_from_db()
    assert case.closed_at is None
