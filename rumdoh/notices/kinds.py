"""The kinds of notification and their messages; each app registers its own when it loads."""

from typing import Any

from django.utils.functional import Promise

_MESSAGES: dict[str, str | Promise] = {}


def register(kind: str, message: str | Promise) -> None:
    """``message`` is a lazy translation with ``%(name)s`` placeholders for the parameters."""
    _MESSAGES[kind] = message


def registered() -> list[str]:
    return sorted(_MESSAGES)


def render(kind: str, params: dict[str, Any]) -> str:
    template = _MESSAGES.get(kind)
    if template is None:
        return kind
    try:
        return str(template) % params
    except (KeyError, TypeError, ValueError):
        return str(template)
