"""Staff pages of tips: who reaches them, and each step from recording to the outcome."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from rumdoh.accounts.models import AuditEvent
from rumdoh.intake import services
from rumdoh.intake.choices import Outcome, Status
from rumdoh.intake.models import Tip
from rumdoh.operations.services import create_operation
from rumdoh.portal.navigation import HOME_FOR_ROLE, menu_for
from tests.conftest import login


def test_the_hotline_operator_starts_at_the_tips_and_sees_them_in_the_menu(tips):
    assert HOME_FOR_ROLE["hotline_operator"] == "intake:list"
    labels = [str(item.label) for item in menu_for(tips.operator, "/tips/")]
    assert "Tips" in labels


def test_recording_a_tip_from_the_page(tips):
    client = login(tips.operator)
    response = client.post(
        "/tips/new/",
        {
            "channel": "telegram",
            "summary": "Three workers asking for help from a fishing boat",
            "concern": "forced_labour",
            "urgency": "urgent",
            "province": "09",
        },
    )
    tip = Tip.objects.get()
    assert response.status_code == 302 and response.url == f"/tips/{tip.pk}/"
    assert tip.recording_agency == tips.hotline_agency and tip.urgency == "urgent"
    page = client.get(f"/tips/{tip.pk}/").content.decode()
    assert "fishing boat" in page
    assert AuditEvent.objects.filter(action="tip.viewed", object_id=str(tip.pk)).exists()


def test_triage_assign_and_close_from_the_pages(tips):
    tip = tips.tip()
    operator = login(tips.operator)
    r = operator.post(
        f"/tips/{tip.pk}/triage/", {"urgency": "urgent", "concern": "child", "version": 1}
    )
    assert r.status_code == 302
    r = operator.post(f"/tips/{tip.pk}/assign/", {"agency": tips.police_agency.pk, "version": 2})
    assert r.status_code == 302
    raid = create_operation(
        tips.investigator, {"kind": "raid", "held_on": date(2026, 6, 1), "province": "12"}
    )
    investigator = login(tips.investigator)
    missing = investigator.post(
        f"/tips/{tip.pk}/outcome/", {"outcome": "operation", "record": raid.pk + 1, "version": 3}
    )
    assert "No such rescue operation that you may see." in missing.content.decode()
    r = investigator.post(
        f"/tips/{tip.pk}/outcome/", {"outcome": "operation", "record": raid.pk, "version": 3}
    )
    assert r.status_code == 302
    tip.refresh_from_db()
    assert tip.status == Status.CLOSED and tip.operation_id == raid.pk


def test_a_stale_triage_keeps_the_input_and_says_so(tips):
    tip = tips.tip()
    services.triage(tips.operator, tip, urgency="urgent", concern="child", version=1)
    client = login(tips.operator)
    r = client.post(
        f"/tips/{tip.pk}/triage/", {"urgency": "normal", "concern": "other", "version": 1}
    )
    assert r.status_code == 400
    assert "Someone else saved" in r.content.decode()


def test_no_action_without_reason_is_refused_on_the_page(tips):
    tip = tips.tip()
    r = login(tips.operator).post(
        f"/tips/{tip.pk}/outcome/", {"outcome": "no_action", "version": 1}
    )
    html = r.content.decode()
    assert r.status_code == 400 and "Say why no action is taken." in html
    # Beside the reason it asks for, not above the form.
    assert re.search(r'id="id_reason_error"[^>]*>\s*<li>Say why no action is taken.', html)
    tip.refresh_from_db()
    assert tip.outcome == ""


def test_a_tip_received_in_the_future_is_refused_beside_its_date_keeping_the_summary(tips):
    r = login(tips.operator).post(
        "/tips/new/",
        {
            "channel": "ahjpd_hotline",
            "received_at": "2099-01-01T10:00",
            "summary": "Two boys on a fishing boat",
            "concern": "other",
            "urgency": "normal",
        },
    )
    html = r.content.decode()
    assert r.status_code in (200, 400) and not Tip.objects.exists()
    assert re.search(r'id="id_received_at_error"[^>]*>\s*<li>A tip cannot be received', html)
    assert "Two boys on a fishing boat" in html


def test_a_refused_form_of_a_tip_comes_back_scrolled_to_its_message(tips):
    # The three forms of a tip sit one under the other; the page answering one of them opens
    # at that form, where its message is, not at the top where nothing seems to have happened.
    tip = tips.tip()
    html = (
        login(tips.operator)
        .post(f"/tips/{tip.pk}/outcome/", {"outcome": "no_action", "version": 1})
        .content.decode()
    )
    for step, section in (("triage", "triage"), ("assign", "assign"), ("outcome", "close")):
        assert f'action="/tips/{tip.pk}/{step}/#{section}"' in html
        assert f'id="{section}"' in html
    saved = login(tips.operator).post(
        f"/tips/{tip.pk}/triage/", {"urgency": "urgent", "concern": "other", "version": 1}
    )
    assert saved.status_code == 302 and saved.url == f"/tips/{tip.pk}/#main"


def test_the_outsider_gets_404_and_a_role_without_tips_403(tips):
    tip = tips.tip()
    assert login(tips.outsider).get(f"/tips/{tip.pk}/").status_code == 404
    assert (
        login(tips.outsider)
        .post(f"/tips/{tip.pk}/outcome/", {"outcome": "no_action", "reason": "false", "version": 1})
        .status_code
        == 404
    )
    from rumdoh.accounts.rules.roles import Role
    from tests.conftest import make_user

    analyst = make_user(Role.NCCT_ANALYST, tips.hotline_agency)
    assert login(analyst).get("/tips/").status_code == 403


def test_the_list_filters_searches_and_pages(tips):
    old = tips.tip(received_at=timezone.now() - timedelta(days=20))
    urgent = tips.tip(urgency="urgent", channel="facebook")
    closed = tips.tip()
    services.record_outcome(tips.operator, closed, Outcome.NO_ACTION, reason="false", version=1)
    client = login(tips.operator)

    def refs(query: str) -> set[str]:
        html = client.get(f"/tips/?{query}").content.decode()
        return {t.reference for t in (old, urgent, closed) if t.reference in html}

    assert refs("") == {old.reference, urgent.reference, closed.reference}
    assert refs("overdue=on") == {old.reference}
    assert refs("channel=facebook") == {urgent.reference}
    assert refs("status=closed") == {closed.reference}
    assert refs(f"q={urgent.reference}") == {urgent.reference}
    for _ in range(26):
        tips.tip()
    assert (
        'rel="next"' in client.get("/tips/").content.decode()
        or "page=2" in client.get("/tips/").content.decode()
    )


@pytest.mark.parametrize("language", ["km", "en"])
def test_the_tip_pages_speak_khmer_and_english(tips, language):
    tip = tips.tip()
    client = login(tips.operator)
    client.cookies["django_language"] = language
    html = client.get(f"/tips/{tip.pk}/").content.decode()
    assert ("កត់ត្រាលទ្ធផល" if language == "km" else "Record the outcome") in html


@pytest.mark.parametrize(
    ("language", "said"),
    [("km", "គ្មានអ្នករាយការណ៍ត្រូវបានកត់ត្រាទេ។"), ("en", "No reporter was recorded.")],
)
def test_a_tip_without_a_reporter_says_none_was_recorded(tips, language, said):
    client = login(tips.operator)
    client.cookies["django_language"] = language
    html = client.get(f"/tips/{tips.tip().pk}/").content.decode()
    assert f"<dd>{said}</dd>" in html
    named = tips.tip(reporter_name="Sok Dara")
    html = client.get(f"/tips/{named.pk}/").content.decode()
    assert "<dd>Sok Dara</dd>" in html


def test_the_list_costs_the_same_queries_however_many_tips(tips):
    from tests.querycount import assert_flat

    tips.tip()
    client = login(tips.operator)

    def grow() -> list[str]:
        made = [tips.tip() for _ in range(5)]
        services.assign(tips.operator, made[0], tips.police_agency, version=1)
        return [t.reference for t in made]

    assert_flat(client, "/tips/", grow)


def test_a_tip_recorded_from_a_persons_page_is_about_them(tips):
    from tests.conftest import make_person

    person = make_person(tips.investigator)
    client = login(tips.investigator)
    page = client.get(f"/tips/new/?person={person.pk}")
    assert page.status_code == 200 and person.reference in page.content.decode()
    client.post(
        f"/tips/new/?person={person.pk}",
        {
            "channel": "walk_in",
            "summary": "Her brother is still there",
            "concern": "trafficking",
            "urgency": "normal",
        },
    )
    assert Tip.objects.get().person == person
    assert login(tips.operator).get(f"/tips/new/?person={person.pk}").status_code == 404


def test_linking_the_person_later_is_for_the_holder_who_sees_them(tips):
    from rumdoh.core.errors import NotAllowed
    from tests.conftest import make_person

    tip = tips.tip()
    tip = services.assign(tips.operator, tip, tips.police_agency, version=1)
    person = make_person(tips.investigator)
    with pytest.raises(NotAllowed):
        services.link_person(tips.operator, tip, person, version=tip.version)
    tip = services.link_person(tips.investigator, tip, person, version=tip.version)
    assert tip.person == person


@pytest.mark.parametrize(("language", "said"), [("km", "មិនដឹង"), ("en", "Not known")])
def test_a_tip_without_a_place_says_where_is_not_known(tips, language, said):
    client = login(tips.operator)
    client.cookies["django_language"] = language
    html = client.get(f"/tips/{tips.tip(place='', province='').pk}/").content.decode()
    assert f"<dd>{said}</dd>" in html and "— · —" not in html
    html = client.get(f"/tips/{tips.tip(place='Karaoke Star', province='').pk}/").content.decode()
    assert "<dd>Karaoke Star</dd>" in html
