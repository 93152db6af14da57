"""Every widget's aria-describedby names elements that are on the page; refused answers say so."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django import forms
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import translation

from rumdoh.accounts.rules.roles import Role
from tests.conftest import World, login, make_user
from tests.justice.helpers import JusticeWorld
from tests.justice.scenario import everything
from tests.protection.helpers import identifier, make_provider, owner_case
from tests.screening.helpers import short_form_post


class _Elements(HTMLParser):
    """Collects every element's attributes, in page order."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}))


def elements(html: str) -> list[tuple[str, dict[str, str]]]:
    parser = _Elements()
    parser.feed(html)
    return parser.elements


def dangling_descriptions(html: str) -> list[str]:
    """Ids named in aria-describedby that no element on the page carries."""
    found = elements(html)
    ids = {attrs["id"] for _, attrs in found if "id" in attrs}
    return [
        name
        for _, attrs in found
        for name in attrs.get("aria-describedby", "").split()
        if name not in ids
    ]


def by_id(html: str, element_id: str) -> tuple[str, dict[str, str]]:
    return next((tag, attrs) for tag, attrs in elements(html) if attrs.get("id") == element_id)


class SampleForm(forms.Form):
    reference = forms.CharField(label="Reference", help_text="As written on the file.")
    answer = forms.ChoiceField(
        label="Answer",
        choices=[("yes", "Yes"), ("no", "No")],
        widget=forms.RadioSelect,
        help_text="Pick one.",
    )
    note = forms.CharField(label="Note", required=False)
    agreed = forms.BooleanField(label="Agreed", required=False)


def render(form: forms.Form) -> str:
    with translation.override("en"):
        return render_to_string("core/form_fields.html", {"form": form})


def test_a_refused_field_points_at_its_help_text_and_its_error():
    html = render(SampleForm(data={"answer": "yes"}))
    _, widget = by_id(html, "id_reference")
    assert widget["aria-describedby"].split() == ["id_reference_helptext", "id_reference_error"]
    assert widget["aria-invalid"] == "true"
    assert "As written on the file." in html and "This field is required." in html
    assert by_id(html, "id_reference_helptext")[0] == "span"
    assert by_id(html, "id_reference_error")[0] == "ul"
    assert dangling_descriptions(html) == []


def test_an_accepted_field_is_described_by_its_help_text_only():
    html = render(SampleForm(data={"reference": "F-1", "answer": "yes"}))
    _, widget = by_id(html, "id_reference")
    assert widget["aria-describedby"] == "id_reference_helptext"
    assert "aria-invalid" not in widget
    assert "errorlist" not in html
    _, note = by_id(html, "id_note")
    assert "aria-describedby" not in note


def test_a_group_of_choices_is_described_on_its_fieldset_and_each_choice_is_marked_invalid():
    html = render(SampleForm(data={"reference": "F-1"}))
    fieldsets = [attrs for tag, attrs in elements(html) if tag == "fieldset"]
    assert [f["aria-describedby"] for f in fieldsets] == ["id_answer_helptext id_answer_error"]
    radios = [a for tag, a in elements(html) if tag == "input" and a.get("type") == "radio"]
    assert len(radios) == 2
    assert all(r["aria-invalid"] == "true" and "aria-describedby" not in r for r in radios)
    assert dangling_descriptions(html) == []


def test_required_fields_are_marked_in_words_and_optional_ones_are_not():
    html = render(SampleForm())
    labels = html.split("<label")
    reference = next(part for part in labels if 'for="id_reference"' in part)
    note = next(part for part in labels if 'for="id_note"' in part)
    assert "(required)" in reference
    assert "(required)" not in note
    assert html.count("(required)") == 2  # the reference and the group of answers
    # The mark sits beside the label, so the field's name stays "Reference"; the widget says
    # "required" to assistive technology itself.
    assert 'Reference</label> <span class="required">(required)</span>' in html
    assert "required" in by_id(html, "id_reference")[1]


def test_the_required_mark_is_translated():
    with translation.override("km"):
        html = render_to_string("core/form_fields.html", {"form": SampleForm()})
    assert "(required)" not in html
    assert "(ចាំបាច់)" in html


# --- the app's own form pages -------------------------------------------------------------


def _pages(world: World) -> list[tuple[Client, str, str, dict[str, str] | None]]:
    """(client, method, url, data) for the main form pages, each as a role that may open it."""
    jw = JusticeWorld(world)
    e = everything(jw)
    case = owner_case(world)
    owner, police, prosecutor = login(world.owner), login(jw.police), login(jw.prosecutor)
    person = world.person.pk
    admin = login(make_user(Role.AGENCY_ADMIN, world.owner_agency, "admin"))
    make_provider(world.partner_agency)
    short = short_form_post()
    short["age"] = "-1"
    return [
        (Client(), "get", reverse("accounts:login"), None),
        (Client(), "post", reverse("accounts:login"), {"username": "", "password": ""}),
        (admin, "get", reverse("accounts:users"), None),
        (admin, "post", reverse("accounts:users"), {"username": "", "role": ""}),
        (admin, "get", reverse("accounts:audit"), None),
        (owner, "get", reverse("people:list"), None),
        (owner, "get", reverse("people:create"), None),
        (owner, "post", reverse("people:create"), {"given_name": ""}),
        (owner, "get", reverse("people:detail", args=[person]), None),
        (owner, "get", reverse("people:edit", args=[person]), None),
        (owner, "get", reverse("screening:form", args=["short"]), None),
        (owner, "post", reverse("screening:form", args=["short"]), short),
        (owner, "get", reverse("screening:form", args=["detailed"]), None),
        (owner, "get", reverse("screening:list"), None),
        (login(identifier(world)), "get", reverse("protection:identify", args=[person]), None),
        (owner, "get", reverse("protection:case_detail", args=[case.pk]), None),
        (owner, "get", reverse("protection:case_plan", args=[case.pk]), None),
        (owner, "post", reverse("protection:case_plan", args=[case.pk]), {}),
        (owner, "get", reverse("protection:refer", args=[person]), None),
        (owner, "get", reverse("protection:referrals"), None),
        (login(world.partner), "get", reverse("protection:provider_create"), None),
        (police, "get", reverse("justice:cases"), None),
        (police, "get", reverse("justice:case_new"), None),
        (police, "post", reverse("justice:case_new"), {}),
        (police, "get", reverse("justice:case_detail", args=[e.case.pk]), None),
        (prosecutor, "get", reverse("justice:case_detail", args=[e.case.pk]), None),
        (login(jw.clerk), "get", reverse("justice:order_detail", args=[e.order.pk]), None),
        (prosecutor, "get", reverse("justice:calculator"), None),
        (prosecutor, "post", reverse("justice:calculator"), {"usd_rate": "x"}),
        (login(make_user(Role.NCCT_ANALYST, None, "analyst")), "get", "/statistics/", None),
    ]


@pytest.mark.django_db
def test_no_form_page_points_at_a_description_it_does_not_hold(world):
    checked = 0
    for client, method, url, data in _pages(world):
        client.cookies["django_language"] = "en"
        response = client.post(url, data) if method == "post" else client.get(url)
        assert response.status_code == 200, (method, url, response.status_code)
        html = response.content.decode()
        assert dangling_descriptions(html) == [], (method, url)
        checked += html.count("aria-describedby=")
    assert checked > 20  # the pages do describe their fields: the check is not vacuous
