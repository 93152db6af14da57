"""Reading a roster of the people found in an operation, row by row (pure: no Django imports).

A roster arrives as a table: a header row, then one row per person. Each row is checked on its
own and every problem is named by its row (as the spreadsheet numbers it, the header being row
1) and its column, so that a whole file's problems can be fixed in one go. The caller writes
nothing unless every row is good.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from rumdoh.core.rules.text import clean_name

# The columns a roster may have, and the other names a spreadsheet may give them. A heading is
# compared without case, spaces or punctuation (``fold_header``): "Passport No." is "passportno".
COLUMNS: dict[str, tuple[str, ...]] = {
    "family_name": ("family_name", "family name", "surname", "last name", "last_name"),
    "given_name": ("given_name", "given name", "first name", "first_name", "name"),
    "nationality": ("nationality", "country", "citizenship"),
    "document_number": (
        "document_number",
        "passport",
        "passport number",
        "passport no",
        "document",
        "document number",
        "document no",
        # The other spellings of a document column the deportation-list reader takes, in
        # English and as Thai immigration writes them (crossborder/rules/deportee_lists.py).
        "id no",
        "id number",
        "หนังสือเดินทาง",
        "เลขที่หนังสือเดินทาง",
        "เลขบัตรประจำตัว",
        # And in Khmer: passport, passport number.
        "លិខិតឆ្លងដែន",
        "លេខលិខិតឆ្លងដែន",
    ),
    "language": ("language", "languages", "spoken language"),
    "sex": ("sex", "gender"),
    "age": ("age",),
    "birth_year": ("birth_year", "birth year", "year of birth", "born"),
    "status": ("status",),
}
REQUIRED = ("nationality",)

# Immigration lists often name the country, or copy the three-letter code of the passport
# (ICAO 9303), where Rumdoh's table names the nationality: the other names of each nationality.
COUNTRY_NAMES: dict[str, tuple[str, ...]] = {
    "KH": ("cambodia", "khm"),
    "TH": ("thailand", "tha"),
    "VN": ("vietnam", "viet nam", "vnm"),
    "CN": ("china", "people's republic of china", "prc", "chn"),
    "TW": ("taiwan", "twn"),
    "ID": ("indonesia", "idn"),
    "MY": ("malaysia", "mys"),
    "PH": ("philippines", "the philippines", "phl"),
    "MM": ("burma", "burmese", "mmr"),
    "LA": ("laos", "lao pdr", "lao"),
    "IN": ("india", "ind"),
    "BD": ("bangladesh", "bgd"),
    "PK": ("pakistan", "pak"),
    "NP": ("nepal", "npl"),
    "LK": ("sri lanka", "lka"),
    "KE": ("kenya", "ken"),
    "UG": ("uganda", "uga"),
    "ET": ("ethiopia", "eth"),
    "KR": ("korea", "south korea", "republic of korea", "kor"),
    "JP": ("japan", "jpn"),
}

SEXES = {
    "f": "female",
    "female": "female",
    "woman": "female",
    "m": "male",
    "male": "male",
    "man": "male",
    "other": "other",
    "x": "other",
    "": "unknown",
    "unknown": "unknown",
    "?": "unknown",
    # As the Khmer pages name them.
    "ស្រី": "female",
    "ប្រុស": "male",
    "ផ្សេងទៀត": "other",
}
# A roster may mark a person as deported already (a list handed over after the fact): kept, and
# reported as a deportation that bypassed screening.
STATUSES = {"": "", "found": "", "deported": "deported", "released": "released"}

MAX_ROWS = 10_000
MAX_AGE = 120
_DOCUMENT = re.compile(r"^[A-Za-z0-9 \-/]{3,60}$")


class Problem(str):
    """A code naming what is wrong with a cell; the page turns it into words."""


MISSING = Problem("missing")
UNKNOWN_NATIONALITY = Problem("unknown_nationality")
UNKNOWN_LANGUAGE = Problem("unknown_language")
UNKNOWN_SEX = Problem("unknown_sex")
BAD_AGE = Problem("bad_age")
BAD_YEAR = Problem("bad_year")
BAD_DOCUMENT = Problem("bad_document")
TOO_LONG = Problem("too_long")
UNKNOWN_STATUS = Problem("unknown_status")
DUPLICATE_DOCUMENT = Problem("duplicate_document")
NO_NAME = Problem("no_name")
NUL_CHARACTER = Problem("nul_character")

# The character a typed field refuses (and PostgreSQL does not store), shown where it stood.
NUL = "\x00"
SHOWN_NUL = "\u2400"  # ␀, SYMBOL FOR NULL


@dataclass(frozen=True)
class RowError:
    row: int  # as the spreadsheet numbers it: the header is row 1
    column: str
    problem: Problem
    value: str = ""


@dataclass
class RosterRow:
    row: int
    family_name: str = ""
    given_name: str = ""
    nationality: str = "XX"
    document_number: str = ""
    language: str = ""
    sex: str = "unknown"
    birth_year: int | None = None
    age_estimated: bool = False
    status: str = ""


@dataclass
class Reading:
    rows: list[RosterRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _normal(text: str) -> str:
    return " ".join(text.strip().lower().replace("_", " ").split())


def fold_header(heading: str) -> str:
    """A heading without case, spaces or punctuation, as the deportation-list reader folds it."""
    text = unicodedata.normalize("NFC", heading or "").strip().lower()
    return re.sub(r"[\s_\-./()#:]+", "", text)


def map_header(header: Sequence[str]) -> tuple[dict[int, str], list[str]]:
    """Which column index holds which field, and the headings not understood (or a second
    heading of a field already found): those columns are not read, and the caller says so."""
    names = {fold_header(alias): key for key, aliases in COLUMNS.items() for alias in aliases}
    mapping: dict[int, str] = {}
    unknown: list[str] = []
    for index, heading in enumerate(header):
        key = names.get(fold_header(str(heading or "")))
        if key is not None and key not in mapping.values():
            mapping[index] = key
        elif str(heading or "").strip():
            unknown.append(str(heading))
    return mapping, unknown


def _code(table: Mapping[str, tuple[str, str]], value: str) -> str | None:
    """The code of ``value`` given as a code or as its English or Khmer name."""
    wanted = _normal(value)
    for code, (english, khmer) in table.items():
        if wanted in (code.lower(), english.lower(), khmer):
            return code
    return None


class _RowReader:
    def __init__(
        self,
        number: int,
        cells: Mapping[str, str],
        nationalities: Mapping[str, tuple[str, str]],
        languages: Mapping[str, tuple[str, str]],
        this_year: int,
        name_max: int,
    ) -> None:
        self.row = RosterRow(row=number)
        self.cells = cells
        self.errors: list[RowError] = []
        self.nationalities = nationalities
        self.languages = languages
        self.this_year = this_year
        self.name_max = name_max

    def fail(self, column: str, problem: Problem) -> None:
        """Report ``problem`` of ``column``: the first problem of a column is the one said."""
        if any(error.column == column for error in self.errors):
            return
        value = self.cells.get(column, "").replace(NUL, SHOWN_NUL)
        self.errors.append(RowError(self.row.row, column, problem, value))

    def read(self) -> None:
        # A NUL character is refused where it stands, as a typed field refuses it; a name with
        # one would be saved with it, and PostgreSQL refuses it in its search keys.
        for column, value in self.cells.items():
            if NUL in value:
                self.fail(column, NUL_CHARACTER)
        for name in ("family_name", "given_name"):
            # A name as it is kept: what shows nothing (a zero-width space, a direction
            # control) is no part of it, and a name of nothing else is no name.
            value = clean_name(self.cells.get(name, ""))
            if len(value) > self.name_max:
                self.fail(name, TOO_LONG)
            setattr(self.row, name, value)
        if not (self.row.family_name or self.row.given_name):
            self.fail("family_name", NO_NAME)
        self._nationality()
        self._language()
        self._sex()
        self._age()
        self._document()
        status = _normal(self.cells.get("status", ""))
        if status not in STATUSES:
            self.fail("status", UNKNOWN_STATUS)
        else:
            self.row.status = STATUSES[status]

    def _nationality(self) -> None:
        value = self.cells.get("nationality", "")
        if not value:
            self.fail("nationality", MISSING)
            return
        code = _code(self.nationalities, value)
        if code is None:
            wanted = _normal(value)
            code = next((c for c, names in COUNTRY_NAMES.items() if wanted in names), None)
        if code is None or code not in self.nationalities:
            self.fail("nationality", UNKNOWN_NATIONALITY)
        else:
            self.row.nationality = code

    def _language(self) -> None:
        value = self.cells.get("language", "")
        if value:
            code = _code(self.languages, value)
            if code is None:
                self.fail("language", UNKNOWN_LANGUAGE)
            else:
                self.row.language = code

    def _sex(self) -> None:
        value = _normal(self.cells.get("sex", ""))
        if value not in SEXES:
            self.fail("sex", UNKNOWN_SEX)
        else:
            self.row.sex = SEXES[value]

    def _age(self) -> None:
        year = self.cells.get("birth_year", "")
        age = self.cells.get("age", "")
        if year:
            number = _whole(year)
            if number is None or not self.this_year - MAX_AGE <= number <= self.this_year:
                self.fail("birth_year", BAD_YEAR)
            else:
                self.row.birth_year = number
        elif age:
            number = _whole(age)
            if number is None or not 0 <= number <= MAX_AGE:
                self.fail("age", BAD_AGE)
            else:
                self.row.birth_year = self.this_year - number
                self.row.age_estimated = True

    def _document(self) -> None:
        value = self.cells.get("document_number", "")
        if value and not _DOCUMENT.match(value):
            self.fail("document_number", BAD_DOCUMENT)
        self.row.document_number = value


# Khmer digits, as a Khmer keyboard types an age or a year.
KHMER_DIGITS = str.maketrans("០១២៣៤៥៦៧៨៩", "0123456789")


def _whole(text: str) -> int | None:
    cleaned = text.strip().translate(KHMER_DIGITS)
    if cleaned.endswith(".0"):  # a spreadsheet's number read as text
        cleaned = cleaned[:-2]
    # ``isdigit`` alone lets through superscripts and other scripts' digits int() refuses.
    return int(cleaned) if cleaned.isascii() and cleaned.isdigit() else None


def read_roster(
    table: Iterable[Sequence[object]],
    *,
    nationalities: Mapping[str, tuple[str, str]],
    languages: Mapping[str, tuple[str, str]],
    this_year: int,
    name_max: int = 100,
) -> Reading:
    """Every row of ``table`` (header first) checked; blank rows skipped."""
    reading = Reading()
    rows = iter(table)
    header = next(rows, None)
    if header is None:
        reading.errors.append(RowError(1, "nationality", MISSING))
        return reading
    mapping, reading.unknown_columns = map_header([str(h or "") for h in header])
    for key in REQUIRED:
        if key not in mapping.values():
            reading.errors.append(RowError(1, key, MISSING))
    if reading.errors:
        return reading
    documents: dict[tuple[str, str], int] = {}
    for number, raw in enumerate(rows, start=2):
        cells = {key: _text(raw[i]) for i, key in mapping.items() if i < len(raw)}
        if not any(cells.values()):
            continue
        if len(reading.rows) >= MAX_ROWS:
            reading.errors.append(RowError(number, "family_name", TOO_LONG))
            break
        reader = _RowReader(number, cells, nationalities, languages, this_year, name_max)
        reader.read()
        row = reader.row
        # A row with another problem still holds its passport: a second row holding it is
        # reported in the same report, so every problem of the file is listed at once.
        readable = not any(e.column in ("nationality", "document_number") for e in reader.errors)
        if row.document_number and readable:
            document = (row.nationality, row.document_number.replace(" ", "").upper())
            if document in documents:
                reader.fail("document_number", DUPLICATE_DOCUMENT)
            documents.setdefault(document, number)
        reading.errors.extend(reader.errors)
        reading.rows.append(row)
    return reading


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
