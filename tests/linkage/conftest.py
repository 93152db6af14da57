"""Linkage tests run the real engine (``rumdoh.linkage.engine``, Splink on DuckDB)."""

from __future__ import annotations

from types import ModuleType
from typing import Any

import pytest


@pytest.fixture
def engine() -> ModuleType:
    from rumdoh.linkage import engine

    return engine


@pytest.fixture
def steward(db: None) -> Any:
    from rumdoh.accounts.models import AgencyKind
    from rumdoh.accounts.rules.roles import Role
    from tests.conftest import make_agency, make_user

    ncct = make_agency("NCCT Secretariat", AgencyKind.COMMITTEE, "12")
    return make_user(Role.DATA_STEWARD, ncct, "steward")


def opened(client: Any, url: str) -> str:
    """Open a pair's page as the steward does; what it showed (the decision form's hidden
    ``seen``), which the form sends back with her decision."""
    import re

    page = client.get(url)
    assert page.status_code == 200
    found = re.search(r'name="seen" value="([^"]*)"', page.content.decode())
    assert found is not None
    return found.group(1)
