"""Choice lists from the code tables, labelled in the language of the page that shows them."""

from __future__ import annotations

from typing import Any

from django.utils.functional import lazy
from django.utils.translation import get_language

from rumdoh.core.places import label


def label_now(table: dict[str, tuple[str, str]], code: str) -> str:
    """The label of ``code`` in the language of the page being made (Khmer or English)."""
    return label(table, code, get_language() or "en")


_lazy_label = lazy(label_now, str)


def lazy_choices(table: dict[str, tuple[str, str]]) -> list[tuple[str, Any]]:
    """(code, label) pairs; each label is Khmer on a Khmer page and English otherwise."""
    return [(code, _lazy_label(table, code)) for code in table]


def for_reader(name: str, name_km: str) -> str:
    """A record's name in the reader's language: its Khmer name on a Khmer page when it has one,
    else its name (an agency's, a service provider's)."""
    khmer = (get_language() or "").startswith("km")
    return name_km if khmer and name_km else name
