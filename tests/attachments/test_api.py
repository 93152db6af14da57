"""The attachments API answers as the pages do: same rules, same trail, same refusals."""

import pytest
import yaml

from rumdoh.accounts.models import AuditEvent
from rumdoh.attachments.models import Attachment
from tests.attachments.helpers import HTML_AS_PDF, PDF, PNG, attach, upload_file
from tests.conftest import login
from tests.protection.helpers import owner_case

pytestmark = pytest.mark.django_db

URL = "/api/v1/attachments/"


def _post(client, record_id, data=PDF, record_type="person", **extra):
    form = {
        "record_type": record_type,
        "record_id": record_id,
        "kind": "identity_document",
        "title": "Passport, photo page",
        "file": upload_file(data, "passport.pdf"),
    }
    form.update(extra)
    return client.post(URL, form)


def test_api_upload_then_download_gives_the_same_bytes(world):
    client = login(world.owner)
    created = _post(client, world.person.pk, PNG)
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["record_type"], body["record_id"], body["content_type"]) == (
        "person",
        world.person.pk,
        "image/png",
    )
    assert body["size"] == len(PNG) and len(body["sha256"]) == 64
    response = client.get(body["download"], HTTP_X_ACCESS_REASON="checking identity")
    assert response.status_code == 200
    assert response.content == PNG
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "no-store"
    event = AuditEvent.objects.get(action="attachment.downloaded")
    assert (event.user, event.person_id, event.reason) == (
        world.owner,
        world.person.pk,
        "checking identity",
    )


def test_api_download_answers_a_client_asking_for_the_files_type(world):
    attachment = attach(world)
    response = login(world.partner).get(
        f"{URL}{attachment.pk}/content/", HTTP_ACCEPT="application/pdf"
    )
    assert response.status_code == 200 and response.content == PDF
    refused = login(world.outsider).get(
        f"{URL}{attachment.pk}/content/", HTTP_ACCEPT="application/pdf"
    )
    assert refused.status_code == 404 and refused["Content-Type"] == "application/json"
    assert "detail" in refused.json()


def test_api_lists_files_of_visible_records_only_page_by_page(world):
    attach(world)
    case = owner_case(world)
    _post(login(world.owner), case.pk, record_type="case")
    partner = login(world.partner).get(URL).json()
    assert {row["record_type"] for row in partner["results"]} == {"person", "case"}
    assert partner["next"] is None and "count" not in partner
    only_case = login(world.partner).get(URL, {"case": case.pk}).json()
    assert [row["record_id"] for row in only_case["results"]] == [case.pk]
    assert login(world.outsider).get(URL).json()["results"] == []
    assert login(world.outsider).get(URL, {"person": world.person.pk}).status_code == 404
    listed = AuditEvent.objects.filter(action="attachment.listed", user=world.partner)
    assert {e.person_id for e in listed} == {world.person.pk}


def test_api_outsider_gets_404_for_a_file_and_cannot_add_one(world):
    attachment = attach(world)
    client = login(world.outsider)
    assert client.get(f"{URL}{attachment.pk}/").status_code == 404
    assert client.get(f"{URL}{attachment.pk}/content/").status_code == 404
    assert client.delete(f"{URL}{attachment.pk}/").status_code == 404
    assert _post(client, world.person.pk).status_code == 404
    assert Attachment.objects.count() == 1


def test_api_partner_reads_but_may_neither_add_nor_delete(world):
    attachment = attach(world)
    client = login(world.partner)
    assert client.get(f"{URL}{attachment.pk}/").json()["title"] == "Consent to share, signed"
    assert _post(client, world.person.pk).status_code == 403
    assert client.delete(f"{URL}{attachment.pk}/").status_code == 403
    assert Attachment.objects.count() == 1


def test_api_refuses_a_disguised_file_and_one_too_big(world, settings):
    client = login(world.owner)
    wrong = _post(client, world.person.pk, HTML_AS_PDF)
    assert wrong.status_code == 400
    assert "not a PDF, JPEG, PNG or WebP file" in str(wrong.json()["file"])
    settings.RUMDOH_ATTACHMENT_MAX_BYTES = 1000
    big = _post(client, world.person.pk, b"%PDF-1.4\n" + b"0" * 1000)
    assert big.status_code == 400 and "largest file accepted" in str(big.json()["file"])
    assert not Attachment.objects.exists()


def test_api_owner_deletes_and_the_deletion_is_audited(world):
    attachment = attach(world)
    assert login(world.owner).delete(f"{URL}{attachment.pk}/").status_code == 204
    assert not Attachment.objects.exists()
    event = AuditEvent.objects.get(action="attachment.deleted")
    assert event.object_id == str(attachment.pk) and event.person_id == world.person.pk


def test_api_schema_documents_multipart_upload_and_binary_download(world):
    schema = yaml.safe_load(login(world.owner).get("/api/v1/schema/").content)
    upload = schema["paths"][URL]["post"]["requestBody"]["content"]
    assert list(upload) == ["multipart/form-data"]
    download = schema["paths"][URL + "{id}/content/"]["get"]["responses"]["200"]["content"]
    assert set(download) == {"application/pdf", "image/jpeg", "image/png", "image/webp"}
    assert download["application/pdf"]["schema"] == {"type": "string", "format": "binary"}


def test_api_the_same_file_sent_twice_answers_200_with_the_file_kept_once(world):
    client = login(world.owner)
    created = _post(client, world.person.pk, PNG)
    again = _post(client, world.person.pk, PNG)
    assert (created.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == created.json()["id"]
    assert Attachment.objects.count() == 1
    assert _post(client, world.person.pk, PDF).status_code == 201
    assert Attachment.objects.count() == 2
