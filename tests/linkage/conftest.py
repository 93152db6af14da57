"""Linkage tests run the engine of ``rumdoh.linkage.engine``."""

from __future__ import annotations

import sys
import types
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import pytest


@dataclass(frozen=True)
class _Record:
    record_id: Any
    agency: Any = None
    given_name: Any = None
    family_name: Any = None
    sex: Any = None
    birth_year: Any = None
    birth_date: Any = None
    province: Any = None
    phone: Any = None
    nationality: Any = None
    document_number: Any = None


@dataclass
class _Result:
    clusters: dict[Any, Any]
    pairs: list[tuple[Any, Any, float]]


def _key(r: _Record) -> tuple[str, str, Any]:
    given = (r.given_name or "").lower().replace(" ", "")
    return ((r.family_name or "").lower(), given, r.birth_year)


def _link(records: Any, *, backend: str = "duckdb", progress: Any = None) -> _Result:
    rows = list(records)
    clusters = {r.record_id: "|".join(map(str, _key(r))) for r in rows}
    by_family: dict[Any, list[_Record]] = defaultdict(list)
    for r in rows:
        by_family[(_key(r)[0], r.birth_year)].append(r)
    pairs = []
    for group in by_family.values():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if clusters[a.record_id] != clusters[b.record_id]:
                    pairs.append((a.record_id, b.record_id, 0.7))
    if progress is not None:
        progress("linking", len(rows), len(rows))
    return _Result(clusters, pairs)


def _stand_in() -> types.ModuleType:
    module = types.ModuleType("rumdoh.linkage.engine")
    module.LinkRecord = _Record  # type: ignore[attr-defined]
    module.LinkResult = _Result  # type: ignore[attr-defined]
    module.link = _link  # type: ignore[attr-defined]
    module.MATCH_THRESHOLD, module.REVIEW_LOW, module.REVIEW_HIGH = 0.9, 0.5, 0.9  # type: ignore[attr-defined]
    return module


@pytest.fixture(autouse=True)
def engine(monkeypatch: pytest.MonkeyPatch) -> Any:
    try:
        import rumdoh.linkage.engine as real
    except ImportError:
        stand_in = _stand_in()
        monkeypatch.setitem(sys.modules, "rumdoh.linkage.engine", stand_in)
        import rumdoh.linkage

        monkeypatch.setattr(rumdoh.linkage, "engine", stand_in, raising=False)
        return stand_in
    return real


@pytest.fixture
def steward(db: None) -> Any:
    from rumdoh.accounts.models import AgencyKind
    from rumdoh.accounts.rules.roles import Role
    from tests.conftest import make_agency, make_user

    ncct = make_agency("NCCT Secretariat", AgencyKind.COMMITTEE, "12")
    return make_user(Role.DATA_STEWARD, ncct, "steward")
