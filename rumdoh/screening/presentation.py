"""Turning a stored explanation into what the screener reads, in the screener's language."""

from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from rumdoh.screening.rules.catalogue import BY_CODE
from rumdoh.screening.rules.decision import Element, NextStep

ELEMENT_LABELS: dict[str, Promise] = {
    Element.ACT: _("Act"),
    Element.MEANS: _("Means"),
    Element.PURPOSE: _("Purpose of exploitation"),
    Element.INVOLUNTARINESS: _("Forced labour: work not offered freely"),
    Element.COERCION: _("Forced labour: threat or menace of penalty"),
    Element.HARM: _("Harm (recorded; does not decide the result)"),
}

STATUS_LABELS: dict[str, Promise] = {
    "yes": _("met"),
    "no": _("ruled out"),
    "unknown": _("still open"),
}

NEXT_STEPS: dict[str, tuple[Promise, Promise]] = {
    NextStep.REFER: (
        _("Refer"),
        _(
            "With the person's consent, refer them for assistance and for formal identification "
            "by an eligible identifier."
        ),
    ),
    NextStep.REQUEST_IDENTIFICATION: (
        _("Request formal identification"),
        _(
            "The answers leave trafficking or forced labour open. Ask an eligible identifier for "
            "a formal identification interview, and establish the person's age if it is not "
            "known."
        ),
    ),
    NextStep.NO_ACTION: (
        _("No action"),
        _(
            "The answers rule out trafficking and forced labour. Tell the person where to get "
            "help if anything changes."
        ),
    ),
}


@dataclass(frozen=True)
class CodeView:
    code: str
    label: str


@dataclass(frozen=True)
class ElementView:
    key: str
    label: str | Promise
    status: str
    status_label: str | Promise
    required: bool
    satisfied_by: list[CodeView]
    derived: list[tuple[CodeView, list[CodeView]]]
    unknown: list[CodeView]


def code_view(code: str, language: str) -> CodeView:
    indicator = BY_CODE.get(code)
    return CodeView(code, indicator.label(language) if indicator else code)


def element_view(row: dict[str, Any], language: str) -> ElementView:
    return ElementView(
        key=row["element"],
        label=ELEMENT_LABELS.get(row["element"], row["element"]),
        status=row["status"],
        status_label=STATUS_LABELS.get(row["status"], row["status"]),
        required=row.get("required", True),
        satisfied_by=[code_view(c, language) for c in row.get("satisfied_by", [])],
        derived=[
            (code_view(d["code"], language), [code_view(s, language) for s in d["sources"]])
            for d in row.get("derived", [])
        ],
        unknown=[code_view(c, language) for c in row.get("unknown", [])],
    )


def explanation_view(explanation: dict[str, Any]) -> list[ElementView]:
    language = get_language() or "km"
    return [element_view(row, language) for row in explanation.get("elements", [])]


def next_step_view(step: str) -> dict[str, str | Promise]:
    label, instruction = NEXT_STEPS[step]
    return {"code": step, "label": label, "instruction": instruction}
