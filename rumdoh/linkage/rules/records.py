"""Records to link, and the columns the linkage model compares (pure).

A ``LinkRecord`` is one agency's record of a person, in clear, held in memory only while it is
linked. ``prepare`` turns it into the row the model compares: the name as folded syllables
(order-free, compounds joined or split, Khmer script transliterated, see
``rumdoh.people.rules.romanisation``), birth year, sex, phone, document number, province, home
district, commune and village (folded like names: they are romanised Khmer too) and nationality
normalised, and the blocking keys.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from rumdoh.people.rules.names import normalise_document, normalise_phone
from rumdoh.people.rules.romanisation import fold, syllables

__all__ = ["AGE_PRECISIONS", "COLUMNS", "LinkRecord", "normalise_sex", "prepare", "skeleton"]


@dataclass(frozen=True, slots=True)
class LinkRecord:
    """One record of a person as an agency holds it. Every field but ``record_id`` may be empty."""

    record_id: str
    agency: str = ""
    given_name: str = ""
    family_name: str = ""
    sex: str = ""  # "female", "male", "f", "m" or empty
    birth_year: int | None = None
    birth_date: str = ""  # YYYY-MM-DD or empty
    age_precision: str = ""  # how the birth year is known: AGE_PRECISIONS; anything else: not said
    province: str = ""  # a province code or name, or empty
    district: str = ""  # home district, commune and village as written (Latin or Khmer script)
    commune: str = ""
    village: str = ""
    phone: str = ""
    nationality: str = ""  # ISO 3166 alpha-2, or empty
    document_number: str = ""


COLUMNS = (
    "unique_id",
    "agency",
    "name_key",
    "name_syllables",
    "name_skeleton",
    "given_key",
    "family_key",
    "family_initial",
    "syllable_low",
    "syllable_high",
    "birth_year",
    "year_bin_a",
    "year_bin_b",
    "birth_date",
    "year_stated",
    "sex",
    "phone",
    "document",
    "province",
    "district",
    "commune",
    "village",
    "nationality",
)

_SEX = {"f": "f", "female": "f", "m": "m", "male": "m"}
_STATED = ("date", "year")  # the year read from a date or known as a year
AGE_PRECISIONS = (*_STATED, "estimated")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_VOWELS_AND_H = re.compile(r"[aeiouh]")


def skeleton(given_key: str, family_key: str) -> str | None:
    """The consonants of both folded names, order-free: the romanisations that folding leaves
    apart (Hang/Heang, Sreng/Sreang, Phuong/Phoung, Rachana/Rachna, Meng/Mheng) share it."""
    parts = sorted(_VOWELS_AND_H.sub("", key) for key in (given_key, family_key) if key)
    return " ".join(parts) or None


def normalise_sex(value: str) -> str | None:
    return _SEX.get((value or "").strip().lower())


def _blank(value: str) -> str | None:
    return value or None


def _place(value: str) -> str | None:
    """A province code ("12", a postcode) as written; a province name folded like a name."""
    value = value.strip()
    if len(value) <= 2 or any(char.isdigit() for char in value):
        return value or None
    return fold(value) or None


def _home_place(value: str) -> str | None:
    """A district, commune or village by its consonants: place names are romanised as freely
    as personal names (Kampong/Kompong, Tuol/Toul, Trapeang/Trapaing)."""
    return _blank(_VOWELS_AND_H.sub("", fold(value)))


def _words(value: str) -> tuple[list[str], str]:
    return syllables(value), fold(value)


def _name_columns(given_key: str, family_key: str, every: list[str]) -> dict[str, Any]:
    return {
        "name_key": _blank(" ".join(sorted(part for part in (given_key, family_key) if part))),
        "name_syllables": every or None,
        "name_skeleton": skeleton(given_key, family_key),
        "given_key": _blank(given_key),
        "family_key": _blank(family_key),
        "family_initial": _blank(family_key[:1]),
        "syllable_low": every[0] if every else None,
        "syllable_high": every[-1] if every else None,
    }


def prepare(record: LinkRecord, memo: dict[tuple[str, str], Any] | None = None) -> dict[str, Any]:
    """The compared row of one record; empty values are ``None`` (unknown, never a mismatch).

    ``memo``, a dict the caller keeps for one run and then drops, remembers the folding of each
    name and place already seen, and the name columns of each given and family name together:
    a register repeats them, and folding is most of the work.
    """

    def once(kind: str, value: str, work: Any) -> Any:
        if memo is None:
            return work(value)
        key = (kind, value)
        if key not in memo:
            memo[key] = work(value)
        return memo[key]

    def names(_: str) -> dict[str, Any]:
        given, given_key = once("name", record.given_name, _words)
        family, family_key = once("name", record.family_name, _words)
        return _name_columns(given_key, family_key, sorted(set(given + family)))

    birth_date = record.birth_date.strip() if _DATE.match(record.birth_date.strip()) else ""
    birth_year = record.birth_year
    if birth_year is None and birth_date:
        birth_year = int(birth_date[:4])
    phone = normalise_phone(record.phone) if record.phone else ""
    document = normalise_document(record.document_number) if record.document_number else ""
    # A year copied from a date or a document (True) or an estimated age (False); unknown: None.
    precision = record.age_precision.strip().lower()
    stated = (
        True if birth_date or precision in _STATED else False if precision == "estimated" else None
    )
    return {
        "unique_id": record.record_id,
        "agency": _blank(record.agency.strip()),
        **once("names", f"{record.given_name}\x1f{record.family_name}", names),
        "birth_year": birth_year,
        # Two staggered 6-year bins: years at most 3 apart share at least one of them.
        "year_bin_a": None if birth_year is None else birth_year // 6,
        "year_bin_b": None if birth_year is None else (birth_year + 3) // 6,
        "birth_date": _blank(birth_date),
        "year_stated": None if birth_year is None else stated,
        "sex": normalise_sex(record.sex),
        "phone": phone[-8:] if len(phone) >= 6 else None,
        "document": _blank(document),
        "province": once("province", record.province, _place),
        "district": once("place", record.district, _home_place),
        "commune": once("place", record.commune, _home_place),
        "village": once("place", record.village, _home_place),
        "nationality": _blank(record.nationality.strip().upper()),
    }
