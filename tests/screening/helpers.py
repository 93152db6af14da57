"""Builders for screening tests."""

from typing import Any

from rumdoh.accounts.models import User
from rumdoh.people.models import Person
from rumdoh.screening import services
from rumdoh.screening.models import ScreeningRecord
from rumdoh.screening.rules.questions import SHORT

TRAFFICKED = {"ACT-RECRUITMENT": "yes", "FL-DECEPTION": "yes", "FL-THREATS": "yes"}


def make_screening(user: User, person: Person | None = None, **fields: Any) -> ScreeningRecord:
    data: dict[str, Any] = {
        "form": "short",
        "observations": dict(TRAFFICKED),
        "context": "deportation",
        "age": 24,
        "sex": "female",
        "nationality": "KH",
        "location": "Poipet Transit Centre",
        "person": person,
    }
    data.update(fields)
    return services.record_screening(user, services.ScreeningInput(**data))


def short_form_post(answer: str = "no", **overrides: str) -> dict[str, str]:
    data = {
        "context": "deportation",
        "location": "Poipet Transit Centre",
        "province": "01",
        "age": "30",
        "sex": "male",
        "nationality": "KH",
    }
    data.update({f"q_{q.key}": answer for q in SHORT})
    data.update(overrides)
    return data
