"""Names and free text are held to the shared limits, searches to a sensible size, and names
cannot reorder the page around them."""

import pytest
from django.db import connection
from django.template import Context, Template
from django.urls import reverse

from rumdoh.accounts.audit import log_action
from rumdoh.accounts.models import AuditEvent
from rumdoh.core.limits import (
    NAME_MAX,
    NOTES_MAX,
    SEARCH_MAX_CHARS,
    SEARCH_MAX_WORDS,
    TEXT_MAX,
    TITLE_MAX,
)
from rumdoh.people import services
from rumdoh.people.forms import PersonForm
from rumdoh.people.models import Consent, Person
from tests.conftest import login, make_person

pytestmark = pytest.mark.django_db

RLO = "\u202e"  # right-to-left override
ISOLATE = "\u2067"  # right-to-left isolate


def raw(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return str(cursor.fetchone()[0])


def person_post(**fields: str) -> dict[str, str]:
    data = {"family_name": "Chan", "given_name": "Dara", "sex": "male", "nationality": "KH"}
    data.update(fields)
    return data


def test_person_form_refuses_a_name_longer_than_the_limit_in_plain_words():
    form = PersonForm(data=person_post(given_name="a" * (NAME_MAX + 1)))
    assert not form.is_valid()
    assert form.errors["given_name"] == [
        f"Keep this to at most {NAME_MAX} characters; it has {NAME_MAX + 1}."
    ]
    assert PersonForm(data=person_post(given_name="a" * NAME_MAX)).is_valid()


def test_person_form_refuses_too_many_or_too_long_aliases():
    many = ", ".join(f"alias{i}" for i in range(21))
    assert "aliases_text" in PersonForm(data=person_post(aliases_text=many)).errors
    long = "Nick, " + "b" * (NAME_MAX + 1)
    assert "aliases_text" in PersonForm(data=person_post(aliases_text=long)).errors


def test_person_form_refuses_a_huge_address_abroad():
    form = PersonForm(data=person_post(province="99", foreign_address="x" * 501))
    assert "foreign_address" in form.errors


def test_api_refuses_a_name_longer_than_the_limit(world):
    response = login(world.owner).post(
        "/api/v1/persons/",
        {"given_name": "a" * (NAME_MAX + 1), "sex": "male"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["given_name"] == [
        f"Keep this to at most {NAME_MAX} characters; it has {NAME_MAX + 1}."
    ]
    assert (
        not Person.objects.filter(owner_agency=world.owner_agency)
        .exclude(pk=world.person.pk)
        .exists()
    )


def test_api_refuses_too_many_aliases_and_a_long_alias(world):
    client = login(world.owner)
    many = client.post(
        "/api/v1/persons/",
        {"given_name": "Dara", "aliases": [f"a{i}" for i in range(21)]},
        content_type="application/json",
    )
    long = client.post(
        "/api/v1/persons/",
        {"given_name": "Dara", "aliases": ["b" * (NAME_MAX + 1)]},
        content_type="application/json",
    )
    assert (many.status_code, long.status_code) == (400, 400)
    assert "aliases" in many.json() and "aliases" in long.json()


def test_sealed_text_without_a_stated_length_is_held_to_the_notes_limit(world):
    field = Consent._meta.get_field("withdrawal_reason")
    assert field.formfield().max_length == 200
    notes = Person._meta.get_field("foreign_address")
    assert notes.formfield().max_length == 500
    from rumdoh.protection.models import Identification

    unlimited = Identification._meta.get_field("notes")
    assert unlimited.formfield().max_length == NOTES_MAX


def test_a_search_with_too_many_words_is_a_clear_400_on_the_api(world):
    words = " ".join(["sok"] * (SEARCH_MAX_WORDS + 1))
    response = login(world.owner).get("/api/v1/persons/", {"q": words})
    assert response.status_code == 400
    assert f"at most {SEARCH_MAX_WORDS} words" in response.json()["q"][0]["message"]
    hundreds = " ".join(["sok"] * 300)
    assert login(world.owner).get("/api/v1/persons/", {"q": hundreds}).status_code == 400


def test_a_search_that_is_too_long_is_a_clear_400_on_the_api(world):
    response = login(world.owner).get("/api/v1/persons/", {"q": "x" * (SEARCH_MAX_CHARS + 1)})
    assert response.status_code == 400
    assert f"at most {SEARCH_MAX_CHARS} characters" in response.json()["q"][0]["message"]


def test_a_search_of_ten_words_still_runs(world):
    words = " ".join(["Chan"] * SEARCH_MAX_WORDS)
    assert login(world.owner).get("/api/v1/persons/", {"q": words}).status_code == 200


def test_a_search_with_too_many_words_says_why_on_the_page_and_lists_nobody(world):
    words = " ".join(["Sokha"] * (SEARCH_MAX_WORDS + 1))
    response = login(world.owner).get(reverse("people:list"), {"q": words})
    page = response.content.decode()
    assert response.status_code == 200
    assert f"at most {SEARCH_MAX_WORDS} words" in page
    assert world.person.reference not in page
    hundreds = login(world.owner).get(reverse("people:list"), {"q": "Sokha " * 300})
    assert f"at most {SEARCH_MAX_CHARS} characters" in hundreds.content.decode()


def test_the_service_runs_no_oversized_search(world):
    from rumdoh.people.access import visible_persons

    found, more = services.find_persons(visible_persons(world.owner), "Chan " * 50)
    assert list(found) == [] and more is False


def test_direction_controls_are_taken_out_of_names_on_input(world):
    form = PersonForm(data=person_post(given_name=f"Da{RLO}ra", aliases_text=f"{ISOLATE}Nick"))
    assert form.is_valid(), form.errors
    person = services.create_person(world.owner, form.person_data())
    assert (person.given_name, person.aliases) == ("Dara", ["Nick"])
    response = login(world.owner).post(
        "/api/v1/persons/",
        {"family_name": f"{RLO}Sok", "aliases": [f"Mom{ISOLATE}"]},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert (response.json()["family_name"], response.json()["aliases"]) == ("Sok", ["Mom"])


def test_a_name_of_direction_controls_alone_is_no_name(world):
    form = PersonForm(data=person_post(family_name=RLO, given_name=ISOLATE))
    assert not form.is_valid()
    assert "Give at least one name" in str(form.non_field_errors())


def test_the_service_takes_direction_controls_out_of_names(world):
    person = make_person(world.owner, given_name=f"{RLO}Sokha", name_km=f"សុខា{ISOLATE}")
    assert (person.given_name, person.name_km) == ("Sokha", "សុខា")


def test_names_are_isolated_on_pages_and_carry_no_direction_controls(world):
    person = Person.objects.get(pk=world.person.pk)
    # A record written before names were cleaned on input still cannot reorder the page.
    Person.objects.filter(pk=person.pk).update(given_name=f"{RLO}Sokha")
    page = login(world.owner).get(reverse("people:detail", args=[person.pk])).content.decode()
    assert "<bdi>Chan Sokha</bdi>" in page
    assert RLO not in page
    listing = login(world.owner).get(reverse("people:list")).content.decode()
    assert "<bdi>Chan Sokha</bdi>" in listing and RLO not in listing


def test_person_label_isolates_the_name_and_escapes_it(world):
    person = make_person(world.owner, given_name="<b>Ali</b>", family_name="علي")
    person.name_shown = True
    html = Template("{% load people_tags %}{{ person|person_label }}").render(
        Context({"person": person})
    )
    assert html == f"{person.reference} <bdi>علي &lt;b&gt;Ali&lt;/b&gt;</bdi>"


def test_withdrawal_reason_is_sealed_in_the_database(world):
    consent = world.person.consents.get()
    url = reverse("people:consent_withdraw", args=[world.person.pk, consent.pk])
    login(world.owner).post(
        url, {"reason": "moved to Battambang with her aunt", "confirmed": "yes"}
    )
    consent.refresh_from_db()
    assert consent.withdrawal_reason == "moved to Battambang with her aunt"
    stored = raw(Consent._meta.db_table, "withdrawal_reason", consent.pk)
    assert "Battambang" not in stored and stored.startswith("v1.")


def test_withdrawal_reason_is_held_to_its_limit(world):
    consent = world.person.consents.get()
    url = reverse("people:consent_withdraw", args=[world.person.pk, consent.pk])
    login(world.owner).post(url, {"reason": "x" * 201})
    consent.refresh_from_db()
    assert len(consent.withdrawal_reason) <= 200


def test_audit_reason_is_sealed_in_the_database(world):
    log_action("person.viewed", user=world.owner, request=None, reason="court asked about Dara")
    event = AuditEvent.objects.get(action="person.viewed")
    assert event.reason == "court asked about Dara"
    stored = raw(AuditEvent._meta.db_table, "reason", event.pk)
    assert "Dara" not in stored and stored.startswith("v1.")


def test_every_sealed_text_has_a_limit_with_one_message_even_without_a_stated_length():
    from django.core.exceptions import ValidationError

    from rumdoh.justice.models import CriminalCase
    from rumdoh.justice.serializers import ArrestSerializer

    summary = CriminalCase._meta.get_field("summary")
    with pytest.raises(ValidationError):
        summary.run_validators("s" * (NOTES_MAX + 1))
    summary.run_validators("s" * NOTES_MAX)
    assert summary.formfield().max_length == NOTES_MAX
    # A serializer built from a sealed field with its own length checks it once.
    from rest_framework.exceptions import ValidationError as Invalid

    with pytest.raises(Invalid) as refused:
        ArrestSerializer().fields["place"].run_validation("p" * 201)
    assert len(refused.value.detail) == 1


def test_file_titles_and_notes_to_identifiers_have_one_limit_in_the_model_and_the_form():
    from rumdoh.attachments.forms import AttachmentForm
    from rumdoh.attachments.models import Attachment
    from rumdoh.protection.forms import IdentificationRequestForm
    from rumdoh.protection.models import IdentificationRequest

    title = Attachment._meta.get_field("title")
    assert title.text_limit == AttachmentForm().fields["title"].max_length == TITLE_MAX
    note = IdentificationRequest._meta.get_field("note")
    assert note.text_limit == IdentificationRequestForm().fields["note"].max_length == TEXT_MAX
    form = AttachmentForm(data={"kind": "consent_form", "title": "t" * (TITLE_MAX + 1)})
    assert not form.is_valid()
    assert form.errors["title"] == [
        f"Keep this to at most {TITLE_MAX} characters; it has {TITLE_MAX + 1}."
    ]
