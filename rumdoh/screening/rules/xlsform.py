"""The short and detailed screening forms as XLSForm rows, for ODK Collect and KoboToolbox.

Pure: no Django imports. The rows come from the question sets of ``questions`` (which come from
the indicator catalogue); code lists that the web forms translate through Django (sex, context)
are passed in as ``Choice`` rows with both labels.

Every field name is a plain XML name without ``-`` or ``/``, so that a submission exported with
group prefixes (ODK Central ``indicators-journey-recruited``, Kobo ``indicators/journey/recruited``)
maps back by its last segment. The answers are required, as in the web form; the name in Khmer
script is required when no Latin name is given; whether the age is an estimate is asked only
when an age is given.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rumdoh.core.places import NATIONALITIES, PROVINCES
from rumdoh.screening.rules.catalogue import CATALOGUE_VERSION
from rumdoh.screening.rules.decision import MAX_AGE
from rumdoh.screening.rules.questions import SECTIONS, FormKind, Question, questions_for

EN = "English (en)"
KM = "Khmer (km)"
LANGUAGES = (EN, KM)
DEFAULT_LANGUAGE = KM

ANSWER_LIST = "answer"
SEX_LIST = "sex"
CONTEXT_LIST = "context"
PROVINCE_LIST = "province"
NATIONALITY_LIST = "nationality"
YES_NO_LIST = "yes_no"

# Groups of the form; a group's name is the prefix of its fields in an export.
SCREENING_GROUP = "screening"
PERSON_GROUP = "person"
INDICATORS_GROUP = "indicators"

QUESTION_PREFIX = "q_"

# Hidden fields carried by every submission.
FORM_KIND_FIELD = "form_kind"
CATALOGUE_FIELD = "catalogue_version"

SURVEY_COLUMNS = (
    "type",
    "name",
    f"label::{EN}",
    f"label::{KM}",
    f"hint::{EN}",
    f"hint::{KM}",
    "required",
    f"required_message::{EN}",
    f"required_message::{KM}",
    "relevant",
    "constraint",
    f"constraint_message::{EN}",
    f"constraint_message::{KM}",
    "appearance",
    "calculation",
)
CHOICES_COLUMNS = ("list_name", "name", f"label::{EN}", f"label::{KM}")
SETTINGS_COLUMNS = (
    "form_title",
    "form_id",
    "version",
    "default_language",
    "allow_choice_duplicates",
)

Row = dict[str, str]


@dataclass(frozen=True)
class Choice:
    name: str
    label_en: str
    label_km: str


@dataclass(frozen=True)
class Sheets:
    survey: tuple[Row, ...]
    choices: tuple[Row, ...]
    settings: tuple[Row, ...]

    def as_dict(self) -> dict[str, list[Row]]:
        """The shape ``pyxform`` reads without a workbook: sheet name to rows."""
        return {
            "survey": [dict(r) for r in self.survey],
            "choices": [dict(r) for r in self.choices],
            "settings": [dict(r) for r in self.settings],
        }


ANSWERS = (
    Choice("yes", "Yes", "បាទ/ចាស"),
    Choice("no", "No", "ទេ"),
    Choice("unknown", "Don't know", "មិនដឹង"),
)
YES_NO = (Choice("yes", "Yes", "បាទ/ចាស"), Choice("no", "No", "ទេ"))


def field_name(question: Question) -> str:
    """The XLSForm name of a question: ``q_`` and its key with ``-`` as ``_`` (the prefix keeps
    the short form's ``sex`` question apart from the person's sex)."""
    return QUESTION_PREFIX + question.key.replace("-", "_")


def form_id(kind: str) -> str:
    return f"rumdoh_screening_{FormKind(kind).value}"


def fingerprint(kind: str) -> str:
    """A digest of the whole survey sheet: every question, label, name and rule of the form."""
    data = json.dumps(survey(kind), ensure_ascii=False, sort_keys=True).encode()
    return hashlib.sha256(data).hexdigest()[:8]


def form_version(kind: str) -> str:
    """Stable while the catalogue and questions stay the same; changes when either changes."""
    return f"{CATALOGUE_VERSION}-{fingerprint(kind)}"


def _labelled(kind: str, name: str, en: str, km: str, **extra: str) -> Row:
    return {"type": kind, "name": name, f"label::{EN}": en, f"label::{KM}": km} | {
        k.replace("__en", f"::{EN}").replace("__km", f"::{KM}"): v for k, v in extra.items() if v
    }


def _begin(name: str, en: str, km: str, **extra: str) -> Row:
    return _labelled("begin group", name, en, km, **extra)


def _end(name: str) -> Row:
    return {"type": "end group", "name": name}


def _screening_rows() -> list[Row]:
    return [
        _begin(SCREENING_GROUP, "The screening", "ការពិនិត្យ"),
        _labelled(
            f"select_one {CONTEXT_LIST}",
            "context",
            "Where is the screening taking place?",
            "តើការពិនិត្យនេះកំពុងធ្វើនៅកន្លែងណា?",
            required="yes",
        ),
        _labelled(
            "text",
            "location",
            "Place",
            "ទីកន្លែង",
            hint__en="For example: Poipet Transit Centre.",
            hint__km="ឧទាហរណ៍៖ មជ្ឈមណ្ឌលឆ្លងកាត់ប៉ោយប៉ែត។",
        ),
        _labelled(
            f"select_one {PROVINCE_LIST}",
            "province",
            "Province screened in",
            "ខេត្តដែលធ្វើការពិនិត្យ",
            required="yes",
            appearance="minimal",
        ),
        _end(SCREENING_GROUP),
    ]


def _person_rows() -> list[Row]:
    no_latin = "${given_name} = '' and ${family_name} = ''"
    return [
        _begin(PERSON_GROUP, "The person", "បុគ្គល"),
        _labelled("text", "family_name", "Family name (Latin script)", "នាមត្រកូល (អក្សរឡាតាំង)"),
        _labelled("text", "given_name", "Given name (Latin script)", "នាមខ្លួន (អក្សរឡាតាំង)"),
        _labelled(
            "text",
            "name_km",
            "Name in Khmer script",
            "ឈ្មោះជាអក្សរខ្មែរ",
            hint__en="Required when no Latin name is given.",
            hint__km="ត្រូវបំពេញ ប្រសិនបើគ្មានឈ្មោះជាអក្សរឡាតាំង។",
            required=no_latin,
        ),
        _labelled(
            f"select_one {SEX_LIST}", "sex", "Sex", "ភេទ", required="yes", appearance="minimal"
        ),
        _labelled(
            "integer",
            "age",
            "Age in years",
            "អាយុ (ឆ្នាំ)",
            hint__en="Leave empty if nobody knows. Under 18 is a child.",
            hint__km="ទុកឱ្យនៅទទេ ប្រសិនបើគ្មាននរណាដឹង។ អាយុក្រោម ១៨ ឆ្នាំ ជាកុមារ។",
            constraint=f". >= 0 and . <= {MAX_AGE}",
            constraint_message__en=f"Give an age from 0 to {MAX_AGE} years.",
            constraint_message__km=f"សូមផ្ដល់អាយុពី ០ ដល់ {MAX_AGE} ឆ្នាំ។",
        ),
        _labelled(
            f"select_one {YES_NO_LIST}",
            "age_estimated",
            "Is the age an estimate?",
            "តើអាយុនេះជាការប៉ាន់ស្មានឬទេ?",
            relevant="${age} != ''",
        ),
        _labelled(
            "note",
            "child_note",
            "Under 18: a child. No means is needed for trafficking.",
            "អាយុក្រោម ១៨ ឆ្នាំ៖ កុមារ។ មិនចាំបាច់មានមធ្យោបាយ ដើម្បីចាត់ទុកជាការជួញដូរមនុស្សទេ។",
            relevant="${age} != '' and ${age} < 18",
        ),
        _labelled(
            f"select_one {NATIONALITY_LIST}",
            "nationality",
            "Nationality",
            "សញ្ជាតិ",
            required="yes",
            appearance="minimal",
        ),
        _end(PERSON_GROUP),
    ]


def sections_of(kind: str) -> dict[str, list[Question]]:
    """The questions by section, in order of first appearance (as the web form groups them)."""
    grouped: dict[str, list[Question]] = {}
    for question in questions_for(kind):
        grouped.setdefault(question.section, []).append(question)
    return grouped


def _answer_row(question: Question) -> Row:
    return _labelled(
        f"select_one {ANSWER_LIST}",
        field_name(question),
        question.text_en,
        question.text_km,
        required="yes",
        required_message__en="Choose yes, no or don't know.",
        required_message__km="សូមជ្រើសរើស បាទ/ចាស ទេ ឬមិនដឹង។",
    )


def _question_rows(kind: str) -> list[Row]:
    rows = [_begin(INDICATORS_GROUP, "Questions", "សំណួរ")]
    for key, questions in sections_of(kind).items():
        rows.append(_begin(key, SECTIONS[key].title_en, SECTIONS[key].title_km))
        rows.extend(_answer_row(q) for q in questions)
        rows.append(_end(key))
    rows.append(_end(INDICATORS_GROUP))
    return rows


def _hidden_rows(kind: str) -> list[Row]:
    return [
        {"type": "start", "name": "start"},
        {"type": "end", "name": "end"},
        {"type": "calculate", "name": FORM_KIND_FIELD, "calculation": f"'{FormKind(kind).value}'"},
        {"type": "calculate", "name": CATALOGUE_FIELD, "calculation": f"'{CATALOGUE_VERSION}'"},
    ]


def survey(kind: str) -> tuple[Row, ...]:
    rows = _hidden_rows(kind) + _screening_rows() + _person_rows() + _question_rows(kind)
    return tuple(rows)


def code_lists(
    sexes: Sequence[Choice], contexts: Sequence[Choice]
) -> dict[str, tuple[Choice, ...]]:
    """Every choice list of the form, by list name."""
    return {
        ANSWER_LIST: ANSWERS,
        YES_NO_LIST: YES_NO,
        SEX_LIST: tuple(sexes),
        CONTEXT_LIST: tuple(contexts),
        PROVINCE_LIST: tuple(Choice(code, en, km) for code, (en, km) in PROVINCES.items()),
        NATIONALITY_LIST: tuple(Choice(code, en, km) for code, (en, km) in NATIONALITIES.items()),
    }


def choices(lists: Mapping[str, Sequence[Choice]]) -> tuple[Row, ...]:
    return tuple(
        {"list_name": name, "name": c.name, f"label::{EN}": c.label_en, f"label::{KM}": c.label_km}
        for name, entries in lists.items()
        for c in entries
    )


TITLES = {
    FormKind.SHORT: ("Rumdoh screening: short form", "ការពិនិត្យរំដោះ៖ ទម្រង់ខ្លី"),
    FormKind.DETAILED: ("Rumdoh screening: detailed form", "ការពិនិត្យរំដោះ៖ ទម្រង់លម្អិត"),
}


def title(kind: str) -> str:
    en, km = TITLES[FormKind(kind)]
    return f"{km} / {en}"


def settings(kind: str) -> tuple[Row, ...]:
    return (
        {
            "form_title": title(kind),
            "form_id": form_id(kind),
            "version": form_version(kind),
            "default_language": DEFAULT_LANGUAGE,
        },
    )


def sheets(kind: str, lists: Mapping[str, Sequence[Choice]]) -> Sheets:
    """The three sheets of the XLSForm of a form kind."""
    return Sheets(survey(kind), choices(lists), settings(kind))


def columns(rows: Sequence[Row], preferred: Sequence[str]) -> list[str]:
    """The columns a sheet needs: the preferred ones in order, then any others it uses."""
    used = {k for r in rows for k in r}
    return [c for c in preferred if c in used] + sorted(used - set(preferred))


def table(rows: Sequence[Row], preferred: Sequence[str]) -> list[list[str]]:
    """A sheet as a header row and value rows, ready for a workbook."""
    header = columns(rows, preferred)
    return [header, *[[r.get(c, "") for c in header] for r in rows]]
