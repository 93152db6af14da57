"""No lost edits: two people edit the same record, the second is refused and nothing of the
first is overwritten; on a page the second keeps what they typed, through the API a 409."""

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape
from rest_framework.test import APIClient

from rumdoh.accounts.rules.roles import Role
from rumdoh.core.errors import StaleEdit
from rumdoh.justice import services
from rumdoh.justice.forms import SuspectEditForm
from rumdoh.justice.models import CaseVictim, CriminalCase, Suspect
from tests.conftest import login, make_user
from tests.protection.helpers import owner_case

pytestmark = pytest.mark.django_db

CASE_SAVED = "Someone else saved this case while you were editing it."
SUSPECT_SAVED = "Someone else saved this suspect while you were editing it."
VICTIM_SAVED = "Someone else saved this victim's participation and support while you were editing."


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user, token="token")
    return client


def facts_form(case: CriminalCase, **changes: Any) -> dict[str, Any]:
    data = {
        "origin": case.origin,
        "origin_reference": case.origin_reference,
        "province": case.province,
        "exploitation_types": case.exploitation_types,
        "summary": case.summary,
        "investigator": case.investigator_id or "",
        "version": case.version,
    }
    return {**data, **changes}


def suspect_form(suspect: Suspect, **changes: Any) -> dict[str, Any]:
    initial = SuspectEditForm.initial_for(suspect)
    data = {k: "" if v is None else v for k, v in initial.items()}
    return {**data, **changes}


# --- pages --------------------------------------------------------------------------------------


def test_the_second_to_save_the_facts_is_told_and_keeps_their_input(jw):
    case = jw.open_case()
    url = reverse("justice:case_edit", args=[case.pk])
    first, second = login(jw.police), login(jw.supervisor)
    opened = facts_form(case)  # both opened the page at the same version
    assert first.post(url, {**opened, "summary": "Held in Sihanoukville."}).status_code == 302
    page = second.post(url, {**opened, "summary": "Held in Poipet."})
    body = page.content.decode()
    assert page.status_code == 200
    assert CASE_SAVED in body and "Your changes are still in the form below" in body
    assert "Held in Poipet." in body  # the second user's input is kept
    case.refresh_from_db()
    assert case.summary == "Held in Sihanoukville." and case.version == 2
    # Having seen the other change, saving again is a decision, not an accident.
    assert 'name="version" value="2"' in body
    again = second.post(url, {**opened, "summary": "Held in Poipet.", "version": 2})
    assert again.status_code == 302
    case.refresh_from_db()
    assert case.summary == "Held in Poipet." and case.version == 3


@pytest.mark.parametrize("version", [None, "", "abc", "0"])
def test_a_page_sent_without_its_version_says_so_and_keeps_the_input(jw, version):
    case = jw.open_case()
    url = reverse("justice:case_edit", args=[case.pk])
    data = facts_form(case, summary="Held in Poipet.")
    del data["version"]
    if version is not None:
        data["version"] = version
    page = login(jw.police).post(url, data)
    body = page.content.decode()
    assert page.status_code == 200
    assert escape("This page is out of date: open it again before saving.") in body
    assert "Held in Poipet." in body
    case.refresh_from_db()
    assert case.summary != "Held in Poipet."


def test_the_second_to_save_the_internal_notes_is_told(jw):
    case, _suspect, _charge = jw.charged_case()
    deputy = make_user(Role.PROSECUTOR, jw.prosecution_agency, "deputy")
    url = reverse("justice:case_notes", args=[case.pk])
    version = case.version
    first = login(jw.prosecutor).post(url, {"court_notes": "Witness afraid", "version": version})
    assert first.status_code == 302
    page = login(deputy).post(url, {"court_notes": "Lawyer asked for delay", "version": version})
    body = page.content.decode()
    assert page.status_code == 200 and CASE_SAVED in body and "Lawyer asked for delay" in body
    case.refresh_from_db()
    assert case.court_notes == "Witness afraid"


def test_the_notes_form_on_the_case_page_carries_the_version(jw):
    case, _suspect, _charge = jw.charged_case()
    services.update_case(jw.police, case, {"summary": "Moved"}, expected_version=case.version)
    case.refresh_from_db()
    assert case.notes_version != case.version
    page = login(jw.prosecutor).get(reverse("justice:case_detail", args=[case.pk]))
    assert f'name="version" value="{case.notes_version}"' in page.content.decode()


def test_saving_the_notes_does_not_refuse_a_facts_edit_opened_before(jw):
    case, _suspect, _charge = jw.charged_case()
    opened = facts_form(case)  # the police opened the facts page
    notes = {"court_notes": "Witness afraid", "version": case.notes_version}
    assert (
        login(jw.prosecutor).post(reverse("justice:case_notes", args=[case.pk]), notes).status_code
        == 302
    )
    url = reverse("justice:case_edit", args=[case.pk])
    police = login(jw.police)
    assert police.post(url, {**opened, "summary": "Held in Poipet."}).status_code == 302
    page = police.post(url, {**opened, "summary": "Held in Kampot."})  # the same version again
    assert page.status_code == 200 and CASE_SAVED in page.content.decode()
    case.refresh_from_db()
    assert (case.summary, case.court_notes) == ("Held in Poipet.", "Witness afraid")


def test_a_facts_edit_does_not_refuse_the_notes_opened_before(jw):
    case, _suspect, _charge = jw.charged_case()
    read = api(jw.prosecutor).get(f"/api/v1/criminal-cases/{case.pk}/notes/").json()["version"]
    facts = {"summary": "Held in Poipet.", "version": case.version}
    assert (
        api(jw.police).patch(f"/api/v1/criminal-cases/{case.pk}/", facts, format="json").status_code
        == 200
    )
    notes = {"court_notes": "Witness afraid", "version": read}
    put = api(jw.prosecutor).put(f"/api/v1/criminal-cases/{case.pk}/notes/", notes, format="json")
    assert put.status_code == 200 and put.json()["version"] == read + 1
    again = api(jw.prosecutor).put(f"/api/v1/criminal-cases/{case.pk}/notes/", notes, format="json")
    assert again.status_code == 409


def test_the_second_to_save_a_victims_support_is_told(jw):
    case, _suspect, _charge = jw.charged_case()
    victim = case.victims.get()
    url = reverse("justice:victim_edit", args=[victim.pk])
    version = victim.version
    first = login(jw.police).post(url, {"support": ["lawyer"], "version": version})
    assert first.status_code == 302
    page = login(jw.prosecutor).post(
        url, {"participates": "on", "support": ["interpreter"], "version": version}
    )
    assert page.status_code == 200 and escape(VICTIM_SAVED) in page.content.decode()
    victim.refresh_from_db()
    assert (victim.participates, victim.support) == (False, ["lawyer"])


def test_the_second_to_save_a_suspect_is_told_and_keeps_their_input(jw):
    case = jw.open_case()
    suspect = jw.suspect(case)
    colleague = make_user(Role.POLICE_INVESTIGATOR, jw.police_agency, "colleague")
    url = reverse("justice:suspect_edit", args=[suspect.pk])
    opened = suspect_form(suspect)
    assert login(jw.police).post(url, {**opened, "given_name": "Dara"}).status_code == 302
    page = login(colleague).post(url, {**opened, "aliases_text": "Boss Tiger, Uncle Lim"})
    body = page.content.decode()
    assert page.status_code == 200 and SUSPECT_SAVED in body and "Uncle Lim" in body
    suspect.refresh_from_db()
    assert suspect.given_name == "Dara" and suspect.aliases == ["Boss Tiger"]


def test_an_absconding_note_is_not_lost_to_an_edit_opened_before(jw):
    case = jw.open_case()
    suspect = jw.suspect(case)
    opened_at = suspect.version
    services.report_absconded(jw.police, suspect, note="Crossed at Poipet")
    with pytest.raises(StaleEdit):
        services.update_suspect(
            jw.police, suspect, {"notes": "Old notes"}, expected_version=opened_at
        )
    suspect.refresh_from_db()
    assert "Crossed at Poipet" in suspect.notes


def test_saving_a_victim_unchanged_keeps_the_version(jw):
    case, _suspect, _charge = jw.charged_case()
    victim = case.victims.get()
    opened_at = victim.version
    same = {"participates": victim.participates, "support": victim.support}
    services.update_victim(jw.police, victim, **same, expected_version=opened_at)
    victim.refresh_from_db()
    assert victim.version == opened_at  # an edit opened before is not refused for nothing
    services.update_victim(
        jw.police, victim, participates=True, support=["lawyer"], expected_version=opened_at
    )
    victim.refresh_from_db()
    assert victim.version == opened_at + 1


def test_reporting_an_absconder_with_a_note_writes_the_suspect_once(jw):
    case = jw.open_case()
    suspect = jw.suspect(case)
    with CaptureQueriesContext(connection) as queries:
        services.report_absconded(jw.police, suspect, note="Crossed at Poipet")
    table = Suspect._meta.db_table
    writes = [
        q
        for q in queries
        if q["sql"].startswith("UPDATE") and f'"{table}"' in q["sql"].split("SET")[0]
    ]
    assert len(writes) == 1
    suspect.refresh_from_db()
    assert suspect.status == "absconded" and "Crossed at Poipet" in suspect.notes


# --- API ----------------------------------------------------------------------------------------


def test_the_second_to_patch_the_facts_gets_409_and_nothing_is_overwritten(jw):
    case = jw.open_case()
    url = f"/api/v1/criminal-cases/{case.pk}/"
    read = api(jw.police).get(url).json()["version"]
    first = api(jw.police).patch(url, {"summary": "First", "version": read}, format="json")
    assert first.status_code == 200 and first.json()["version"] == read + 1
    second = api(jw.supervisor).patch(url, {"summary": "Second", "version": read}, format="json")
    assert second.status_code == 409 and second.json() == {"detail": CASE_SAVED}
    case.refresh_from_db()
    assert case.summary == "First"


def test_the_second_to_put_the_notes_gets_409(jw):
    case, _suspect, _charge = jw.charged_case()
    url = f"/api/v1/criminal-cases/{case.pk}/notes/"
    read = api(jw.prosecutor).get(url).json()["version"]
    deputy = make_user(Role.PROSECUTOR, jw.prosecution_agency, "deputy")
    ok = api(jw.prosecutor).put(url, {"court_notes": "First", "version": read}, format="json")
    assert ok.status_code == 200
    stale = api(deputy).put(url, {"court_notes": "Second", "version": read}, format="json")
    assert stale.status_code == 409 and stale.json() == {"detail": CASE_SAVED}
    case.refresh_from_db()
    assert case.court_notes == "First"


def test_the_second_to_patch_a_victim_gets_409(jw):
    case, victim = jw.case_with_victim()
    url = f"/api/v1/victims/{victim.pk}/"
    listed = api(jw.police).get(f"/api/v1/criminal-cases/{case.pk}/victims/").json()
    read = listed[0]["version"]
    assert api(jw.police).patch(url, {"support": ["lawyer"], "version": read}).status_code == 200
    stale = api(jw.police).patch(url, {"participates": False, "version": read}, format="json")
    assert stale.status_code == 409 and stale.json() == {"detail": VICTIM_SAVED}
    victim.refresh_from_db()
    assert (victim.participates, victim.support) == (True, ["lawyer"])


def test_the_second_to_patch_a_suspect_gets_409(jw):
    case = jw.open_case()
    suspect = jw.suspect(case)
    url = f"/api/v1/suspects/{suspect.pk}/"
    read = api(jw.police).get(url).json()["version"]
    first = api(jw.police).patch(url, {"given_name": "Dara", "version": read}, format="json")
    assert first.status_code == 200
    stale = api(jw.police).patch(url, {"given_name": "Sok", "version": read}, format="json")
    assert stale.status_code == 409 and stale.json() == {"detail": SUSPECT_SAVED}
    suspect.refresh_from_db()
    assert suspect.given_name == "Dara"


@pytest.mark.parametrize("version", ["abc", None, "", 0, "1.5"])
def test_a_malformed_or_missing_version_is_400_and_saves_nothing(jw, version):
    case, victim = jw.case_with_victim()
    suspect = jw.suspect(case)
    version_field = {} if version is None else {"version": version}
    police = api(jw.police)
    answers = [
        police.patch(
            f"/api/v1/criminal-cases/{case.pk}/", {"summary": "X", **version_field}, format="json"
        ),
        police.patch(
            f"/api/v1/victims/{victim.pk}/", {"participates": False, **version_field}, format="json"
        ),
        police.patch(
            f"/api/v1/suspects/{suspect.pk}/", {"given_name": "X", **version_field}, format="json"
        ),
    ]
    assert [a.status_code for a in answers] == [400, 400, 400]
    assert all("version" in a.json() for a in answers)
    jw.send(case, suspect)
    notes = api(jw.prosecutor).put(
        f"/api/v1/criminal-cases/{case.pk}/notes/",
        {"court_notes": "X", **version_field},
        format="json",
    )
    assert notes.status_code == 400 and "version" in notes.json()
    case.refresh_from_db()
    suspect.refresh_from_db()
    assert case.summary != "X" and case.court_notes != "X" and suspect.given_name != "X"
    assert CaseVictim.objects.get(pk=victim.pk).participates is True


@pytest.mark.parametrize("version", ["abc", None])
def test_a_malformed_version_of_a_person_or_a_plan_is_400_not_500(world, version):
    version_field = {} if version is None else {"version": version}
    client = api(world.owner)
    person = client.patch(
        f"/api/v1/persons/{world.person.pk}/", {"village": "X", **version_field}, format="json"
    )
    assert person.status_code == 400 and "version" in person.json()
    case = owner_case(world)
    plan = client.put(
        f"/api/v1/cases/{case.pk}/plan/", {"goals": "X", **version_field}, format="json"
    )
    assert plan.status_code == 400 and "version" in plan.json()
