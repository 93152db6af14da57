"""A deportation list received twice (the same file uploaded again, the same people in another
order or another spelling of the headers) is refused, naming the list that expects them, unless
the centre says the same people are being deported again; another centre's list, another
country's list and a list with one person more are new lists."""

from __future__ import annotations

import importlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from rumdoh.accounts.models import AuditEvent
from rumdoh.accounts.rules.roles import Role
from rumdoh.crossborder import services
from rumdoh.crossborder.models import DeportationList, Deportee
from rumdoh.crossborder.rules.deportee_lists import DeporteeRow, list_content
from tests.conftest import login, make_user
from tests.crossborder.conftest import HEADERS, LIST_DATE, Border, row

CSV = "Name,Surname,Sex,Age,Passport No.\nSrey Mom,Chan,F,24,N0123\nDara,Sok,M,31,\n"
# The same people, rows the other way round, headers as another office writes them.
REORDERED = "Given name;Family name;Sex;Age;Passport\nDara;Sok;M;31;\nSrey Mom;Chan;F;24;N0123\n"


def upload(client, content: str, again: bool = False, day: str = "2026-11-30"):  # type: ignore[no-untyped-def]
    data = {
        "file": SimpleUploadedFile("list.csv", content.encode()),
        "sent_by": "Sa Kaeo Immigration",
        "country": "TH",
        "crossing": "poipet",
        "expected_on": day,
    }
    if again:
        data["again"] = "on"
    return client.post("/crossborder/lists/new/", data)


def test_the_same_people_in_any_order_make_the_same_content() -> None:
    one = DeporteeRow(2, "Srey Mom", "Chan", "female", 2002, True, document_number="N0123")
    two = DeporteeRow(3, "Dara", "Sok", "male", 1995)
    assert list_content("TH", [one, two]) == list_content("th", [two, one])
    # Spacing and case of a name are how it was typed, not who it is.
    spaced = DeporteeRow(3, "dara ", "SOK", "male", 1995)
    assert list_content("TH", [one, spaced]) == list_content("TH", [one, two])
    # A year worked out from an age is left out (it moves with the list's date); a written one
    # is not, nor the sex, the document or the country.
    older = DeporteeRow(2, "Srey Mom", "Chan", "female", 2001, True, document_number="N0123")
    assert list_content("TH", [older, two]) == list_content("TH", [one, two])
    for other in (
        DeporteeRow(3, "Dara", "Sok", "male", 1994),
        DeporteeRow(3, "Dara", "Sok", "female", 1995),
        DeporteeRow(3, "Dara", "Sok", "male", 1995, document_number="N9"),
    ):
        assert list_content("TH", [one, other]) != list_content("TH", [one, two])
    assert list_content("VN", [one, two]) != list_content("TH", [one, two])


def test_a_file_uploaded_twice_is_refused_beside_the_box_that_says_it_is_new(
    border: Border,
) -> None:
    client = login(border.worker)
    first = upload(client, CSV)
    assert first.status_code == 302
    made = DeportationList.objects.get()
    again = upload(client, REORDERED, day="2026-12-01")
    assert again.status_code == 200
    form = again.context["form"]
    message = form.errors["again"][0]
    assert made.reference in message and "Poipet" in message and "2026-11-30" in message
    assert 'value="Sa Kaeo Immigration"' in again.content.decode(), "the details are kept"
    assert DeportationList.objects.count() == 1 and Deportee.objects.count() == 2
    # The centre says the same two are deported again: a new list, and the audit trail says so.
    confirmed = upload(client, REORDERED, again=True, day="2026-12-01")
    assert confirmed.status_code == 302
    assert DeportationList.objects.count() == 2 and Deportee.objects.count() == 4
    event = AuditEvent.objects.filter(action="crossborder.list_imported").latest("id")
    assert event.data["same_people_as"] == made.reference


def test_the_refusal_is_in_khmer_for_a_khmer_reader(border: Border) -> None:
    client = login(border.worker)
    upload(client, CSV)
    client.cookies["django_language"] = "km"
    with translation.override("km"):
        again = upload(client, CSV)
    message = again.context["form"].errors["again"][0]
    assert DeportationList.objects.get().reference in message
    assert "nothing was imported" not in message and any("\u1780" <= c <= "\u17ff" for c in message)


def test_new_people_another_country_or_another_centre_make_a_new_list(border: Border) -> None:
    people = [row("Srey Mom", "Chan", "F", "24", "N0123"), row("Dara", "Sok", "M", "31")]
    first = border.import_list(people)
    more = border.import_list([*people, row("Vichet", "Kim", "M", "40")])
    assert more.pk != first.pk
    from_vietnam = services.import_list(
        border.worker,
        services.ListDetails("Moc Bai", "VN", "bavet", LIST_DATE),
        HEADERS,
        people,
    )
    assert from_vietnam.fingerprint != first.fingerprint
    elsewhere = make_user(Role.CASE_WORKER, border.other_centre, "krtc.receiver")
    theirs = services.import_list(
        elsewhere, services.ListDetails("Sa Kaeo", "TH", "poipet", LIST_DATE), HEADERS, people
    )
    assert theirs.fingerprint == first.fingerprint and theirs.agency == border.other_centre
    with pytest.raises(services.ListAlreadyImported) as refused:
        border.import_list(list(reversed(people)))
    assert refused.value.earlier == more or refused.value.earlier == first
    assert refused.value.field == "again"


def test_the_api_answers_400_on_again_and_imports_with_it(border: Border) -> None:
    client = login(border.worker)

    def post(again: bool | None = None):  # type: ignore[no-untyped-def]
        data = {"file": SimpleUploadedFile("l.csv", CSV.encode()), "sent_by": "x",
                "crossing": "poipet", "expected_on": "2026-11-30"}  # fmt: skip
        if again is not None:
            data["again"] = "true" if again else "false"
        return client.post("/api/v1/crossborder/lists/", data)

    assert post().status_code == 201
    refused = post(False)
    assert refused.status_code == 400 and "DL-" in refused.json()["again"][0]
    assert post(True).status_code == 201
    assert DeportationList.objects.count() == 2


def test_lists_received_before_are_fingerprinted_by_the_migration(border: Border) -> None:
    from django.apps import apps

    migration = importlib.import_module("rumdoh.crossborder.migrations.0005_list_fingerprint")
    made = border.import_list(
        [row("Srey Mom", "Chan", "F", "24", "N0123"), row("Dara", "Sok", "M", "31")]
    )
    expected = made.fingerprint
    DeportationList.objects.update(fingerprint="")
    migration.fingerprint_lists(apps, None)
    made.refresh_from_db()
    assert made.fingerprint == expected and len(expected) == 32
