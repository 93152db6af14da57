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
