"""The notification inbox: only one's own, marked read on opening, safe links only."""

import pytest
from django.urls import reverse

from rumdoh.notices import kinds
from rumdoh.notices.models import Notification
from rumdoh.notices.services import notify, unread
from tests.conftest import login

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
