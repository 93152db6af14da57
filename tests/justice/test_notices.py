"""The notification inbox: only one's own, marked read on opening, safe links only."""

import pytest
from django.urls import reverse

from rumdoh.notices import kinds
from rumdoh.notices.models import Notification
from rumdoh.notices.services import notify, unread
from tests.conftest import login
from tests.list_filters import NOT_A_CHOICE, assert_refused

pytestmark = pytest.mark.django_db


def test_inbox_lists_ones_own_notifications_and_opens_them(jw, world):
    case, _suspect, _charge = jw.charged_case()
    client = login(world.owner)
    body = client.get(reverse("notices:inbox")).content.decode()
    assert f"Case {case.reference} has been charged by the prosecutor." in body
    mine = Notification.objects.filter(recipient=world.owner).first()
    response = client.post(reverse("notices:open", args=[mine.pk]))
    assert response.url == reverse("justice:case_detail", args=[case.pk])
    mine.refresh_from_db()
    assert mine.read_at is not None
    someone_elses = Notification.objects.exclude(recipient=world.owner).first()
    assert client.post(reverse("notices:open", args=[someone_elses.pk])).status_code == 404


def test_mark_all_read(jw, world):
    jw.charged_case()
    client = login(world.owner)
    assert unread(world.owner).exists()
    client.post(reverse("notices:read_all"))
    assert not unread(world.owner).exists()
    assert (
        "No notifications." in client.get(reverse("notices:inbox") + "?unread=1").content.decode()
    )


def test_a_notification_never_sends_the_reader_off_site(world):
    notify([world.owner], "justice.charged", {"case": "J-000001"}, "https://evil.example/")
    client = login(world.owner)
    pk = Notification.objects.get().pk
    assert client.post(reverse("notices:open", args=[pk])).url == reverse("notices:inbox")


def test_messages_are_written_in_the_readers_language(world):
    notify([world.owner], "justice.charged", {"case": "J-000007"}, "")
    note = Notification.objects.get()
    assert note.message == "Case J-000007 has been charged by the prosecutor."
    assert kinds.render("unknown.kind", {}) == "unknown.kind"


def test_api_lists_and_reads_ones_notifications(jw, world):
    from rest_framework.test import APIClient

    jw.charged_case()
    client = APIClient()
    client.force_authenticate(world.owner)
    rows = client.get("/api/v1/notifications/").json()["results"]
    assert rows and all("J-" in row["message"] for row in rows)
    read = client.post(f"/api/v1/notifications/{rows[0]['id']}/read/").json()
    assert read["read_at"] is not None
    other = Notification.objects.exclude(recipient=world.owner).first()
    assert client.post(f"/api/v1/notifications/{other.pk}/read/").status_code == 404


def test_social_affairs_of_the_province_hear_of_charges_and_hearings_within_consent(jw, world):
    from datetime import date, timedelta

    from django.utils import timezone

    from rumdoh.accounts.models import AgencyKind
    from rumdoh.accounts.rules.roles import Role
    from rumdoh.justice import court
    from rumdoh.people import services as people
    from rumdoh.people.models import ConsentScope
    from tests.conftest import make_agency, make_user

    dosvy = make_agency("Banteay Meanchey Social Affairs", AgencyKind.PROVINCIAL_DEPARTMENT, "01")
    elsewhere = make_agency("Kampot Social Affairs", AgencyKind.PROVINCIAL_DEPARTMENT, "07")
    unshared = make_agency("Oddar Meanchey Social Affairs", AgencyKind.PROVINCIAL_DEPARTMENT, "01")
    worker = make_user(Role.CASE_WORKER, dosvy, "dosvy")
    far = make_user(Role.CASE_WORKER, elsewhere, "kampot_sa")
    blind = make_user(Role.CASE_WORKER, unshared, "no_consent_sa")
    for agency in (dosvy, elsewhere):
        people.record_consent(
            world.owner,
            jw.person,
            scope=ConsentScope.SHARE,
            method="signed",
            given_on=date(2026, 1, 7),
            agency=agency,
        )
    case, _suspect, _charge = jw.charged_case()  # the case is in province 01
    charged = Notification.objects.filter(kind="justice.charged")
    assert charged.filter(recipient=worker).exists()
    assert not charged.filter(recipient__in=[far, blind]).exists()
    jw.to_trial(case)
    court.schedule_hearing(
        jw.clerk, case, kind="trial", scheduled_for=timezone.now() + timedelta(days=5)
    )
    hearing = Notification.objects.filter(kind="justice.hearing_scheduled")
    assert hearing.filter(recipient=worker).count() == 1
    assert not hearing.filter(recipient__in=[far, blind]).exists()


def test_a_closed_case_is_told_in_each_readers_language(jw, world):
    from django.utils import translation

    from rumdoh.justice import services
    from rumdoh.notices.kinds import render

    case, _suspect, _charge = jw.convicted()
    with translation.override("km"):  # the clerk works in Khmer
        services.change_stage(jw.clerk, case, "final", closure="judgment_final")
    told = Notification.objects.get(recipient=world.owner, kind="justice.closed")
    assert told.params["closure"] == "judgment_final"
    with translation.override("en"):
        assert "Judgment became final" in render(told.kind, told.params)


def _inbox(client, **query):
    response = client.get(reverse("notices:inbox"), query)
    assert response.status_code == 200
    return response


def test_the_inbox_filters_by_what_a_notification_is_about_and_by_unread(world):
    notify([world.owner], "justice.charged", {"case": "J-000007"}, "")
    notify([world.owner], "labour.referred", {}, "")
    notify([world.owner], "crossborder.request_late", {}, "")
    late = Notification.objects.get(kind="crossborder.request_late")
    client = login(world.owner)
    client.post(reverse("notices:open", args=[late.pk]))

    def kinds_listed(**query):
        return sorted(n.kind for n in _inbox(client, **query).context["page"])

    assert kinds_listed(area="justice") == ["justice.charged"]
    assert kinds_listed(area="crossborder") == ["crossborder.request_late"]
    assert kinds_listed(area="crossborder", unread="on") == []
    assert kinds_listed(unread="1") == ["justice.charged", "labour.referred"]
    assert len(kinds_listed()) == 3


@pytest.mark.parametrize(
    ("language", "said"),
    [("en", "Select a valid choice"), ("km", "សូមជ្រើសរើសជម្រើសដែលត្រឹមត្រូវ")],
)
def test_the_inbox_says_what_it_cannot_filter_by(world, language, said):
    notify([world.owner], "justice.charged", {"case": "J-000007"}, "")
    client = login(world.owner)
    client.cookies["django_language"] = language
    html = _inbox(client, area="weather").content.decode()
    assert said in html and "errorlist" in html


def test_the_inbox_offers_the_areas_in_khmer(world):
    client = login(world.owner)
    client.cookies["django_language"] = "km"
    html = _inbox(client).content.decode()
    assert "សំណុំរឿងព្រហ្មទណ្ឌ" in html and "Criminal cases" not in html


def test_the_next_page_of_the_inbox_keeps_its_filters(world, settings):
    for number in range(30):
        notify([world.owner], "justice.charged", {"case": f"J-{number:06d}"}, "")
    html = _inbox(login(world.owner), area="justice", unread="on").content.decode()
    assert "area=justice" in html and "unread=on" in html and "page=2" in html


API = "/api/v1/notifications/"


def test_the_api_lists_what_the_inbox_lists_for_a_filter(world):
    notify([world.owner], "justice.charged", {"case": "J-000007"}, "")
    notify([world.owner], "labour.referred", {}, "")
    notify([world.owner], "crossborder.request_late", {}, "")
    client = login(world.owner)
    client.post(reverse("notices:read_all"))
    notify([world.owner], "justice.verdict", {"case": "J-000007"}, "")
    for query in ({}, {"area": "justice"}, {"unread": "true"}, {"area": "labour", "unread": "1"}):
        page = [n.pk for n in _inbox(client, **query).context["page"]]
        answer = client.get(API, query)
        assert answer.status_code == 200, answer.content
        assert [n["id"] for n in answer.json()["results"]] == page, query
    assert len(client.get(API, {"area": "justice"}).json()["results"]) == 2


@pytest.mark.parametrize("language", ["en", "km"])
def test_the_api_refuses_an_area_it_does_not_know_in_the_readers_language(world, language):
    answer = login(world.owner).get(API, {"area": "weather"}, HTTP_ACCEPT_LANGUAGE=language)
    assert_refused(answer, "area", NOT_A_CHOICE, "invalid_choice", language, "weather")


def test_marking_one_read_through_the_api_ignores_list_filters(world):
    notify([world.owner], "justice.charged", {"case": "J-000007"}, "")
    pk = Notification.objects.get().pk
    answer = login(world.owner).post(f"{API}{pk}/read/?area=weather&unread=maybe")
    assert answer.status_code == 200, answer.content
    assert answer.json()["read_at"]


def test_every_area_that_notifies_says_what_it_is_about():
    """Each app that registers kinds of notification registers what they are about, so the
    inbox never offers a bare code to filter by."""
    areas = dict(kinds.areas())
    assert {kinds.area_of(kind) for kind in kinds.registered()} == set(areas)
    assert [area for area, label in areas.items() if str(label) == area] == []
