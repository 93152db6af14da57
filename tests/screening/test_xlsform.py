"""The field forms as XLSForm: pyxform converts them, in both languages, for both forms."""

import io
from dataclasses import replace

import pytest
from defusedxml import ElementTree as ET
from openpyxl import load_workbook
from pyxform.xls2xform import convert

from rumdoh.screening import field
from rumdoh.screening.rules import xlsform as xf
from rumdoh.screening.rules.questions import DETAILED, SHORT, questions_for

XF = "{http://www.w3.org/2002/xforms}"
KINDS = ["short", "detailed"]


def xform(kind):
    warnings = []
    result = convert(field.workbook(kind), warnings=warnings, file_type=".xlsx")
    return ET.fromstring(result.xform), warnings


@pytest.mark.parametrize("kind", KINDS)
def test_generated_workbook_converts_with_pyxform_without_warnings(kind):
    root, warnings = xform(kind)
    assert warnings == []
    assert root.find(f".//{XF}model") is not None


@pytest.mark.parametrize("kind", KINDS)
def test_xform_carries_english_and_khmer_labels_of_every_question(kind):
    root, _ = xform(kind)
    translations = {t.get("lang"): t for t in root.iter(f"{XF}translation")}
    assert set(translations) == {xf.EN, xf.KM}
    assert translations[xf.KM].get("default") == "true()"
    for language, text_of in ((xf.EN, "text_en"), (xf.KM, "text_km")):
        values = {v.text for v in translations[language].iter(f"{XF}value")}
        for question in questions_for(kind):
            assert getattr(question, text_of) in values


@pytest.mark.parametrize("kind", KINDS)
def test_every_answer_is_required_as_in_the_web_form(kind):
    root, _ = xform(kind)
    binds = {b.get("nodeset").rsplit("/", 1)[-1]: b for b in root.iter(f"{XF}bind")}
    for question in questions_for(kind):
        assert binds[xf.field_name(question)].get("required") == "true()"
    assert binds["age_estimated"].get("relevant") == " /data/person/age  != ''"
    assert "given_name" in binds["name_km"].get("required")
    assert binds["age"].get("constraint") == ". >= 0 and . <= 130"


@pytest.mark.parametrize("kind", KINDS)
def test_form_id_and_version_are_stable_and_follow_the_catalogue(kind):
    root, _ = xform(kind)
    instance = root.find(f".//{XF}instance")[0]
    assert instance.get("id") == f"rumdoh_screening_{kind}"
    assert instance.get("version") == xf.form_version(kind)
    assert xf.form_version(kind).startswith("2026.1-")
    assert xf.form_version(kind) == xf.form_version(kind)
    assert xf.form_version("short") != xf.form_version("detailed")


def test_version_changes_when_a_question_changes(monkeypatch):
    before = xf.form_version("short")
    changed = (replace(SHORT[0], text_en="Changed?"),)
    monkeypatch.setattr(xf, "questions_for", lambda kind: changed + SHORT[1:])
    assert xf.form_version("short") != before


def test_workbook_has_the_three_sheets_with_language_columns():
    book = load_workbook(io.BytesIO(field.workbook("detailed")))
    assert book.sheetnames == ["survey", "choices", "settings"]
    header = [c.value for c in book["survey"][1]]
    assert header[:4] == ["type", "name", "label::English (en)", "label::Khmer (km)"]
    names = [row[1] for row in book["survey"].iter_rows(min_row=2, values_only=True)]
    assert all(xf.field_name(q) in names for q in DETAILED)
    choices = list(book["choices"].iter_rows(min_row=2, values_only=True))
    assert ("answer", "unknown", "Don't know", "មិនដឹង") in choices
    assert ("sex", "female", "Female", "ស្រី") in choices


def test_field_names_are_unique_and_free_of_group_separators():
    for kind in KINDS:
        names = [
            r["name"] for r in xf.survey(kind) if r["type"] not in ("begin group", "end group")
        ]
        assert len(names) == len(set(names))
        assert not any("-" in n or "/" in n for n in names)
