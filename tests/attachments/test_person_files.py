"""Files on a person's page: who adds, who downloads, who is told nothing exists."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rumdoh.accounts.models import AuditEvent
from rumdoh.attachments import access, services
from rumdoh.attachments.models import Attachment
from rumdoh.core.errors import NotAllowed, Refused
from rumdoh.core.rules.crypto import DecryptionError
from rumdoh.people.models import AccessSource, PersonAccess
from tests.attachments.helpers import HTML_AS_PDF, PDF, PNG, SECRET, attach, upload_file
from tests.conftest import login

pytestmark = pytest.mark.django_db


def _upload(
    client, person_id, data=PDF, name="consent.pdf", ctype="application/pdf", follow=False, **extra
):
    form = {"kind": "consent_form", "title": "Consent to share, signed"}
    form.update(extra)
    form["file"] = upload_file(data, name, ctype)
    url = reverse("attachments:upload", args=["person", person_id])
    return client.post(url, form, follow=follow)


def _raw_row(pk):
    with connection.cursor() as cursor:
        cursor.execute("SELECT content, title FROM attachments_attachment WHERE id = %s", [pk])
        content, title = cursor.fetchone()
    return bytes(content), title


def test_owner_uploads_and_downloads_the_very_same_bytes(world):
    client = login(world.owner)
    response = _upload(client, world.person.pk)
    assert response.status_code == 302
    assert response["Location"].endswith(f"/people/{world.person.pk}/#attachments")
    attachment = Attachment.objects.get()
    assert (attachment.kind, attachment.content_type, attachment.size) == (
        "consent_form",
        "application/pdf",
        len(PDF),
    )
    assert attachment.agency == world.owner_agency and attachment.uploaded_by == world.owner
    download = client.get(reverse("attachments:download", args=[attachment.pk]))
    assert download.status_code == 200
    assert download.content == PDF


def test_the_database_holds_neither_the_content_nor_the_title_in_clear(world):
    attachment = attach(world)
    content, title = _raw_row(attachment.pk)
    assert SECRET not in content and b"%PDF" not in content
    assert content.startswith(b"v1.")
    assert "Consent" not in title


def test_a_download_is_an_attachment_of_the_proven_type_never_sniffed_nor_cached(world):
    client = login(world.owner)
    _upload(client, world.person.pk, data=PNG, name="scan.bin", ctype="application/octet-stream")
    attachment = Attachment.objects.get()
    response = client.get(reverse("attachments:download", args=[attachment.pk]))
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == f'attachment; filename="{attachment.reference}.png"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "no-store"
    assert response.content == PNG


def test_every_upload_download_and_deletion_is_in_the_audit_trail(world):
    client = login(world.owner)
    _upload(client, world.person.pk)
    attachment = Attachment.objects.get()
    client.get(reverse("attachments:download", args=[attachment.pk]) + "?why=court+request")
    client.post(reverse("attachments:delete", args=[attachment.pk]), {"confirm": "on"})
    events = AuditEvent.objects.filter(object_type="attachments.attachment").order_by("pk")
    assert [e.action for e in events] == [
        "attachment.uploaded",
        "attachment.downloaded",
        "attachment.deleted",
    ]
    assert {e.person_id for e in events} == {world.person.pk}
    assert {e.user for e in events} == {world.owner}
    assert events[1].reason == "court request"
    assert events[0].data["size"] == len(PDF) and events[0].data["kind"] == "consent_form"


def test_partner_the_person_consented_to_downloads_but_cannot_add(world):
    attachment = attach(world)
    client = login(world.partner)
    page = client.get(reverse("people:detail", args=[world.person.pk])).content.decode()
    assert "Consent to share, signed" in page
    assert reverse("attachments:download", args=[attachment.pk]) in page
    assert reverse("attachments:upload", args=["person", world.person.pk]) not in page
    assert client.get(reverse("attachments:download", args=[attachment.pk])).content == PDF
    assert _upload(client, world.person.pk).status_code == 403
    assert Attachment.objects.count() == 1
    assert AuditEvent.objects.filter(action="attachment.downloaded", user=world.partner).exists()


def test_partner_cannot_delete_the_owners_file(world):
    attachment = attach(world)
    client = login(world.partner)
    url = reverse("attachments:delete", args=[attachment.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"confirm": "on"}).status_code == 403
    assert Attachment.objects.filter(pk=attachment.pk).exists()


def test_outsider_is_told_nothing_exists(world):
    attachment = attach(world)
    client = login(world.outsider)
    for url in (
        reverse("attachments:download", args=[attachment.pk]),
        reverse("attachments:delete", args=[attachment.pk]),
        reverse("attachments:list", args=["person", world.person.pk]),
        reverse("attachments:download", args=[attachment.pk + 1000]),
    ):
        assert client.get(url).status_code == 404, url
    assert _upload(client, world.person.pk).status_code == 404
    assert client.post(reverse("attachments:delete", args=[attachment.pk])).status_code == 404
    assert not AuditEvent.objects.filter(action="attachment.downloaded").exists()


def test_an_html_page_renamed_pdf_is_refused_with_the_reason(world):
    response = _upload(login(world.owner), world.person.pk, data=HTML_AS_PDF)
    assert response.status_code == 400
    assert "not a PDF, JPEG, PNG or WebP file" in response.content.decode()
    assert not Attachment.objects.exists()
    assert not AuditEvent.objects.filter(action="attachment.uploaded").exists()


def test_a_file_over_the_limit_is_refused_with_the_limit(world, settings):
    big = b"%PDF-1.4\n" + b"0" * settings.RUMDOH_ATTACHMENT_MAX_BYTES
    response = _upload(login(world.owner), world.person.pk, data=big)
    assert response.status_code == 400
    assert "the largest file accepted is 10.0" in response.content.decode()
    assert not Attachment.objects.exists()


def test_an_upload_is_never_written_to_a_temporary_file(world, settings, tmp_path):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    scan = b"%PDF-1.4\n" + b"1" * (5 * 1024 * 1024)  # above Django's 2.5 MB in-memory limit
    assert _upload(login(world.owner), world.person.pk, data=scan).status_code == 302
    assert list(tmp_path.iterdir()) == []
    assert (
        login(world.owner)
        .get(reverse("attachments:download", args=[Attachment.objects.get().pk]))
        .content
        == scan
    )


def test_an_empty_file_or_a_missing_title_is_refused(world):
    client = login(world.owner)
    assert _upload(client, world.person.pk, data=b"").status_code == 400
    assert _upload(client, world.person.pk, title="").status_code == 400
    assert not Attachment.objects.exists()


def test_owner_deletes_only_after_confirming(world):
    attachment = attach(world)
    client = login(world.owner)
    url = reverse("attachments:delete", args=[attachment.pk])
    page = client.get(url)
    assert page.status_code == 200 and "cannot be brought back" in page.content.decode()
    assert client.post(url, {}).status_code == 200
    assert Attachment.objects.filter(pk=attachment.pk).exists()
    response = client.post(url, {"confirm": "on"})
    assert response.status_code == 302 and not Attachment.objects.exists()


def test_the_panel_shows_the_newest_files_and_the_full_list_pages(world):
    for n in range(26):
        attach(world, PNG + bytes([n]), kind="identity_document")
    client = login(world.owner)
    page = client.get(reverse("people:detail", args=[world.person.pk])).content.decode()
    assert page.count("/download/") == 10
    full = reverse("attachments:list", args=["person", world.person.pk])
    assert full in page
    first = client.get(full).content.decode()
    assert first.count("/download/") == 25 and "?page=2" in first
    assert client.get(full, {"page": 2}).content.decode().count("/download/") == 1
    assert AuditEvent.objects.filter(action="attachment.listed", user=world.owner).count() == 2


def test_a_deleted_person_takes_their_files_along(world):
    attach(world)
    world.person.delete()
    assert not Attachment.objects.exists()


def test_a_file_moved_to_another_row_does_not_open(world):
    first, second = attach(world, PDF), attach(world, PNG)
    sealed, _title = _raw_row(first.pk)
    Attachment.objects.filter(pk=second.pk).update(content=sealed)
    attachment, parent = access.get_attachment_for_user(world.owner, second.pk)
    with pytest.raises(DecryptionError):
        services.open_content(world.owner, attachment, parent)
    assert not AuditEvent.objects.filter(action="attachment.downloaded").exists()


def test_a_refusal_and_the_panel_read_in_khmer(world, settings):
    client = login(world.owner)
    client.cookies["django_language"] = "km"
    settings.RUMDOH_ATTACHMENT_MAX_BYTES = 1000
    refused = _upload(client, world.person.pk, data=HTML_AS_PDF).content.decode()
    assert "ឯកសារនេះមិនមែនជាឯកសារ PDF, JPEG, PNG ឬ WebP ទេ" in refused
    big = _upload(client, world.person.pk, data=b"%PDF-" + b"0" * 2000).content.decode()
    assert "ឯកសារធំបំផុតដែលអាចទទួលយកបានគឺ 1000\xa0បៃ" in big
    attach(world)
    page = client.get(reverse("people:detail", args=[world.person.pk])).content.decode()
    assert "ឯកសារភ្ជាប់" in page and "លិខិតយល់ព្រម ឬលិខិតបញ្ជូនបន្ត" in page
    assert "Download" not in page and "ទាញយក" in page


def test_a_longer_list_of_files_costs_no_more_queries(world, django_assert_max_num_queries):
    client = login(world.owner)
    full = reverse("attachments:list", args=["person", world.person.pk])
    page = reverse("people:detail", args=[world.person.pk])
    attach(world)
    with CaptureQueriesContext(connection) as one_list:
        client.get(full)
    with CaptureQueriesContext(connection) as one_page:
        client.get(page)
    for n in range(6):
        attach(world, PDF + bytes([n]))
    with django_assert_max_num_queries(len(one_list)):
        client.get(full)
    with django_assert_max_num_queries(len(one_page)):
        client.get(page)


def test_the_services_refuse_with_the_one_error_model_of_the_project(world):
    parent = access.get_parent_for_user(world.owner, access.PERSON, world.person.pk)
    with pytest.raises(Refused, match="not a PDF, JPEG, PNG or WebP file"):
        services.upload(
            world.owner,
            parent,
            kind="consent_form",
            title="Not a scan",
            file=upload_file(HTML_AS_PDF),
            size=len(HTML_AS_PDF),
        )
    partners_view = access.get_parent_for_user(world.partner, access.PERSON, world.person.pk)
    with pytest.raises(NotAllowed, match="Only those who may change this record"):
        services.upload(
            world.partner,
            partners_view,
            kind="consent_form",
            title="Consent to share, signed",
            file=upload_file(),
            size=len(PDF),
        )
    attachment = attach(world)
    with pytest.raises(NotAllowed, match="Only the agency that added this file"):
        services.delete(world.partner, attachment, partners_view)
    assert Attachment.objects.count() == 1


def test_a_partner_refused_on_the_page_and_in_the_api_is_told_why(world):
    client = login(world.partner)
    page = _upload(client, world.person.pk)
    assert page.status_code == 403
    assert "Only those who may change this record can add files to it." in page.content.decode()
    answer = client.post(
        "/api/v1/attachments/",
        {
            "record_type": "person",
            "record_id": world.person.pk,
            "kind": "consent_form",
            "title": "Consent to share, signed",
            "file": upload_file(),
        },
    )
    assert answer.status_code == 403
    assert answer.json() == {"detail": "Only those who may change this record can add files to it."}


@pytest.mark.parametrize("source", [AccessSource.REFERRAL, AccessSource.IDENTIFICATION_REQUEST])
def test_an_agency_that_sees_the_person_only_by_referral_or_request_sees_no_files(world, source):
    attachment = attach(world)
    PersonAccess.objects.create(
        person=world.person, agency=world.outsider_agency, source=source, source_id=1
    )
    client = login(world.outsider)
    page = client.get(reverse("people:detail", args=[world.person.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="attachments"' not in html
    assert "Consent to share, signed" not in html
    for url in (
        reverse("attachments:download", args=[attachment.pk]),
        reverse("attachments:list", args=["person", world.person.pk]),
        f"/api/v1/attachments/{attachment.pk}/",
        f"/api/v1/attachments/{attachment.pk}/content/",
    ):
        assert client.get(url).status_code == 404, url
    listed = client.get("/api/v1/attachments/").json()
    assert listed["results"] == []


def test_the_same_file_sent_twice_is_kept_once_and_the_page_shows_the_first(world, settings):
    client = login(world.owner)
    first = _upload(client, world.person.pk)
    again = _upload(client, world.person.pk, follow=True)
    kept = Attachment.objects.get()
    assert first.status_code == 302
    assert again.redirect_chain[-1][0].endswith(f"/people/{world.person.pk}/#attachments")
    assert f"already kept with this record as {kept.reference}" in again.content.decode()
    assert AuditEvent.objects.filter(action="attachment.uploaded").count() == 1
    client.cookies["django_language"] = "km"
    khmer = _upload(client, world.person.pk, follow=True).content.decode()
    assert f"ឯកសារនេះត្រូវបានរក្សាទុកជាមួយកំណត់ត្រានេះរួចហើយជា {kept.reference}" in khmer
    assert Attachment.objects.count() == 1


def test_the_same_file_is_kept_again_once_the_moments_have_passed(world):
    first = attach(world)
    other = attach(world, PNG)
    assert Attachment.objects.count() == 2
    an_hour_ago = first.uploaded_at - timedelta(hours=1)
    Attachment.objects.filter(pk=first.pk).update(uploaded_at=an_hour_ago)
    later = attach(world)
    assert later.pk not in (first.pk, other.pk) and Attachment.objects.count() == 3
