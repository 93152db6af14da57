"""A phone is a number: a note written in its place would never be found by a phone search."""

import pytest
from django.urls import reverse

from rumdoh.people.rules.names import is_phone
from tests.conftest import login


@pytest.mark.parametrize(
    "text", ["012 345 678", "+855 (0)12-345-678", "097.123.4567", "012/345678", "8551234567"]
)
def test_phone_numbers_as_people_write_them(text):
    assert is_phone(text)


@pytest.mark.parametrize("text", ["call my aunt", "012 345 678 (aunt)", "12345", "1" * 16, ""])
def test_notes_too_short_or_too_long_numbers_are_not_phones(text):
    assert not is_phone(text)


FORM = {"given_name": "Dara", "family_name": "Sok", "sex": "male", "nationality": "KH"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "said"),
    [("en", "Give a phone number in digits"), ("km", "សូមបញ្ចូលលេខទូរស័ព្ទជាលេខ")],
)
def test_the_person_form_and_the_api_refuse_a_note_for_a_phone(world, language, said):
    client = login(world.owner)
    client.cookies["django_language"] = language
    page = client.post(reverse("people:create"), {**FORM, "phone": "call my aunt"})
    html = page.content.decode()
    assert said in html and 'id="id_phone_error"' in html and 'value="Dara"' in html
    api = client.post(
        "/api/v1/persons/",
        {"given_name": "Dara", "phone": "call my aunt"},
        content_type="application/json",
        headers={"accept-language": language},
    )
    assert api.status_code == 400 and said in api.json()["phone"][0]
    kept = client.post(reverse("people:create"), {**FORM, "phone": " 012 345 678 "})
    assert kept.status_code == 302
