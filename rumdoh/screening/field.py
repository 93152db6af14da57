"""The field forms as XLSForm workbooks: the pure rows of ``rules.xlsform`` with the code lists
Django translates, written with openpyxl."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from django.utils import translation
from openpyxl import Workbook

from rumdoh.people.models import Sex
from rumdoh.screening.models import Context
from rumdoh.screening.rules import xlsform as xf
from rumdoh.screening.rules.questions import FormKind, questions_for

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KINDS = tuple(kind.value for kind in FormKind)


def _label(value: Any, language: str) -> str:
    with translation.override(language):
        return str(value)


def _choices(pairs: Sequence[tuple[str, Any]]) -> list[xf.Choice]:
    return [xf.Choice(name, _label(label, "en"), _label(label, "km")) for name, label in pairs]


def choice_lists() -> dict[str, tuple[xf.Choice, ...]]:
    return xf.code_lists(_choices(Sex.choices), _choices(Context.choices))


def sheets(kind: str) -> xf.Sheets:
    return xf.sheets(kind, choice_lists())


def file_name(kind: str) -> str:
    return f"{xf.form_id(kind)}_{xf.form_version(kind)}.xlsx"


def workbook(kind: str) -> bytes:
    """The XLSForm of ``kind`` as an .xlsx file: survey, choices and settings sheets."""
    data = sheets(kind)
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    for name, rows, columns in (
        ("survey", data.survey, xf.SURVEY_COLUMNS),
        ("choices", data.choices, xf.CHOICES_COLUMNS),
        ("settings", data.settings, xf.SETTINGS_COLUMNS),
    ):
        sheet = book.create_sheet(name)
        for line in xf.table(rows, columns):
            sheet.append(line)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def describe(kind: str) -> dict[str, Any]:
    """What a list of the field forms shows of one form."""
    return {
        "form": kind,
        "title": xf.title(kind),
        "form_id": xf.form_id(kind),
        "version": xf.form_version(kind),
        "questions": len(questions_for(kind)),
        "file_name": file_name(kind),
    }
