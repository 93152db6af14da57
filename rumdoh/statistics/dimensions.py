"""The breakdowns of every measure: province, sex, age group and nationality; and the form of
exploitation, for the measures that record one."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from rumdoh.core.places import NATIONALITIES, PROVINCES, label
from rumdoh.people.models import Sex
from rumdoh.protection.choices import Exploitation

UNKNOWN_AGE = "unknown"
# (code, youngest, oldest); the oldest of the last group is open.
AGE_GROUPS: list[tuple[str, int, int | None]] = [
    ("0-11", 0, 11),
    ("12-17", 12, 17),
    ("18-24", 18, 24),
    ("25-34", 25, 34),
    ("35-49", 35, 49),
    ("50+", 50, None),
]
# Nationalities shown on their own row; every other known one is grouped as "other".
NATIONALITY_ROWS = ["KH", "CN", "VN", "TH", "ID", "MY", "PH", "MM", "LA", "TW"]
OTHER_NATIONALITY = "other"
UNKNOWN_NATIONALITY = "XX"
UNKNOWN_PROVINCE = "unknown"
SEVERAL_FORMS = "several"
FORM_NOT_STATED = "unspecified"


@dataclass(frozen=True)
class Dimension:
    key: str
    label: str | Promise
    codes: tuple[str, ...]
    fallback: str  # the row for a value outside ``codes``
    names: Callable[[str, str], str]  # (code, language) -> row label
    fallback_only_when_used: bool = False


def age_group(age: int | None) -> str:
    """The age group of an age in whole years (the database computes the same)."""
    if age is None or age < 0:
        return UNKNOWN_AGE
    for code, youngest, oldest in AGE_GROUPS:
        if age >= youngest and (oldest is None or age <= oldest):
            return code
    return UNKNOWN_AGE


def _province_name(code: str, language: str) -> str:
    if code == UNKNOWN_PROVINCE:
        return str(_("Province not recorded"))
    return label(PROVINCES, code, language)


def _sex_name(code: str, language: str) -> str:
    return str(dict(Sex.choices).get(code, code))


def _age_name(code: str, language: str) -> str:
    if code == UNKNOWN_AGE:
        return str(_("Age not known"))
    if code.endswith("+"):
        return str(_("%(age)s and older") % {"age": code[:-1]})
    youngest, oldest = code.split("-")
    return str(_("%(youngest)s to %(oldest)s") % {"youngest": youngest, "oldest": oldest})


def _nationality_name(code: str, language: str) -> str:
    if code == OTHER_NATIONALITY:
        return str(_("Other nationalities"))
    return label(NATIONALITIES, code, language)


DIMENSIONS = [
    Dimension(
        "province",
        _("Province"),
        (*PROVINCES, UNKNOWN_PROVINCE),
        UNKNOWN_PROVINCE,
        _province_name,
        fallback_only_when_used=True,
    ),
    Dimension("sex", _("Sex"), tuple(Sex.values), Sex.UNKNOWN.value, _sex_name),
    Dimension(
        "age",
        _("Age group"),
        (*(code for code, _y, _o in AGE_GROUPS), UNKNOWN_AGE),
        UNKNOWN_AGE,
        _age_name,
    ),
    Dimension(
        "nationality",
        _("Nationality"),
        (*NATIONALITY_ROWS, OTHER_NATIONALITY, UNKNOWN_NATIONALITY),
        OTHER_NATIONALITY,
        _nationality_name,
    ),
]


def form_of(forms: object) -> str:
    """The row of a record's forms of exploitation: its only form, or "several", or "not
    stated"."""
    found = sorted({str(f) for f in forms if f}) if isinstance(forms, list) else []
    if len(found) == 1:
        return found[0]
    return SEVERAL_FORMS if found else FORM_NOT_STATED


def _form_name(code: str, language: str) -> str:
    if code == SEVERAL_FORMS:
        return str(_("Several forms recorded"))
    if code == FORM_NOT_STATED:
        return str(_("Not stated"))
    return str(dict(Exploitation.choices).get(code, code))


EXPLOITATION = Dimension(
    "exploitation",
    _("Form of exploitation"),
    (*Exploitation.values, SEVERAL_FORMS, FORM_NOT_STATED),
    FORM_NOT_STATED,
    _form_name,
)
