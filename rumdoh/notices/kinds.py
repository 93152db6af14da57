"""The kinds of notification and their messages; each app registers its own when it loads."""

from collections.abc import Callable
from typing import Any

from django.utils.functional import Promise

_MESSAGES: dict[str, str | Promise] = {}
_LABELS: dict[str, dict[str, Callable[[Any], str]]] = {}
_AREAS: dict[str, str | Promise] = {}


def register(
    kind: str, message: str | Promise, labels: dict[str, Callable[[Any], str]] | None = None
) -> None:
    """``message`` is a lazy translation with ``%(name)s`` placeholders for the parameters.
    ``labels`` turn a parameter stored as a code into words when the message is read, in the
    reader's language (the notification keeps the code, not the sender's words)."""
    _MESSAGES[kind] = message
    _LABELS[kind] = labels or {}


def register_area(area: str, label: str | Promise) -> None:
    """What the kinds beginning ``area.`` are about, as the inbox offers it to filter by."""
    _AREAS[area] = label


def registered() -> list[str]:
    return sorted(_MESSAGES)


def area_of(kind: str) -> str:
    return kind.split(".", 1)[0]


def areas() -> list[tuple[str, str | Promise]]:
    """(area, label) of every area with a registered kind, by area; an area registered without
    a label is named by its code."""
    return [(area, _AREAS.get(area, area)) for area in sorted({area_of(k) for k in _MESSAGES})]


def render(kind: str, params: dict[str, Any]) -> str:
    template = _MESSAGES.get(kind)
    if template is None:
        return kind
    params = {k: _LABELS[kind].get(k, _same)(v) for k, v in params.items()}
    try:
        return str(template) % params
    except (KeyError, TypeError, ValueError):
        return str(template)


def _same(value: Any) -> Any:
    return value
