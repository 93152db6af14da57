"""A case entered days after it was opened shows the day it was opened, as typed on the form,
and when it was entered beside it; the API gives both. And the forms that choose a suspect name
them the same way."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from rumdoh.justice.models import CriminalCase
from tests.conftest import login

pytestmark = pytest.mark.django_db


def opened_late(jw) -> tuple[CriminalCase, str, str]:
    """A case opened a week ago and entered today, through the page."""
    typed = timezone.localdate() - timedelta(days=7)
    data = {
        "origin": "report",
        "province": "12",
        "summary": "A mother reports her daughter held in a karaoke bar",
        "opened_on": typed.isoformat(),
    }
    assert login(jw.police).post(reverse("justice:case_new"), data).status_code == 302
    return CriminalCase.objects.get(), f"{typed:%Y-%m-%d}", f"{timezone.localdate():%Y-%m-%d}"


def opened_fact(page: str) -> str:
    found = re.search(r"<dt>Opened</dt><dd>(.*?)</dd>", page, re.S)
    assert found, "the case page shows no opening date"
    return found.group(1)


def test_the_case_page_shows_the_day_typed_and_when_it_was_entered(jw):
    case, typed, entered = opened_late(jw)
    assert case.opened_on.isoformat() == typed
    page = login(jw.police).get(reverse("justice:case_detail", args=[case.pk])).content.decode()
    shown = opened_fact(page)
    assert shown.startswith(typed) and f"(entered on {entered})" in shown
    khmer = login(jw.police)
    khmer.cookies["django_language"] = "km"
    page = khmer.get(reverse("justice:case_detail", args=[case.pk])).content.decode()
    assert f"(បានបញ្ចូលក្នុងប្រព័ន្ធនៅថ្ងៃ {entered})" in page


def test_a_case_entered_the_day_it_was_opened_shows_the_day_once(jw):
    case = jw.open_case()
    page = login(jw.police).get(reverse("justice:case_detail", args=[case.pk])).content.decode()
    assert opened_fact(page) == f"{timezone.localdate():%Y-%m-%d}"


def test_the_api_gives_the_day_typed_beside_the_moment_entered(jw):
    case, typed, entered = opened_late(jw)
    client = APIClient()
    client.force_authenticate(jw.police, token="token")
    one = client.get(f"/api/v1/criminal-cases/{case.pk}/").json()
    listed = client.get("/api/v1/criminal-cases/").json()["results"][0]
    for data in (one, listed):
        assert data["opened_on"] == typed and data["opened_at"].startswith(entered[:4])
    body = {"origin": "raid", "province": "12", "summary": "Raid", "opened_on": typed}
    created = client.post("/api/v1/criminal-cases/", body, format="json").json()
    assert created["opened_on"] == typed


def suspect_choices(page: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}".*?</select>', page, re.S)
    assert select, f"no {name} choice on the page"
    return re.findall(r'<option value="\d+"[^>]*>(.*?)</option>', select.group())


def test_recommending_a_charge_names_the_suspect_as_the_arrest_form_does(jw):
    case = jw.open_case()
    suspect = jw.suspect(case)
    client = login(jw.police)
    arrest = client.get(reverse("justice:arrest_new", args=[case.pk])).content.decode()
    charge = client.get(reverse("justice:charge_add", args=[case.pk])).content.decode()
    named = [f"{suspect.reference} {suspect.display_name}"]
    assert suspect_choices(arrest, "suspect") == suspect_choices(charge, "suspect") == named
