"""Changes to criminal cases, victims, suspects, charges and stages: one function per change,
atomic, audited. Each checks who the user is in the case (police, prosecutor, court) again, even
though the pages and the API check first.
"""

from rumdoh.core.errors import refuse_future as not_future
from rumdoh.justice.services.cases import (
    CASE_FIELDS,
    arrested_absconders,
    assign_prosecutor,
    change_stage,
    just_opened,
    next_stages,
    open_case,
    outcome_of,
    update_case,
    verdicts_in_order,
)
from rumdoh.justice.services.common import (
    CT,
    POLICE_KINDS,
    P,
    R,
    require_actor,
)
from rumdoh.justice.services.parties import (
    CHARGE_STAGES,
    RECOMMEND_STAGES,
    add_charge,
    add_suspect,
    add_victim,
    flag_non_punishment,
    remove_charge,
    report_absconded,
    review_non_punishment,
    search_keys_for,
    set_status,
    suspect_keys,
    update_suspect,
    update_victim,
)

__all__ = [
    "CASE_FIELDS",
    "CHARGE_STAGES",
    "CT",
    "POLICE_KINDS",
    "RECOMMEND_STAGES",
    "P",
    "R",
    "add_charge",
    "add_suspect",
    "add_victim",
    "arrested_absconders",
    "assign_prosecutor",
    "change_stage",
    "flag_non_punishment",
    "just_opened",
    "next_stages",
    "not_future",
    "open_case",
    "outcome_of",
    "remove_charge",
    "report_absconded",
    "require_actor",
    "review_non_punishment",
    "search_keys_for",
    "set_status",
    "suspect_keys",
    "update_case",
    "update_suspect",
    "update_victim",
    "verdicts_in_order",
]
