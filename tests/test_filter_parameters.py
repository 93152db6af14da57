"""Every API list that reads a page's filter form documents exactly that form's fields as its
query parameters (with each choice's values), plus the ids it reads itself: the documentation is
made from the form, so adding, renaming or dropping a filter changes both."""

from __future__ import annotations

import ast
import inspect
import sys
import textwrap
from typing import Any

import pytest
from django import forms
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.utils import OpenApiParameter

from rumdoh.accounts.models import Agency
from rumdoh.core.api_schema import filter_parameters


def read_forms(view_class: type) -> list[type[forms.Form]]:
    """The form classes ``view_class`` binds the query to with ``valid_filters(Form(...))`` (or
    with a function whose return annotation names the form, such as ``period_form``)."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(view_class)))
    names = sys.modules[view_class.__module__].__dict__
    found = []
    for node in ast.walk(tree):
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "valid_filters"
        ):
            continue
        (argument,) = node.args
        assert isinstance(argument, ast.Call) and isinstance(argument.func, ast.Name)
        made = names[argument.func.id]
        if not isinstance(made, type):
            made = inspect.signature(made, eval_str=True).return_annotation
        assert issubclass(made, forms.Form), made
        found.append(made)
    return found


def string_literals(view_class: type) -> set[str]:
    tree = ast.parse(textwrap.dedent(inspect.getsource(view_class)))
    return {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }


def filter_reading_operations() -> list[tuple[str, Any, type[forms.Form]]]:
    generator = SchemaGenerator()
    generator._initialise_endpoints()
    found = []
    for path, _regex, method, view in generator._get_paths_and_endpoints():
        if method != "GET" or getattr(view, "action", "list") not in ("list", None):
            continue
        for form_class in read_forms(type(view)):
            found.append((path, view, form_class))
    return found


OPERATIONS = filter_reading_operations()


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return SchemaGenerator().get_schema(request=None, public=True)


def test_the_lists_reading_filter_forms_are_found():
    # Every app's list pages share their filters with the API; a walk that found none of them
    # would pass the test below without checking anything.
    paths = {path for path, _view, _form in OPERATIONS}
    assert len(OPERATIONS) >= 20
    assert {"/api/v1/persons/", "/api/v1/screenings/", "/api/v1/statistics/"} <= paths


@pytest.mark.parametrize(
    ("path", "view", "form_class"),
    OPERATIONS,
    ids=[f"{path}:{form.__name__}" for path, _view, form in OPERATIONS],
)
def test_a_list_documents_the_fields_of_the_filter_form_it_reads(schema, path, view, form_class):
    paginator = getattr(view, "paginator", None)
    paging = (
        {p["name"] for p in paginator.get_schema_operation_parameters(view)} if paginator else set()
    )
    documented = {
        p["name"]: p
        for p in schema["paths"][path]["get"].get("parameters", [])
        if p["in"] == "query" and p["name"] not in paging
    }
    fields = form_class().fields
    missing = set(fields) - set(documented)
    assert not missing, f"{form_class.__name__} takes {sorted(missing)}, not documented"
    # Anything documented beside the form is a parameter the view reads itself, by its name.
    read = string_literals(type(view))
    unread = {name for name in set(documented) - set(fields) if name not in read}
    assert not unread, f"{sorted(unread)} documented but neither in the form nor read"
    for name, field in fields.items():
        enum = documented[name]["schema"].get("enum")
        if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
            values = [str(value) for value, _label in field.choices if value != ""]
            assert sorted(enum or []) == sorted(values), (
                f"{name}: documented {enum}, the form takes {values}"
            )
        else:
            assert enum is None, f"{name}: documented {enum}, the form takes any value"


class ExampleFilter(forms.Form):
    q = forms.CharField(label="Search", max_length=40, required=False, help_text="A P-number.")
    year = forms.IntegerField(label="Year", min_value=1900, max_value=2100, required=False)
    since = forms.DateField(label="From", required=False)
    mine = forms.BooleanField(label="Only mine", required=False)
    agency = forms.ModelChoiceField(Agency.objects.all(), label="Agency", required=False)
    state = forms.ChoiceField(label="State", choices=[("", "All")], required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [("", "All"), ("open", "Open"), ("closed", "Closed")]


def test_the_parameters_are_typed_and_described_from_the_form_fields():
    person = OpenApiParameter("person", int, description="One person, by id.")
    params = filter_parameters(ExampleFilter, person, descriptions={"since": "On or after."})
    by_name = {p.name: p for p in params}
    assert list(by_name) == ["q", "year", "since", "mine", "agency", "state", "person"]
    assert by_name["q"].type == {"type": "string", "maxLength": 40}
    assert by_name["q"].description == "A P-number."
    assert by_name["year"].type == {"type": "integer", "minimum": 1900, "maximum": 2100}
    assert by_name["year"].description == "Year"
    assert by_name["since"].type == {"type": "string", "format": "date"}
    assert by_name["since"].description == "On or after."
    assert by_name["mine"].type == {"type": "boolean"}
    assert by_name["agency"].type == {"type": "integer"}
    assert by_name["agency"].enum is None
    # Choices set when the form is made are read from an instance.
    assert by_name["state"].enum == ["open", "closed"]
    assert by_name["state"].description == "State\n\n* `open` - Open\n* `closed` - Closed"
    assert by_name["person"] is person
    assert not any(p.required for p in params)


def test_a_description_or_extra_that_does_not_match_the_form_is_refused():
    with pytest.raises(ValueError, match="until"):
        filter_parameters(ExampleFilter, descriptions={"until": "On or before."})
    with pytest.raises(ValueError, match="q"):
        filter_parameters(ExampleFilter, OpenApiParameter("q", str))


def test_the_descriptions_are_in_english_whatever_the_active_language():
    from django.utils import translation

    from rumdoh.intake.forms import TipFilterForm

    with translation.override("km"):
        params = {p.name: p for p in filter_parameters(TipFilterForm)}
    assert params["overdue"].description == "Tips past their due date with no outcome recorded yet."
