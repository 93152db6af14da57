"""Choice lists from the code tables, labelled in the language of the page that shows them."""

from __future__ import annotations

from typing import Any

from django.utils.functional import lazy
from django.utils.translation import get_language

from rumdoh.core.places import label


def _label_now(table: dict[str, tuple[str, str]], code: str) -> str:
    return label(table, code, get_language() or "en")


_lazy_label = lazy(_label_now, str)


def lazy_choices(table: dict[str, tuple[str, str]]) -> list[tuple[str, Any]]:
    """(code, label) pairs; each label is Khmer on a Khmer page and English otherwise."""
    return [(code, _lazy_label(table, code)) for code in table]
