"""The justice API end to end: a case from investigation to a paid compensation order."""

from datetime import timedelta

import pytest
import yaml
from django.core.management import call_command
from django.utils import timezone
from rest_framework.test import APIClient

from rumdoh.justice.models import CriminalCase

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user, token="token")
    return client


def ok(response, status=200):
    assert response.status_code == status, response.content
    return response.json()


def test_a_case_through_the_api_from_opening_to_payment(jw, world):
    police, prosecutor, clerk = api(jw.police), api(jw.prosecutor), api(jw.clerk)
    today = timezone.localdate()
    case = ok(
        police.post(
            "/api/v1/criminal-cases/",
            {
                "origin": "referral",
                "province": "01",
                "referring_agency": world.owner_agency.pk,
                "summary": "Two girls recruited for a restaurant job in Bangkok.",
            },
            format="json",
        ),
        201,
    )
    assert case["stage"] == "investigation" and case["reference"].startswith("J-")
    cid = case["id"]
    ok(
        police.post(
            f"/api/v1/criminal-cases/{cid}/victims/", {"person": jw.person.pk}, format="json"
        ),
        201,
    )
    suspect = ok(
        police.post(
            "/api/v1/suspects/",
            {"case": cid, "role": "broker", "handles": [{"app": "WeChat", "handle": "lucky88"}]},
            format="json",
        ),
        201,
    )
    company = ok(
        police.post(
            "/api/v1/suspects/",
            {
                "case": cid,
                "kind": "legal",
                "company_name": "Golden Sky Co.",
                "company_kind": "compound_operator",
                "role": "exploiter",
            },
            format="json",
        ),
        201,
    )
    assert company["reference"].startswith("SP-")
    missing = police.post(
        "/api/v1/charges/",
        {"case": cid, "suspect": suspect["id"], "offence": "LSHTSE-10", "level": "recommended"},
        format="json",
    )
    assert missing.status_code == 400 and "form of exploitation" in str(missing.json())
    ok(
        police.post(
            "/api/v1/charges/",
            {
                "case": cid,
                "suspect": suspect["id"],
                "offence": "LSHTSE-10",
                "level": "recommended",
                "exploitation": "forced_criminality",
            },
            format="json",
        ),
        201,
    )
    arrest = ok(
        police.post(
            "/api/v1/arrests/",
            {
                "case": cid,
                "suspect": suspect["id"],
                "arrested_at": (timezone.now() - timedelta(hours=5)).isoformat(),
            },
            format="json",
        ),
        201,
    )
    assert arrest["clock"]["state"] == "running" and 0 < arrest["clock"]["seconds_left"] < 43 * 3600
    ok(
        police.post(
            f"/api/v1/arrests/{arrest['id']}/outcome/", {"outcome": "charged"}, format="json"
        )
    )
    moved = ok(
        police.post(
            f"/api/v1/criminal-cases/{cid}/stage/",
            {"to_stage": "sent_to_prosecutor", "responsible_agency": jw.prosecution_agency.pk},
            format="json",
        )
    )
    assert moved["prosecution_agency"] == jw.prosecution_agency.pk
    charge = ok(
        prosecutor.post(
            "/api/v1/charges/",
            {
                "case": cid,
                "suspect": suspect["id"],
                "offence": "LSHTSE-10",
                "level": "charged",
                "exploitation": "forced_criminality",
            },
            format="json",
        ),
        201,
    )
    assert charge["trafficking"] is True
    ok(
        prosecutor.post(
            f"/api/v1/criminal-cases/{cid}/stage/", {"to_stage": "charged"}, format="json"
        )
    )
    warrant = ok(
        prosecutor.post(
            "/api/v1/warrants/",
            {
                "case": cid,
                "kind": "summons",
                "suspect": suspect["id"],
                "issued_on": today.isoformat(),
                "issued_by": "Prosecutor Sok",
            },
            format="json",
        ),
        201,
    )
    ok(
        police.post(
            f"/api/v1/warrants/{warrant['id']}/status/",
            {"status": "served", "on": today.isoformat()},
            format="json",
        )
    )
    supervision = ok(
        prosecutor.post(
            "/api/v1/supervisions/",
            {
                "case": cid,
                "suspect": suspect["id"],
                "ordered_on": today.isoformat(),
                "ordered_by": "Judge Chea",
                "conditions": ["report"],
                "reporting_every_days": 7,
                "first_due_on": today.isoformat(),
            },
            format="json",
        ),
        201,
    )
    ok(
        police.post(
            f"/api/v1/supervisions/{supervision['id']}/check-ins/",
            {"attended": True},
            format="json",
        ),
        201,
    )
    assert len(ok(police.get(f"/api/v1/supervisions/{supervision['id']}/check-ins/"))) == 1
    ok(
        prosecutor.post(
            f"/api/v1/criminal-cases/{cid}/stage/",
            {"to_stage": "trial", "responsible_agency": jw.court_agency.pk},
            format="json",
        )
    )
    ok(
        clerk.post(
            "/api/v1/hearings/",
            {
                "case": cid,
                "kind": "trial",
                "scheduled_for": (timezone.now() + timedelta(days=1)).isoformat(),
            },
            format="json",
        ),
        201,
    )
    verdict = ok(
        clerk.post(
            "/api/v1/verdicts/",
            {
                "case": cid,
                "charge": charge["id"],
                "outcome": "convicted",
                "decided_on": today.isoformat(),
                "prison_months": 100,
            },
            format="json",
        ),
        201,
    )
    assert verdict["defendant"] == suspect["id"]
    ok(clerk.post(f"/api/v1/criminal-cases/{cid}/stage/", {"to_stage": "verdict"}, format="json"))
    victim = ok(clerk.get(f"/api/v1/criminal-cases/{cid}/victims/"))[0]
    assessment = ok(
        prosecutor.post(
            "/api/v1/compensation/calculate/",
            {"victim": victim["id"], "material": [{"description": "Ransom", "amount": 12_000_000}]},
            format="json",
        )
    )
    assert assessment["total"] == 12_000_000 and assessment["worksheet"]
    order = ok(
        clerk.post(
            "/api/v1/compensation-orders/",
            {
                "case": cid,
                "victim": victim["id"],
                "defendant": suspect["id"],
                "verdict": verdict["id"],
                "worksheet": assessment["worksheet"],
                "amount_riel": 12_000_000,
                "ordered_on": today.isoformat(),
                "due_on": (today + timedelta(days=30)).isoformat(),
            },
            format="json",
        ),
        201,
    )
    ok(
        clerk.post(
            f"/api/v1/compensation-orders/{order['id']}/payments/",
            {"paid_on": today.isoformat(), "amount_riel": 12_000_000, "method": "court"},
            format="json",
        ),
        201,
    )
    ok(
        prosecutor.post(
            f"/api/v1/compensation-orders/{order['id']}/enforcement/",
            {"taken_on": today.isoformat(), "kind": "reminder"},
            format="json",
        ),
        201,
    )
    paid = ok(clerk.get(f"/api/v1/compensation-orders/{order['id']}/"))
    assert (paid["outstanding_riel"], paid["overdue"]) == (0, False)
    ok(
        clerk.post(
            f"/api/v1/criminal-cases/{cid}/stage/",
            {"to_stage": "final", "closure": "judgment_final"},
            format="json",
        )
    )
    timeline = ok(police.get(f"/api/v1/criminal-cases/{cid}/timeline/"))
    assert [t["to_stage"] for t in timeline][-1] == "final"
    assert CriminalCase.objects.get().closure == "judgment_final"
    feedback = ok(api(world.owner).get(f"/api/v1/case-feedback/{cid}/"))
    assert feedback["closure"] == "judgment_final"


def test_refusals_are_400_and_403_with_messages(jw):
    case, _victim = jw.case_with_victim()
    police = api(jw.police)
    refused = police.post(
        f"/api/v1/criminal-cases/{case.pk}/stage/",
        {"to_stage": "sent_to_prosecutor", "responsible_agency": jw.prosecution_agency.pk},
        format="json",
    )
    assert refused.status_code == 400 and "recommended charge" in refused.json()["detail"]
    suspect = jw.suspect(case)
    wrong = api(jw.clerk).post(
        "/api/v1/arrests/",
        {"case": case.pk, "suspect": suspect.pk, "arrested_at": timezone.now().isoformat()},
        format="json",
    )
    assert wrong.status_code == 400  # the court is not in this case yet: as if it did not exist
    other = jw.open_case()
    foreign = police.post(
        "/api/v1/charges/",
        {"case": other.pk, "suspect": suspect.pk, "offence": "CC-239", "level": "recommended"},
        format="json",
    )
    assert foreign.status_code == 400 and "suspect" in foreign.json()


def test_the_calculator_endpoint_without_a_victim_saves_nothing(world):
    client = APIClient()
    client.force_authenticate(world.owner)
    data = {
        "wage_currency": "USD",
        "promised_monthly_wage": "700",
        "months_worked": "2",
        "emotional_amount": 1000,
        "emotional_severity": "moderate",
        "emotional_basis": "Threats",
    }
    body = ok(client.post("/api/v1/compensation/calculate/", data, format="json"))
    assert body["worksheet"] is None
    assert body["parts"][0] == {
        "head": "wages",
        "amount": 5_740_000,
        "basis": body["parts"][0]["basis"],
    }
    assert body["total"] == 5_741_000
    bad = client.post("/api/v1/compensation/calculate/", {"punitive_amount": 5}, format="json")
    assert bad.status_code == 400 and "grounds" in bad.json()["detail"]


def test_the_schema_documents_the_justice_endpoints(tmp_path):
    out = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    schema = out.read_text()
    for path in (
        "/api/v1/criminal-cases/",
        "/api/v1/criminal-cases/{id}/stage/",
        "/api/v1/case-feedback/",
        "/api/v1/suspects/",
        "/api/v1/charges/",
        "/api/v1/arrests/{id}/outcome/",
        "/api/v1/warrants/{id}/status/",
        "/api/v1/supervisions/{id}/check-ins/",
        "/api/v1/verdicts/",
        "/api/v1/compensation-orders/{id}/payments/",
        "/api/v1/compensation/calculate/",
        "/api/v1/offences/",
        "/api/v1/interviews/",
        "/api/v1/notifications/",
    ):
        assert f"  {path}:" in schema, path


def test_a_case_sent_again_opens_no_second_case_and_answers_with_the_first(jw, world):
    """A client retrying after a lost answer gets 200 and the case the first sending opened."""
    police = api(jw.police)
    facts = {
        "origin": "referral",
        "province": "01",
        "referring_agency": world.owner_agency.pk,
        "exploitation_types": ["forced_labour"],
        "summary": "Recruited for a scam compound in Sihanoukville.",
    }
    first = ok(police.post("/api/v1/criminal-cases/", facts, format="json"), 201)
    again = ok(police.post("/api/v1/criminal-cases/", facts, format="json"), 200)
    assert again["id"] == first["id"]
    assert CriminalCase.objects.count() == 1
    other = facts | {"summary": "Another victim of the same compound."}
    assert (
        ok(police.post("/api/v1/criminal-cases/", other, format="json"), 201)["id"] != first["id"]
    )


def test_the_schema_says_a_repeated_case_answers_200(tmp_path):
    out = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    schema = yaml.safe_load(out.read_text())
    responses = schema["paths"]["/api/v1/criminal-cases/"]["post"]["responses"]
    assert set(responses) >= {"200", "201"}
    assert "no second case is opened" in responses["200"]["description"]


@pytest.mark.parametrize(("language", "said"), [
    ("en", "This field is required."),
    ("km", "ចាំបាច់បំពេញទិន្នន័យកន្លែងនេះ។"),
])  # fmt: skip
def test_a_case_is_opened_through_the_api_with_its_summary_as_on_the_page(jw, language, said):
    police = api(jw.police)
    facts = {"origin": "report", "province": "01"}
    for summary in ({}, {"summary": ""}):
        answer = police.post(
            "/api/v1/criminal-cases/",
            {**facts, **summary},
            format="json",
            HTTP_ACCEPT_LANGUAGE=language,
        )
        assert answer.status_code == 400 and "summary" in answer.json()
    missing = police.post(
        "/api/v1/criminal-cases/", facts, format="json", HTTP_ACCEPT_LANGUAGE=language
    )
    assert missing.json()["summary"] == [said]
    assert not CriminalCase.objects.exists()
