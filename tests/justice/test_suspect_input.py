"""What the justice services take in: suspect names as a person's names are taken, and the note of
an absconding written as one sentence of the user's language."""

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from rumdoh.core.errors import Refused
from rumdoh.core.limits import NAME_MAX
from rumdoh.justice import services

pytestmark = pytest.mark.django_db

OVERRIDE = "\u202e"  # right-to-left override


def test_suspect_names_lose_direction_controls_when_added(jw):
    case, _victim = jw.case_with_victim()
    suspect = services.add_suspect(
        jw.police,
        case,
        {
            "role": "recruiter",
            "given_name": f"{OVERRIDE}Dara\u2066",
            "family_name": "\u200fSok",
            "name_km": "\u202bសុខ",
            "aliases": [f"{OVERRIDE}Big Brother", "\u2067"],
        },
    )
    suspect.refresh_from_db()
    assert (suspect.given_name, suspect.family_name, suspect.name_km) == ("Dara", "Sok", "សុខ")
    assert suspect.aliases == ["Big Brother"]


def test_suspect_names_lose_direction_controls_when_changed(jw):
    case, _victim = jw.case_with_victim()
    suspect = jw.suspect(case)
    services.update_suspect(
        jw.police, suspect, {"given_name": f"Vanna{OVERRIDE}"}, expected_version=suspect.version
    )
    suspect.refresh_from_db()
    assert suspect.given_name == "Vanna"


@pytest.mark.parametrize("field", ["given_name", "family_name", "name_km"])
def test_a_suspect_name_longer_than_a_name_is_refused(jw, field):
    case, _victim = jw.case_with_victim()
    with pytest.raises(Refused):
        services.add_suspect(jw.police, case, {"role": "recruiter", field: "x" * (NAME_MAX + 1)})
    suspect = jw.suspect(case)
    with pytest.raises(Refused):
        services.update_suspect(
            jw.police, suspect, {field: "y" * (NAME_MAX + 1)}, expected_version=suspect.version
        )


def test_a_suspect_alias_longer_than_a_name_is_refused(jw):
    case, _victim = jw.case_with_victim()
    with pytest.raises(Refused):
        services.add_suspect(jw.police, case, {"role": "recruiter", "aliases": ["z" * 101]})


def test_the_absconding_note_is_one_sentence_of_the_users_language(jw):
    _case, suspect, _charge = jw.charged_case()
    with translation.override("km"):
        services.report_absconded(jw.police, suspect, note="ឃើញនៅប៉ោយប៉ែត")
        sentence = gettext("%(date)s absconded: %(note)s") % {
            "date": timezone.localdate().isoformat(),
            "note": "ឃើញនៅប៉ោយប៉ែត",
        }
    assert "absconded" not in sentence  # the sentence has its Khmer
    suspect.refresh_from_db()
    assert suspect.notes.splitlines()[-1] == sentence
