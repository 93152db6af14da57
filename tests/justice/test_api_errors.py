"""The services' refusals through the justice API: the status and the reason, nothing saved."""

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user, token="token")
    return client


def test_not_allowed_through_the_api_is_403_with_the_reason(jw):
    case = jw.open_case()
    answer = api(jw.police).put(
        f"/api/v1/criminal-cases/{case.pk}/notes/",
        {"court_notes": "written by the police", "version": 1},
        format="json",
    )
    assert answer.status_code == 403
    assert answer.json() == {"detail": "Only the prosecutor and the court keep internal notes."}
    case.refresh_from_db()
    assert case.court_notes == ""


def test_refused_through_the_api_is_400_with_the_reason(jw):
    case, _victim = jw.case_with_victim()
    answer = api(jw.police).post(
        f"/api/v1/criminal-cases/{case.pk}/stage/",
        {"to_stage": "sent_to_prosecutor", "responsible_agency": jw.prosecution_agency.pk},
        format="json",
    )
    assert answer.status_code == 400
    assert list(answer.json()) == ["detail"] and "recommended charge" in answer.json()["detail"]
