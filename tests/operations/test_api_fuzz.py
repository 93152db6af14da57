"""The operations part of the API schema fuzzed as the immigration, police and screener demo
users: no server error, every answer within its schema. (tests/test_api_fuzz.py fuzzes the whole
schema; this runs the operations' part alone, quickly.)"""

from __future__ import annotations

import io

import pytest
import schemathesis
from django.core.management import call_command
from django.core.wsgi import get_wsgi_application
from rest_framework.authtoken.models import Token

from rumdoh.accounts.models import User
from tests.test_api_fuzz import connection_kept_open, fuzz

pytestmark = pytest.mark.django_db
PATHS = ("/api/v1/operations", "/api/v1/roster-entries", "/api/v1/deportations")
__all__ = ["connection_kept_open"]


@pytest.mark.usefixtures("connection_kept_open")
def test_operations_api_answers_within_its_schema() -> None:
    call_command("setup_demo", persons=20, stdout=io.StringIO())
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", get_wsgi_application())
    operations = [
        op for op in (r.ok() for r in schema.get_all_operations()) if op.path.startswith(PATHS)
    ]
    assert len(operations) >= 8
    failures: dict[str, str] = {}
    sent: list[int] = []
    for role in ("immigration", "police", "screener"):
        token = Token.objects.create(user=User.objects.get(username=role)).key
        for operation in operations:
            try:
                fuzz(operation, token, sent)
            except Exception as exc:
                failures[f"{role}: {operation.label}"] = str(exc)[:1500]
            except BaseExceptionGroup as group:
                failures[f"{role}: {operation.label}"] = str(group)[:1500]
    assert not failures, "\n\n".join(f"{label}\n{text}" for label, text in failures.items())
