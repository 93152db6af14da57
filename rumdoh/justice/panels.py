"""Panels that apps above justice add to the criminal case page.

Justice imports none of them (they sit above it in the layers): an app registers, from its
ready(), a function of the reader, the case and the request that returns the panel's template
and context, or None to show nothing. Each panel decides who may see what it shows and audits its
own reads, as the pages of its app do.
"""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

from rumdoh.accounts.models import User
from rumdoh.justice.models import CriminalCase

CasePanel = Callable[[User, CriminalCase, HttpRequest], dict[str, Any] | None]
_PANELS: list[CasePanel] = []


def register(panel: CasePanel) -> None:
    if panel not in _PANELS:
        _PANELS.append(panel)


def collect(user: User, case: CriminalCase, request: HttpRequest) -> list[dict[str, Any]]:
    """Each registered panel that has something to show this reader, in order."""
    return [found for panel in _PANELS if (found := panel(user, case, request))]
