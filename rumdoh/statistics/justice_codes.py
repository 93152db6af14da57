"""From the grouped rows of the justice statement to the published codes of each measure.

A grouped row carries raw codes (the principal charge's offence and form of exploitation, the
forms recorded on the case, the province, the sex...); these functions file it under the
measure's class, law, offence and form, and sum the rows into the measure's cube.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from rumdoh.justice.choices import SuspectKind
from rumdoh.justice.rules import offences
from rumdoh.statistics import dimensions as d
from rumdoh.statistics import justice_measures as jm
from rumdoh.statistics.tables import Cube

Raw = dict[str, Any]
TRAFFICKING_CODES = sorted(offences.trafficking_codes())
LAW_OF = {offence.code: offence.law.value for offence in offences.OFFENCES}


# --- from raw groups to published codes ---------------------------------------------------------


def offence_class(offence: str | None) -> str:
    if not offence:
        return jm.NO_CHARGE
    return jm.TRAFFICKING if offences.is_trafficking(offence) else jm.RELATED


def law_code(offence: str | None) -> str:
    if not offence:
        return jm.NO_LAW
    return LAW_OF.get(offence, jm.OTHER)


def form_code(charge_form: str | None, case_forms: object) -> str:
    """The charge's form; else the case's only recorded form, or "several", or "not stated"."""
    if charge_form:
        return charge_form
    forms = [f for f in case_forms if f] if isinstance(case_forms, list) else []
    if len(forms) == 1:
        return str(forms[0])
    return jm.SEVERAL_FORMS if forms else jm.FORM_NOT_STATED


def suspect_sex(kind: str | None, sex: str | None) -> str:
    return jm.COMPANY if kind == SuspectKind.LEGAL else str(sex or "")


def nationality_group(nationality: str | None) -> str:
    """As ``statistics.queries.nationality_group`` groups it in the database."""
    if nationality in d.NATIONALITY_ROWS:
        return str(nationality)
    if nationality == d.UNKNOWN_NATIONALITY:
        return d.UNKNOWN_NATIONALITY
    return d.OTHER_NATIONALITY


Mapper = Callable[[Raw], dict[str, str]]


def standard(raw: Raw) -> dict[str, str]:
    """Class, law and form of a raw group, from its principal charge."""
    return {
        "column": offence_class(raw.get("r_offence")),
        "law": law_code(raw.get("r_offence")),
        "offence": str(raw.get("r_offence") or jm.OTHER),
        "exploitation": form_code(raw.get("r_form"), raw.get("r_forms")),
    }


def to_cube(measure: jm.JusticeMeasure, rows: Iterable[Raw], extra: Mapper | None = None) -> Cube:
    """Sum the raw groups into the measure's cube: (one code per dimension..., column).

    Class, law, offence and form come from the principal charge (``standard``); any other raw
    field ``r_<dimension>`` gives that dimension's code as it is; ``extra`` derives the rest.
    """
    cube: Cube = {}
    for raw in rows:
        codes = standard(raw)
        for name, value in raw.items():
            if name.startswith("r_") and name[2:] not in codes:
                codes[name[2:]] = str(value)
        if extra is not None:
            codes.update(extra(raw))
        key = (*(codes.get(dim.key, "") for dim in measure.dimensions), codes["column"])
        cube[key] = cube.get(key, 0) + int(raw["n"])
    return cube


def with_suspect_sex(raw: Raw) -> dict[str, str]:
    return {"suspect_sex": suspect_sex(raw.get("r_kind"), raw.get("r_sex"))}


def with_conviction(raw: Raw) -> dict[str, str]:
    return {**with_suspect_sex(raw), "conviction": str(raw["r_outcome"])}


def victim_sex_and_age(raw: Raw) -> dict[str, str]:
    return {"sex": str(raw.get("r_sex")), "age": str(raw["age"])}
