"""Sections that apps above statistics add to the national statistics page.

Statistics imports none of them: an app registers, from its ready(), a function of the period
that returns the section's template and context (or None to show nothing).
"""

from collections.abc import Callable
from typing import Any

from rumdoh.statistics.rules.periods import Period

Section = Callable[[Period], dict[str, Any] | None]
_SECTIONS: list[Section] = []


def register(section: Section) -> None:
    if section not in _SECTIONS:
        _SECTIONS.append(section)


def collect(period: Period) -> list[dict[str, Any]]:
    """Each registered section of ``period`` that has something to show, in order."""
    return [found for section in _SECTIONS if (found := section(period))]
