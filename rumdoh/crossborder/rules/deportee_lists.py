"""Reading a deportation list as a counterpart sends it (pure: no Django imports).

Thai immigration sends lists as spreadsheets whose headers vary from one office to the next, in
English or in Thai, with names in Latin or Thai script. A list is read whole or not at all: every
row with a problem is reported by row and column, and nothing is taken from a list with errors.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from rumdoh.core.places import NATIONALITIES
from rumdoh.core.rules.text import clean_name

# Header spellings seen on lists, folded to lower case without spaces or punctuation, mapped to
# the field they fill. Thai headers as Thai immigration writes them.
HEADER_ALIASES: dict[str, str] = {
    "name": "given_name",
    "givenname": "given_name",
    "firstname": "given_name",
    "ชื่อ": "given_name",
    "surname": "family_name",
    "familyname": "family_name",
    "lastname": "family_name",
    "นามสกุล": "family_name",
    "fullname": "full_name",
    "nameandsurname": "full_name",
    "ชื่อนามสกุล": "full_name",
    "ชื่อสกุล": "full_name",
    "sex": "sex",
    "gender": "sex",
    "เพศ": "sex",
    "age": "age",
    "อายุ": "age",
    "dateofbirth": "birth_date",
    "birthdate": "birth_date",
    "dob": "birth_date",
    "วันเกิด": "birth_date",
    "yearofbirth": "birth_year",
    "birthyear": "birth_year",
    "passport": "document_number",
    "passportno": "document_number",
    "passportnumber": "document_number",
    "idno": "document_number",
    "idnumber": "document_number",
    "document": "document_number",
    "documentnumber": "document_number",
    "หนังสือเดินทาง": "document_number",
    "เลขที่หนังสือเดินทาง": "document_number",
    "เลขบัตรประจำตัว": "document_number",
    "nationality": "nationality",
    "สัญชาติ": "nationality",
    "province": "province",
    "homeprovince": "province",
    "จังหวัด": "province",
    "offence": "offence",
    "charge": "offence",
    "ข้อหา": "offence",
    "remarks": "remarks",
    "note": "remarks",
    "หมายเหตุ": "remarks",
    # The row's number on the list: known, and not read.
    "no": "row_number",
    "": "row_number",  # "#"
    "ลำดับ": "row_number",
    "ลำดับที่": "row_number",
    "លរ": "row_number",  # ល.រ
}

SEX_VALUES = {
    "f": "female",
    "female": "female",
    "woman": "female",
    "หญิง": "female",
    "ญ": "female",
    "m": "male",
    "male": "male",
    "man": "male",
    "ชาย": "male",
    "ช": "male",
    "": "unknown",
}

NATIONALITY_VALUES = {
    "kh": "KH",
    "khm": "KH",
    "cambodia": "KH",
    "cambodian": "KH",
    "khmer": "KH",
    "กัมพูชา": "KH",
    "เขมร": "KH",
    "th": "TH",
    "thai": "TH",
    "ไทย": "TH",
    "vn": "VN",
    "vietnamese": "VN",
    "เวียดนาม": "VN",
    "la": "LA",
    "lao": "LA",
    "ลาว": "LA",
    "mm": "MM",
    "myanmar": "MM",
    "พม่า": "MM",
    "cn": "CN",
    "chinese": "CN",
    "จีน": "CN",
}

# Thai lists give the age in years; the birth year is then estimated from the list's date.
MAX_AGE = 110
FIRST_BIRTH_YEAR = 1900
MAX_ROWS = 5000
NAME_MAX = 100
DOCUMENT_MAX = 40
# A passport or ID number as printed: letters and digits, perhaps a dash or a slash.
DOCUMENT = re.compile(r"^[A-Z0-9][A-Z0-9\-/]{2,}$")


@dataclass(frozen=True)
class RowError:
    """What is wrong, as a code the pages and the API put into words in the reader's language
    (``value`` is the cell as received, ``limit`` a limit it broke)."""

    row: int  # the spreadsheet row: the header is row 1
    column: str
    code: str
    value: str = ""
    limit: int = 0


@dataclass(frozen=True)
class DeporteeRow:
    row: int
    given_name: str
    family_name: str
    sex: str = "unknown"
    birth_year: int | None = None
    birth_year_estimated: bool = False
    birth_date: date | None = None
    document_number: str = ""
    nationality: str = "KH"
    province: str = ""
    remarks: str = ""
    script: str = "latin"  # "latin", "thai" or "khmer": which script the name is written in


@dataclass
class ReadList:
    rows: list[DeporteeRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def fold_header(header: str) -> str:
    text = unicodedata.normalize("NFC", header or "").strip().lower()
    return re.sub(r"[\s_\-./()#:]+", "", text)


def script_of(text: str) -> str:
    for char in text:
        code = ord(char)
        if 0x0E00 <= code <= 0x0E7F:
            return "thai"
        if 0x1780 <= code <= 0x17FF:
            return "khmer"
    return "latin"


def _clean(value: object) -> str:
    """The cell as text, spaces collapsed; control characters (a NUL a spreadsheet left, a
    line feed inside a cell) are no part of a name or a number."""
    text = unicodedata.normalize("NFC", str(value if value is not None else ""))
    text = "".join(" " if unicodedata.category(char) == "Cc" else char for char in text)
    return " ".join(text.split())


def split_full_name(full: str) -> tuple[str, str]:
    """Thai lists write "Mr./Mrs./Ms. GIVEN FAMILY" (or the Thai นาย/นาง/นางสาว): drop the
    title, the last word is the family name."""
    words = full.split()
    titles = {
        "mr",
        "mr.",
        "mrs",
        "mrs.",
        "ms",
        "ms.",
        "miss",
        "นาย",
        "นาง",
        "นางสาว",
        "ด.ช.",
        "ด.ญ.",
    }
    while words and words[0].lower() in titles:
        words = words[1:]
    if len(words) < 2:
        return (words[0] if words else "", "")
    return (" ".join(words[:-1]), words[-1])


def map_headers(headers: Iterable[str]) -> tuple[dict[str, str], list[str]]:
    """Each header's field, and the headers no field takes (reported, then ignored): a heading
    no field has, or a second heading of a field already found (the first is read), as the
    roster's reader says them. The row's number is known and not read, however often."""
    mapping: dict[str, str] = {}
    unknown: list[str] = []
    for header in headers:
        target = HEADER_ALIASES.get(fold_header(header))
        if target is None or (target != "row_number" and target in mapping.values()):
            if header and header.strip():
                unknown.append(header)
        else:
            mapping[header] = target
    return mapping, unknown


def _parse_date(text: str) -> date:
    text = text.strip()
    for pattern in (r"(\d{4})-(\d{1,2})-(\d{1,2})", r"(\d{1,2})/(\d{1,2})/(\d{4})"):
        match = re.fullmatch(pattern, text)
        if match:
            parts = [int(p) for p in match.groups()]
            year, month, day = parts if pattern.startswith(r"(\d{4})") else parts[::-1]
            if year > 2400:  # the Thai Buddhist era runs 543 years ahead
                year -= 543
            return date(year, month, day)
    raise ValueError(text)


def read_rows(
    headers: list[str], rows: Iterable[Mapping[str, object]], *, list_date: date
) -> ReadList:
    """Read every row; ``rows`` map header → cell. Rows are numbered as in the spreadsheet."""
    result = ReadList()
    documents: dict[str, int] = {}  # document number -> its first row
    mapping, result.unknown_columns = map_headers(headers)
    fields = set(mapping.values())
    if not ({"given_name", "full_name"} & fields):
        result.errors.append(RowError(1, "name", "no_name_column"))
        return result
    for index, raw in enumerate(rows, start=2):
        if index - 1 > MAX_ROWS:
            result.errors.append(RowError(index, "", "too_many_rows", limit=MAX_ROWS))
            break
        cells = {target: _clean(raw.get(header, "")) for header, target in mapping.items()}
        if not any(cells.values()):
            continue  # blank lines between blocks of a list
        errors_before = len(result.errors)

        def refuse(
            column: str, code: str, value: str = "", limit: int = 0, row: int = index
        ) -> None:
            result.errors.append(RowError(row, column, code, value, limit))

        # A name as it is kept: what shows nothing (a zero-width space, a direction control) is
        # no part of it, and a name of nothing else is no name.
        given = clean_name(cells.get("given_name", ""))
        family = clean_name(cells.get("family_name", ""))
        if not given and cells.get("full_name"):
            given, family = split_full_name(clean_name(cells["full_name"]))
        if not given and not family:
            refuse("name", "empty_name")
        for column, value in (("given_name", given), ("family_name", family)):
            if len(value) > NAME_MAX:
                refuse(column, "too_long", limit=NAME_MAX)
        sex_text = cells.get("sex", "").lower().rstrip(".")
        sex = SEX_VALUES.get(sex_text)
        if sex is None:
            refuse("sex", "bad_sex", cells["sex"])
        birth_date = None
        birth_year: int | None = None
        estimated = False
        if cells.get("birth_date"):
            try:
                birth_date = _parse_date(cells["birth_date"])
            except ValueError:
                refuse("birth_date", "bad_date", cells["birth_date"])
            else:
                # A date after the list or before 1900 is a typing error, not a person's birth.
                if not (birth_date.year >= FIRST_BIRTH_YEAR and birth_date <= list_date):
                    refuse("birth_date", "bad_birth_date", cells["birth_date"])
                    birth_date = None
                else:
                    birth_year = birth_date.year
        if birth_year is None and cells.get("birth_year"):
            year_text = cells["birth_year"]
            if year_text.isdecimal() and FIRST_BIRTH_YEAR <= int(year_text) <= list_date.year:
                birth_year = int(cells["birth_year"])
            else:
                refuse("birth_year", "bad_year", cells["birth_year"])
        if cells.get("age"):
            # Checked even beside a date of birth: every problem of a row is said at once.
            age_text = cells["age"].split()[0] if cells["age"].split() else ""
            # isdecimal, not isdigit: "²" is a digit that is no number (Thai and Khmer digits
            # are decimal and read).
            if not (
                age_text.isdecimal()
                and int(age_text) <= min(MAX_AGE, list_date.year - FIRST_BIRTH_YEAR)
            ):
                refuse("age", "bad_age", cells["age"])
            elif birth_year is None:
                birth_year = list_date.year - int(age_text)
                estimated = True
        document = cells.get("document_number", "").replace(" ", "").upper()
        if len(document) > DOCUMENT_MAX:
            refuse("document_number", "too_long", limit=DOCUMENT_MAX)
        elif document and not DOCUMENT.match(document):
            refuse("document_number", "bad_document", document)
        elif document in documents:
            # One passport, one person: a row copied twice would be registered as two arrivals.
            refuse("document_number", "repeated_document", document, limit=documents[document])
        elif document:
            documents[document] = index
        nationality_text = cells.get("nationality", "")
        nationality = NATIONALITY_VALUES.get(nationality_text.lower(), "")
        if nationality_text and not nationality:
            # A two-letter code of a nationality this system records (core.places); another
            # would make a person of no known nationality.
            if nationality_text.upper() in NATIONALITIES:
                nationality = nationality_text.upper()
            else:
                refuse("nationality", "bad_nationality", nationality_text)
        if len(result.errors) > errors_before:
            continue
        result.rows.append(
            DeporteeRow(
                row=index,
                given_name=given,
                family_name=family,
                sex=sex or "unknown",
                birth_year=birth_year,
                birth_year_estimated=estimated,
                birth_date=birth_date,
                document_number=document,
                nationality=nationality or "KH",
                province=cells.get("province", ""),
                remarks=cells.get("remarks", "") or cells.get("offence", ""),
                script=script_of(given + family),
            )
        )
    if not result.rows and not result.errors:
        result.errors.append(RowError(2, "", "empty_list"))
    return result


def _folded(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def list_content(country: str, rows: Iterable[DeporteeRow]) -> str:
    """What makes two lists the same list, whatever the order of their rows: the deporting
    country and, for each person listed, the name, sex, nationality, document and a year of birth
    that was written (a year worked out from an age moves with the date the list is read for).
    The service keeps only a keyed digest of it, to tell a list received twice."""
    people = sorted(
        "\x1f".join(
            (
                _folded(row.given_name),
                _folded(row.family_name),
                row.sex,
                row.nationality,
                row.document_number,
                "" if row.birth_year is None or row.birth_year_estimated else str(row.birth_year),
            )
        )
        for row in rows
    )
    return "\x1e".join([country.upper(), *people])
