"""The cross-border pages and API: a list uploaded with its errors shown, an arrival registered
and screened from the list, a repatriation moved, a letter printed, a signed message posted."""

from __future__ import annotations

import json
from datetime import date

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.files.uploadedfile import SimpleUploadedFile

from rumdoh.accounts.models import AuditEvent
from rumdoh.crossborder import services
from rumdoh.crossborder.models import Counterpart, DeportationList, Repatriation
from rumdoh.crossborder.rules import exchange
from rumdoh.screening.rules.questions import SHORT
from tests.conftest import login, make_person
from tests.crossborder.conftest import Border, row
from tests.screening.helpers import short_form_post

CSV = "Name,Surname,Sex,Age,Passport No.\nSrey Mom,Chan,F,24,N0123\nDara,Sok,M,31,\n"


def upload(client, content: str, name: str = "list.csv"):  # type: ignore[no-untyped-def]
    return client.post(
        "/crossborder/lists/new/",
        {
            "file": SimpleUploadedFile(name, content.encode()),
            "sent_by": "Sa Kaeo Immigration",
            "country": "TH",
            "crossing": "poipet",
            "expected_on": "2026-11-30",
        },
    )


def test_a_list_is_uploaded_and_a_bad_one_shows_every_row_and_keeps_the_details(
    border: Border,
) -> None:
    client = login(border.worker)
    bad = upload(client, "Name,Sex,Age\nSrey Mom,Q,24\n,F,abc\n")
    assert bad.status_code == 200
    html = bad.content.decode()
    assert "Row 2, sex: “Q” is not F, M" in html
    assert "Row 3, name: the name is empty." in html and "Row 3, age:" in html
    assert 'value="Sa Kaeo Immigration"' in html
    assert not DeportationList.objects.exists()
    good = upload(client, CSV)
    made = DeportationList.objects.get()
    assert good.status_code == 302 and good["Location"] == f"/crossborder/lists/{made.pk}/"
    page = client.get(good["Location"]).content.decode()
    assert "Srey Mom Chan" in page and "Listed 2, arrived 0" in page
    assert (
        client.get("/crossborder/lists/?crossing=bavet").content.decode().count(made.reference) == 0
    )
    assert made.reference in client.get("/crossborder/lists/").content.decode()


def test_arrival_then_short_form_then_the_next_arrival(border: Border) -> None:
    made = border.import_list([row("Srey Mom", "Chan", "F", "24"), row("Dara", "Sok", "M", "31")])
    first, second = made.deportees.order_by("row")
    client = login(border.screener)
    services.register_arrival(border.screener, second.pk)
    arrived = client.post(f"/crossborder/deportees/{first.pk}/arrived/")
    assert arrived["Location"] == f"/crossborder/deportees/{first.pk}/screen/"
    form = client.get(arrived["Location"])
    assert form.status_code == 200
    assert 'name="q_' in form.content.decode(), "the short form's questions are on the page"
    data = short_form_post(sex="female", location="")
    saved = client.post(arrived["Location"], data)
    assert saved.status_code == 302, saved.content.decode()[:2000]
    assert saved["Location"] == f"/crossborder/deportees/{second.pk}/screen/"
    first.refresh_from_db()
    assert first.screening is not None


def test_other_agencies_get_404_and_other_roles_403(border: Border) -> None:
    made = border.import_list([row("Dara", "Sok", "M", "31")])
    assert login(border.stranger).get(f"/crossborder/lists/{made.pk}/").status_code == 404
    assert login(border.investigator).get("/crossborder/lists/").status_code == 403
    assert login(border.consul).get("/crossborder/requests/").status_code == 403


def test_another_centre_finds_no_one_on_a_list_not_its_own(border: Border) -> None:
    made = border.import_list([row("Dara", "Sok", "M", "31"), row("Srey Mom", "Chan", "F", "24")])
    expected, arrived = made.deportees.order_by("row")
    services.register_arrival(border.screener, arrived.pk)
    stranger = login(border.stranger)
    assert stranger.post(f"/crossborder/deportees/{expected.pk}/arrived/").status_code == 404
    assert stranger.post(f"/crossborder/deportees/{expected.pk}/absent/").status_code == 404
    assert stranger.get(f"/crossborder/deportees/{arrived.pk}/screen/").status_code == 404
    assert stranger.get("/api/v1/crossborder/deportees/").json()["results"] == []
    assert stranger.get(f"/api/v1/crossborder/deportees/{arrived.pk}/").status_code == 404
    api_arrival = stranger.post(f"/api/v1/crossborder/deportees/{expected.pk}/arrived/")
    assert api_arrival.status_code == 404
    expected.refresh_from_db()
    assert expected.status == "expected"
    own = login(border.screener)
    assert own.get(f"/crossborder/deportees/{arrived.pk}/screen/").status_code == 200
    assert own.get(f"/crossborder/deportees/{expected.pk}/screen/").status_code == 404


def test_a_repatriation_is_opened_moved_and_seen_by_the_embassy_without_documents(
    border: Border,
) -> None:
    person = make_person(border.worker, nationality="KH")
    client = login(border.worker)
    opened = client.post(
        "/crossborder/repatriations/new/",
        {"person": person.reference, "direction": "home", "country": "TH",
         "embassy": border.embassy.pk, "requested_on": "2026-12-01",
         "travel_documents": "Laissez-passer 42"},
    )  # fmt: skip
    repatriation = Repatriation.objects.get()
    assert opened["Location"] == f"/crossborder/repatriations/{repatriation.pk}/"
    moved = client.post(
        f"/crossborder/repatriations/{repatriation.pk}/stage/",
        {"stage": "documents", "on": "2026-12-02", "version": 1},
    )
    assert moved.status_code == 302
    repatriation.refresh_from_db()
    assert repatriation.stage == "documents"
    stale = client.post(
        f"/crossborder/repatriations/{repatriation.pk}/stage/",
        {"stage": "travel_arranged", "on": "2026-12-02", "version": 1},
    )
    assert stale.status_code == 400
    repatriation.refresh_from_db()
    assert repatriation.stage == "documents"
    consul = login(border.consul)
    page = consul.get(f"/crossborder/repatriations/{repatriation.pk}/").content.decode()
    assert "Travel documents ready" in page and "Laissez-passer" not in page
    assert "Record the next stage" not in page
    api = consul.get("/api/v1/crossborder/repatriations/").json()
    assert api["results"][0]["stage"] == "documents" and "travel_documents" not in api["results"][0]
    assert AuditEvent.objects.filter(action="repatriation.listed", user=border.consul).exists()


def test_lists_and_repatriations_are_found_by_their_numbers_however_typed(border: Border) -> None:
    made = border.import_list([row("Dara", "Sok", "M", "31")])
    person = make_person(border.worker, nationality="KH")
    client = login(border.worker)
    opened = client.post(
        "/crossborder/repatriations/new/",
        {"person": f"p {person.pk}", "direction": "home", "country": "TH",
         "embassy": border.embassy.pk, "requested_on": "2026-12-01"},
    )  # fmt: skip
    assert opened.status_code == 302
    repatriation = Repatriation.objects.get(person=person)

    def listed(url: str, q: str, reference: str) -> bool:
        return reference in client.get(url, {"q": q}).content.decode()

    for typed in (made.reference, f"dl{made.pk}", f" DL - {made.pk} "):
        assert listed("/crossborder/lists/", typed, made.reference), typed
    assert not listed("/crossborder/lists/", f"DL-{made.pk}x", made.reference)
    for typed in (repatriation.reference, f"rp{repatriation.pk}", f"P {person.pk}"):
        assert listed("/crossborder/repatriations/", typed, repatriation.reference), typed
    assert not listed("/crossborder/repatriations/", "RP-²", repatriation.reference)


def test_a_wrong_person_number_is_explained_and_the_input_kept(border: Border) -> None:
    response = login(border.worker).post(
        "/crossborder/repatriations/new/",
        {"person": "P-999999", "direction": "home", "country": "TH", "requested_on": "2026-12-01",
         "escort": "Ms Dany"},
    )  # fmt: skip
    html = response.content.decode()
    assert "No person with this number that your agency may see." in html
    assert 'value="Ms Dany"' in html


def test_the_letter_prints_in_khmer_and_english(border: Border) -> None:
    item = services.open_request(
        border.investigator,
        {"direction": "outgoing", "kind": "mla",
         "counterpart_name": "Office of the Attorney General", "country": "TH",
         "subject": "Statements of two witnesses", "sent_on": date(2026, 12, 1)},
    )  # fmt: skip
    client = login(border.investigator)
    english = client.get(f"/crossborder/requests/{item.pk}/letter/en/").content.decode()
    assert "Statements of two witnesses" in english and "2027-03-01" in english
    khmer = client.get(f"/crossborder/requests/{item.pk}/letter/km/").content.decode()
    assert 'lang="km"' in khmer and "ព្រះរាជាណាចក្រកម្ពុជា" in khmer
    pdf = client.get(f"/crossborder/requests/{item.pk}/letter/km/?format=pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert client.get(f"/crossborder/requests/{item.pk}/letter/fr/").status_code == 404


def test_the_letterhead_names_the_agency_in_the_letter_s_language_first(border: Border) -> None:
    """The English letter named the agency in Khmer script only: a counterpart abroad could not
    read who wrote to it."""
    agency = border.investigator.agency
    agency.name_km = "នាយកដ្ឋានប្រឆាំងការជួញដូរមនុស្ស"
    agency.save(update_fields=["name_km"])
    item = services.open_request(
        border.investigator,
        {"direction": "outgoing", "kind": "mla", "counterpart_name": "Royal Thai Police",
         "country": "TH", "subject": "Records", "sent_on": date(2026, 12, 1)},
    )  # fmt: skip
    client = login(border.investigator)
    for language, first, second in (
        ("en", agency.name, agency.name_km),
        ("km", agency.name_km, agency.name),
    ):
        page = client.get(f"/crossborder/requests/{item.pk}/letter/{language}/").content.decode()
        assert f'<p id="letterhead">{first}<br>{second}</p>' in page, language


def test_a_counterpart_s_country_is_named_as_a_country_not_a_nationality(
    border: Border,
) -> None:
    item = services.open_request(
        border.investigator,
        {"direction": "outgoing", "kind": "evidence", "counterpart_name": "Royal Malaysia Police",
         "country": "MY", "subject": "Phone records", "sent_on": date(2026, 12, 1)},
    )  # fmt: skip
    client = login(border.investigator)
    letter = client.get(f"/crossborder/requests/{item.pk}/letter/en/").content.decode()
    assert "To: Royal Malaysia Police, Malaysia<" in letter
    page = client.get(f"/crossborder/requests/{item.pk}/").content.decode()
    assert "Royal Malaysia Police (Malaysia)" in page
    form = client.get("/crossborder/requests/new/").content.decode()
    assert '<option value="KH">Cambodia</option>' in form
    client.cookies["django_language"] = "km"
    form = client.get("/crossborder/requests/new/").content.decode()
    assert '<option value="KH">កម្ពុជា</option>' in form


def test_the_api_imports_a_list_and_registers_and_screens_an_arrival(border: Border) -> None:
    client = login(border.worker)
    bad = client.post(
        "/api/v1/crossborder/lists/",
        {"file": SimpleUploadedFile("l.csv", b"Name,Sex\n,F\n"), "sent_by": "x",
         "crossing": "poipet", "expected_on": "2026-11-30"},
    )  # fmt: skip
    assert bad.status_code == 400 and bad.json()["rows"][0]["row"] == 2
    made = client.post(
        "/api/v1/crossborder/lists/",
        {"file": SimpleUploadedFile("l.csv", CSV.encode()), "sent_by": "x",
         "crossing": "poipet", "expected_on": "2026-11-30"},
    )  # fmt: skip
    assert made.status_code == 201 and made.json()["listed"] == 2
    deportees = client.get(f"/api/v1/crossborder/deportees/?list={made.json()['id']}").json()
    first = deportees["results"][0]["id"]
    assert (
        client.post(
            f"/api/v1/crossborder/deportees/{first}/screen/", {}, content_type="application/json"
        ).status_code
        == 400
    )
    arrived = client.post(f"/api/v1/crossborder/deportees/{first}/arrived/")
    assert arrived.status_code == 200 and arrived.json()["person"]
    screened = client.post(
        f"/api/v1/crossborder/deportees/{first}/screen/",
        {"observations": {code: "no" for question in SHORT for code in question.codes}},
        content_type="application/json",
    )
    assert screened.status_code == 200 and screened.json()["determination"] == "not-indicated"


@pytest.fixture
def key(border: Border) -> Ed25519PrivateKey:
    private = Ed25519PrivateKey.generate()
    Counterpart.objects.create(
        code="th-imm", name="Thai Immigration", country="TH",
        public_key=exchange.public_pem(private), receiving_agency=border.centre,
    )  # fmt: skip
    return private


def test_a_counterpart_posts_a_signed_message_without_an_account(
    border: Border, key: Ed25519PrivateKey
) -> None:
    from django.test import Client

    envelope = exchange.sign(
        {"format": exchange.FORMAT, "sender": "th-imm", "message_id": "42",
         "sent_at": "2026-12-01T08:00:00+07:00", "kind": "deportation_notice",
         "body": {"crossing": "poipet", "date": "2026-12-02",
                  "persons": [{"name": "Bopha", "surname": "Ouk", "sex": "F"}]}},
        key,
    )  # fmt: skip
    client = Client()
    sent = client.post(
        "/api/v1/crossborder/messages", json.dumps(envelope), content_type="application/json"
    )
    receipt = sent.json()
    assert sent.status_code == 201 and receipt["body"]["outcome"].startswith("DL-")
    published = client.get("/api/v1/crossborder/exchange-key").json()["public_key"]
    exchange.verify(receipt, exchange.load_public_key(published))
    forged = {**envelope, "message_id": "43"}
    refused = client.post(
        "/api/v1/crossborder/messages", json.dumps(forged), content_type="application/json"
    )
    assert refused.status_code == 400
    refusal = refused.json()  # signed like the receipt, saying why
    exchange.verify(refusal, exchange.load_public_key(published))
    assert refusal["kind"] == "refusal" and refusal["body"]["reason"] == "bad_signature"
    assert refusal["body"]["in_reply_to"] == "43" and "signature" in refusal["body"]["detail"]


def test_a_refused_custody_transfer_keeps_the_input_and_says_why(border: Border) -> None:
    child = make_person(border.worker, birth_year=2013)
    repatriation = services.open_repatriation(
        border.worker,
        child,
        {"direction": "home", "country": "TH", "requested_on": date(2026, 12, 1)},
    )
    response = login(border.worker).post(
        f"/crossborder/repatriations/{repatriation.pk}/custody/",
        {"to_whom": "Aunt Sok Vanna", "relationship": "aunt", "authority": "PoSVY",
         "authority_reference": "12/26", "transferred_on": "2026-12-02"},
    )  # fmt: skip
    assert response.status_code == 400
    html = response.content.decode()
    assert "only after a family assessment found the return safe" in html
    assert "Aunt Sok Vanna" in html


def test_a_refused_stage_keeps_the_input_and_says_why(border: Border) -> None:
    repatriation = services.open_repatriation(
        border.worker,
        make_person(border.worker),
        {"direction": "home", "country": "TH", "requested_on": date(2026, 12, 1)},
    )
    response = login(border.worker).post(
        f"/crossborder/repatriations/{repatriation.pk}/stage/",
        {"stage": "documents", "on": "2026-11-20", "version": 1,
         "note": "Laissez-passer promised by the embassy"},
    )  # fmt: skip
    assert response.status_code == 400
    html = response.content.decode()
    assert "The date cannot be before the last stage recorded." in html
    assert "Laissez-passer promised by the embassy" in html
    repatriation.refresh_from_db()
    assert repatriation.stage == "requested"


def test_an_embassy_sees_that_and_when_a_childs_custody_was_transferred_and_nothing_more(
    border: Border,
) -> None:
    child = make_person(border.worker, birth_year=2012)
    repatriation = services.open_repatriation(
        border.worker,
        child,
        {"direction": "home", "country": "TH", "requested_on": date(2026, 12, 1),
         "embassy": border.embassy},
    )  # fmt: skip
    services.record_assessment(
        border.worker,
        repatriation.pk,
        {"traced_on": date(2026, 12, 2), "result": "safe", "findings": "Mother found."},
    )
    services.transfer_custody(
        border.worker,
        repatriation.pk,
        {"to_whom": "Mrs Sok Vanna", "relationship": "maternal aunt",
         "authority": "PoSVY Banteay Meanchey", "authority_reference": "DEC-4471/26",
         "documents": "Handover minute signed by both", "transferred_on": date(2026, 12, 3)},
    )  # fmt: skip
    hidden = ["Sok Vanna", "maternal aunt", "PoSVY Banteay", "DEC-4471", "Handover minute"]
    worker_page = login(border.worker).get(f"/crossborder/repatriations/{repatriation.pk}/")
    assert "Sok Vanna" in worker_page.content.decode()  # the responsible agency sees it all

    consul = login(border.consul)
    page = consul.get(f"/crossborder/repatriations/{repatriation.pk}/").content.decode()
    assert "Custody was transferred formally on 2026-12-03." in page
    listed = consul.get("/api/v1/crossborder/repatriations/").json()["results"][0]
    one = consul.get(f"/api/v1/crossborder/repatriations/{repatriation.pk}/").json()
    for answer in (listed, one):
        assert answer["custody_transferred_on"] == "2026-12-03"
        assert set(answer) >= {"stage", "person"}
        for field in ("to_whom", "relationship", "authority", "authority_reference", "documents"):
            assert field not in answer
    for text in (page, json.dumps(listed, ensure_ascii=False), json.dumps(one, ensure_ascii=False)):
        assert not any(secret in text for secret in hidden)
