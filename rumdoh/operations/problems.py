"""A roster's problems in words: which row, which column, what is wrong."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rumdoh.operations.rules import roster

COLUMN_LABELS = {
    "family_name": gettext_lazy("Family name"),
    "given_name": gettext_lazy("Given name"),
    "nationality": gettext_lazy("Nationality"),
    "document_number": gettext_lazy("Passport"),
    "language": gettext_lazy("Language"),
    "sex": gettext_lazy("Sex"),
    "age": gettext_lazy("Age"),
    "birth_year": gettext_lazy("Year of birth"),
    "status": gettext_lazy("Status"),
}


def _problem_text(problem: str) -> str:
    texts: dict[str, str] = {
        roster.MISSING: _("This column is required and is empty or missing."),
        roster.UNKNOWN_NATIONALITY: _(
            "Not a nationality the system knows: write a two-letter code such as CN or VN, or "
            "the English name."
        ),
        roster.UNKNOWN_LANGUAGE: _(
            "Not a language the system knows: write a code such as zh or vi, or the English name."
        ),
        roster.UNKNOWN_SEX: _("Write female, male, other, or leave it empty."),
        roster.BAD_AGE: _("Write the age as a whole number of years from 0 to 120."),
        roster.BAD_YEAR: _("Write the year of birth with four digits, in the last 120 years."),
        roster.BAD_DOCUMENT: _(
            "A document number has 3 to 60 letters, digits, spaces, dashes or slashes."
        ),
        roster.TOO_LONG: _("Too long: a name has at most 100 characters, a roster 10,000 rows."),
        roster.UNKNOWN_STATUS: _("Write deported, released, or leave it empty."),
        roster.DUPLICATE_DOCUMENT: _("The same passport number is on an earlier row."),
        roster.NO_NAME: _("Give a family name or a given name."),
        roster.NUL_CHARACTER: _(
            "This cell holds a NUL character (shown as ␀), an invisible character some programs "
            "leave in a file. Remove it and import the file again."
        ),
    }
    return texts.get(problem, problem)


def describe(error: roster.RowError) -> dict[str, Any]:
    return {
        "row": error.row,
        "column": str(COLUMN_LABELS.get(error.column, error.column)),
        "code": str(error.problem),
        "value": error.value,
        "message": _problem_text(error.problem),
    }
