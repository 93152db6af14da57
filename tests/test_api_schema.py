"""The published schema says what the API answers: blank choices, plain arrays, error answers."""

from typing import Any

import pytest
from drf_spectacular.generators import SchemaGenerator

BLANK = {"$ref": "#/components/schemas/BlankEnum"}


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return SchemaGenerator().get_schema(request=None, public=True)


def field(schema: dict[str, Any], component: str, name: str) -> dict[str, Any]:
    return schema["components"]["schemas"][component]["properties"][name]


def answer(schema: dict[str, Any], path: str, method: str, code: str) -> dict[str, Any]:
    return schema["paths"][path][method]["responses"][code]["content"]["application/json"]


@pytest.mark.parametrize(
    ("component", "name", "enum"),
    [
        ("Case", "closure_reason", "ClosureReasonEnum"),  # read-only model field, blank-able
        ("CriminalCase", "closure", "CriminalCaseClosure"),  # a named justice enum
        ("CaseFeedback", "closure", "CriminalCaseClosure"),
        ("Suspect", "company_kind", "CompanyKind"),
        ("SuspectRequest", "company_kind", "CompanyKind"),  # "" may also be sent
        ("Warrant", "sent_via", "WarrantSentVia"),
    ],
)
def test_a_choice_that_can_be_blank_lists_blank_among_its_values(schema, component, name, enum):
    assert field(schema, component, name)["oneOf"] == [
        {"$ref": f"#/components/schemas/{enum}"},
        BLANK,
    ]
    assert "" not in schema["components"]["schemas"][enum]["enum"]
    assert schema["components"]["schemas"]["BlankEnum"] == {"enum": [""]}


def test_a_choice_that_has_blank_among_its_choices_is_not_listed_twice(schema):
    outcome = field(schema, "Arrest", "outcome")
    assert "oneOf" not in outcome
    assert "" in schema["components"]["schemas"]["CustodyOutcome"]["enum"]


def test_a_choice_that_cannot_be_blank_does_not_list_blank(schema):
    assert field(schema, "CriminalCase", "stage") == {
        "allOf": [{"$ref": "#/components/schemas/CriminalCaseStage"}],
        "readOnly": True,
    }


@pytest.mark.parametrize(
    ("path", "item"),
    [
        ("/api/v1/cases/{id}/history/", "StageChange"),
        ("/api/v1/criminal-cases/{id}/timeline/", "Transition"),
        ("/api/v1/persons/{id}/consents/", "Consent"),
        ("/api/v1/compensation-orders/{id}/payments/", "Payment"),
    ],
)
def test_a_detail_action_answering_an_array_is_documented_as_one(schema, path, item):
    assert answer(schema, path, "get", "200")["schema"] == {
        "type": "array",
        "items": {"$ref": f"#/components/schemas/{item}"},
    }
    names = [p["name"] for p in schema["paths"][path]["get"].get("parameters", [])]
    assert "page" not in names


def test_error_answers_are_documented_where_they_can_occur(schema):
    def codes(path: str, method: str) -> set[str]:
        return set(schema["paths"][path][method]["responses"])

    assert codes("/api/v1/persons/{id}/", "patch") == {"200", "400", "401", "403", "404", "409"}
    assert codes("/api/v1/cases/{id}/plan/", "put") >= {"409"}
    assert codes("/api/v1/persons/{id}/", "get") == {"200", "401", "403", "404"}
    assert codes("/api/v1/persons/", "get") >= {"400", "401", "403", "404"}  # ?q=, ?page=
    assert codes("/api/v1/offences/", "get") == {"200", "401", "403"}
    assert "409" not in codes("/api/v1/referrals/", "post")
    error = answer(schema, "/api/v1/persons/{id}/", "get", "404")["schema"]
    assert error == {"$ref": "#/components/schemas/Error"}
    assert schema["components"]["schemas"]["Error"]["required"] == ["detail"]
