"""Every operation of the published API schema, fuzzed as demo users of four roles: no answer is
a server error, and every answer matches the schema (body and content type).

The screener and the system administrator see little; the police officer and the case worker
have cases, so their answers carry the records whose fields are checked against the schema.
Examples are few and derandomized so the run is bounded and repeatable.
"""

from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.management import call_command
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from rumdoh.accounts.models import User
from tests.justice.helpers import JusticeWorld

pytestmark = pytest.mark.django_db

ROLES = ("screener", "sysadmin", "police", "caseworker")
EXAMPLES = 6
CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.response_schema_conformance,
    schemathesis.checks.content_type_conformance,
]


def fuzz(operation: Any, token: str, sent: list[int]) -> None:
    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.explicit, Phase.generate],
    )
    def run(case: Any) -> None:
        response = case.call_and_validate(
            headers={"Authorization": f"Token {token}"}, checks=CHECKS
        )
        sent.append(response.status_code)

    run()


@pytest.fixture
def connection_kept_open() -> Iterator[None]:
    """Called straight through WSGI, each request would close the test's database connection at
    its end (Django's test client unhooks this the same way); on PostgreSQL that ends the test."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.mark.usefixtures("connection_kept_open")
def test_every_operation_answers_within_its_schema_for_every_role():
    call_command("generate_demo_data", persons=120, seed=3, batch_size=120)
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", get_wsgi_application())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 100  # every operation of the API, not a part of it
    failures: dict[str, str] = {}
    sent: list[int] = []
    for role in ROLES:
        token = Token.objects.create(user=User.objects.get(username=role)).key
        for operation in operations:
            try:
                fuzz(operation, token, sent)
            except Exception as exc:  # schemathesis' FailureGroup, or an error calling the app
                failures[f"{role}: {operation.label}"] = str(exc)[:800]
            except BaseExceptionGroup as group:
                failures[f"{role}: {operation.label}"] = str(group)[:800]
    assert not failures, "\n\n".join(f"{label}\n{text}" for label, text in failures.items())
    assert len(sent) >= len(operations) * len(ROLES)  # every operation was called as every role
    print(f"{len(operations)} operations, {len(sent)} requests, {sorted(Counter(sent).items())}")


@pytest.mark.parametrize("value", ["99999999999999999999", "²", "-1", "x"])
@pytest.mark.parametrize("url", ["/api/v1/interviews/?person=", "/api/v1/screenings/?person="])
def test_an_id_no_record_can_have_narrows_a_list_to_nothing(world, url, value):
    client = APIClient()
    client.force_authenticate(world.owner, token="token")
    response = client.get(url + value)
    assert response.status_code == 200
    assert response.json()["results"] == []


def test_an_id_too_large_for_the_database_names_no_case(world):
    jw = JusticeWorld(world)
    jw.open_case()
    client = APIClient()
    client.force_authenticate(jw.police, token="token")
    assert client.get("/api/v1/arrests/?case=99999999999999999999").json()["results"] == []
    response = client.get("/api/v1/interview-invitations/?person=99999999999999999999")
    assert response.status_code == 400
