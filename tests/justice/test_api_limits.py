"""The justice API holds free text, names and aliases to the shared limits, and keeps direction
controls out of suspects' names, as the people register does; so do the suspect pages' forms."""

import pytest
from rest_framework.test import APIClient

from rumdoh.core.limits import ALIASES_MAX, NAME_MAX, NOTES_MAX, REASON_MAX, TEXT_MAX
from rumdoh.justice.forms.parties import SuspectForm
from rumdoh.justice.models import Suspect

pytestmark = pytest.mark.django_db

RLO = "\u202e"  # right-to-left override
ISOLATE = "\u2067"  # right-to-left isolate


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user, token="token")
    return client


def refused(response, field: str, limit: int) -> None:
    assert response.status_code == 400, response.content
    message = " ".join(map(str, response.json()[field]))
    assert f"at most {limit} characters" in message, message


def test_a_summary_of_the_facts_longer_than_the_limit_is_refused(jw):
    case = jw.open_case()
    url = f"/api/v1/criminal-cases/{case.pk}/"
    body = {"summary": "x" * (NOTES_MAX + 1), "version": case.version}
    refused(api(jw.police).patch(url, body, format="json"), "summary", NOTES_MAX)
    case.refresh_from_db()
    assert case.summary != "x" * (NOTES_MAX + 1)


def test_internal_notes_longer_than_the_limit_are_refused(jw):
    case = jw.open_case()
    jw.send(case, jw.suspect(case))
    case.refresh_from_db()
    url = f"/api/v1/criminal-cases/{case.pk}/notes/"
    body = {"court_notes": "x" * (NOTES_MAX + 1), "version": case.version}
    refused(api(jw.prosecutor).put(url, body, format="json"), "court_notes", NOTES_MAX)


def test_a_stage_move_reason_is_held_to_the_shared_reason_limit(jw):
    case = jw.open_case()
    url = f"/api/v1/criminal-cases/{case.pk}/stage/"
    body = {"to_stage": "sent_to_prosecutor", "reason": "x" * (REASON_MAX + 1)}
    refused(api(jw.police).post(url, body, format="json"), "reason", REASON_MAX)


def test_a_non_punishment_note_longer_than_the_limit_is_refused(jw):
    _case, victim = jw.case_with_victim()
    url = f"/api/v1/victims/{victim.pk}/non-punishment/"
    body = {"acts": "illegal entry", "note": "x" * (TEXT_MAX + 1)}
    refused(api(jw.police).post(url, body, format="json"), "note", TEXT_MAX)


def test_the_grounds_of_a_compensation_claim_are_held_to_the_limit(jw):
    body = {"emotional_basis": "x" * (TEXT_MAX + 1), "punitive_basis": "y" * (TEXT_MAX + 1)}
    response = api(jw.police).post("/api/v1/compensation/calculate/", body, format="json")
    refused(response, "emotional_basis", TEXT_MAX)
    refused(response, "punitive_basis", TEXT_MAX)


def test_a_suspect_name_longer_than_the_limit_is_refused(jw):
    case = jw.open_case()
    body = {"case": case.pk, "role": "broker", "given_name": "a" * (NAME_MAX + 1)}
    refused(api(jw.police).post("/api/v1/suspects/", body, format="json"), "given_name", NAME_MAX)


def test_a_suspect_with_too_many_aliases_is_refused(jw):
    case = jw.open_case()
    aliases = [f"alias {i}" for i in range(ALIASES_MAX + 1)]
    body = {"case": case.pk, "role": "broker", "aliases": aliases}
    response = api(jw.police).post("/api/v1/suspects/", body, format="json")
    assert response.status_code == 400, response.content
    assert "aliases" in response.json()
    assert not Suspect.objects.filter(case=case).exists()


def test_the_api_keeps_direction_controls_out_of_a_suspects_names(jw):
    case = jw.open_case()
    body = {
        "case": case.pk,
        "role": "broker",
        "given_name": f"{RLO}Vuthy",
        "family_name": f"Lim{ISOLATE}",
        "name_km": f"{RLO}លីម",
        "aliases": [f"{RLO}Boss Tiger", ISOLATE],
        "handles": [{"app": "Telegram", "handle": f"{RLO}@tiger"}],
    }
    created = api(jw.police).post("/api/v1/suspects/", body, format="json")
    assert created.status_code == 201, created.content
    suspect = Suspect.objects.get(pk=created.json()["id"])
    assert (suspect.given_name, suspect.family_name, suspect.name_km) == ("Vuthy", "Lim", "លីម")
    assert suspect.aliases == ["Boss Tiger"]
    assert suspect.handles == [{"app": "Telegram", "handle": "@tiger"}]

    change = {"aliases": [f"Tiger{RLO}"], "given_name": f"{ISOLATE}Dara", "version": 1}
    changed = api(jw.police).patch(f"/api/v1/suspects/{suspect.pk}/", change, format="json")
    assert changed.status_code == 200, changed.content
    suspect.refresh_from_db()
    assert (suspect.given_name, suspect.aliases) == ("Dara", ["Tiger"])


def suspect_form(**fields: str) -> SuspectForm:
    data = {"kind": "natural", "sex": "male", "role": "broker", "relation_to_victim": "unknown"}
    data.update(fields)
    return SuspectForm(data=data)


def test_the_suspect_form_keeps_direction_controls_out_of_names_and_aliases():
    form = suspect_form(
        given_name=f"{RLO}Vuthy",
        family_name=f"Lim{ISOLATE}",
        aliases_text=f"{RLO}Boss Tiger, Tiger{ISOLATE}",
        handles_text=f"Telegram: {RLO}@tiger",
    )
    assert form.is_valid(), form.errors
    data = form.suspect_data()
    assert (data["given_name"], data["family_name"]) == ("Vuthy", "Lim")
    assert data["aliases"] == ["Boss Tiger", "Tiger"]
    assert data["handles"] == [{"app": "Telegram", "handle": "@tiger"}]


def test_the_suspect_form_holds_names_and_aliases_to_the_limits():
    assert "given_name" in suspect_form(given_name="a" * (NAME_MAX + 1)).errors
    many = ", ".join(f"alias{i}" for i in range(ALIASES_MAX + 1))
    assert "aliases_text" in suspect_form(aliases_text=many).errors
    assert "aliases_text" in suspect_form(aliases_text="b" * (NAME_MAX + 1)).errors
