"""The labour endpoints answer within their schema for every labour role (the whole API is fuzzed
by tests/test_api_fuzz.py; this runs the labour part alone, fast)."""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from rest_framework.authtoken.models import Token

from tests.test_api_fuzz import connection_kept_open, fuzz  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.mark.usefixtures("connection_kept_open")
def test_the_labour_operations_answer_within_their_schema(lw):
    lw.complaint()
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", get_wsgi_application())
    operations = [
        result.ok()
        for result in schema.get_all_operations()
        if "labour" in result.ok().path or "recruitment" in result.ok().path
    ]
    assert len(operations) == 25
    sent: list[int] = []
    for user in (lw.inspector, lw.licensing, lw.world.owner, lw.investigator):
        token = Token.objects.create(user=user).key
        for operation in operations:
            fuzz(operation, token, sent)
    assert 200 in sent and 403 in sent
