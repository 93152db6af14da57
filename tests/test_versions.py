"""Lost edits are refused the same way on every page: the record someone else saved first is
named, one sentence says the input is kept, and the form carries the version saved now; a page
sent without its version is out of date, not an edit of version 0."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from rumdoh.people import services as people
from rumdoh.protection import services as protection
from rumdoh.protection.models import CasePlan
from tests.conftest import login
from tests.protection.helpers import owner_case

pytestmark = pytest.mark.django_db

KEPT = "Your changes are still in the form below, not saved: check the record in another tab"
OUT_OF_DATE = escape("This page is out of date: open it again before saving.")


def person_form(**changes: str) -> dict[str, str]:
    data = {
        "given_name": "Sokhaa",
        "family_name": "Chan",
        "sex": "female",
        "nationality": "KH",
        "province": "01",
        "version": "1",
    }
    return {**data, **changes}


def test_a_person_saved_by_someone_else_keeps_the_input_at_the_version_saved_now(world):
    people.update_person(world.owner, world.person, {"village": "Kbal Spean"}, expected_version=1)
    url = reverse("people:edit", args=[world.person.pk])
    body = login(world.owner).post(url, person_form()).content.decode()
    assert "Someone else saved this record while you were editing it." in body
    assert KEPT in body and "Sokhaa" in body
    assert 'name="version" value="2"' in body


def test_a_person_page_sent_without_its_version_saves_nothing(world):
    url = reverse("people:edit", args=[world.person.pk])
    data = person_form()
    del data["version"]
    page = login(world.owner).post(url, data)
    assert page.status_code == 200 and OUT_OF_DATE in page.content.decode()
    world.person.refresh_from_db()
    assert world.person.given_name == "Sokha" and world.person.version == 1


def test_recording_a_new_person_asks_for_no_version(world):
    page = login(world.owner).post(reverse("people:create"), person_form(version=""))
    assert page.status_code == 302


def test_a_plan_saved_by_someone_else_keeps_the_input_with_the_same_sentence(world):
    case = owner_case(world)
    protection.save_plan(world.owner, case, needs=["medical"], goals="first", expected_version=1)
    url = reverse("protection:case_plan", args=[case.pk])
    stale = {"needs": ["housing"], "goals": "second", "version": "1"}
    body = login(world.owner).post(url, stale).content.decode()
    assert "Someone else saved this plan while you were editing it." in body
    assert KEPT in body and 'name="version" value="2"' in body
    assert CasePlan.objects.get(case=case).goals == "first"
