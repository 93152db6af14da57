"""Files of a protection case and of a criminal case follow the case's own access rules."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from rumdoh.accounts.models import AuditEvent
from rumdoh.attachments.models import Attachment
from rumdoh.justice import court, retention
from rumdoh.justice import services as justice
from rumdoh.justice.models import CriminalCase
from rumdoh.protection import services as protection
from tests.attachments.helpers import JPEG, PDF, upload_file
from tests.conftest import login
from tests.protection.helpers import owner_case

pytestmark = pytest.mark.django_db


def _upload(client, kind, pk, data=PDF, file_kind="consent_form"):
    form = {"kind": file_kind, "title": "Referral form, signed", "file": upload_file(data)}
    return client.post(reverse("attachments:upload", args=[kind, pk]), form)


def test_case_owner_adds_a_file_on_the_case_page_and_the_partner_reads_it(world):
    case = owner_case(world)
    owner = login(world.owner)
    page = owner.get(reverse("protection:case_detail", args=[case.pk])).content.decode()
    assert reverse("attachments:upload", args=["case", case.pk]) in page
    response = _upload(owner, "case", case.pk)
    assert response["Location"].endswith(f"/protection/cases/{case.pk}/#attachments")
    attachment = Attachment.objects.get(protection_case=case)
    partner = login(world.partner)
    page = partner.get(reverse("protection:case_detail", args=[case.pk])).content.decode()
    assert "Referral form, signed" in page
    assert reverse("attachments:upload", args=["case", case.pk]) not in page
    assert partner.get(reverse("attachments:download", args=[attachment.pk])).content == PDF
    assert _upload(partner, "case", case.pk).status_code == 403
    event = AuditEvent.objects.get(action="attachment.downloaded", user=world.partner)
    assert event.person_id == world.person.pk and event.data["record"] == "case"


def test_outsider_gets_404_for_a_case_file(world):
    case = owner_case(world)
    _upload(login(world.owner), "case", case.pk)
    attachment = Attachment.objects.get()
    outsider = login(world.outsider)
    assert outsider.get(reverse("attachments:download", args=[attachment.pk])).status_code == 404
    assert _upload(outsider, "case", case.pk).status_code == 404


def test_a_closed_case_takes_no_more_files_but_keeps_its_own(world):
    case = owner_case(world)
    owner = login(world.owner)
    _upload(owner, "case", case.pk)
    protection.close_case(world.owner, case, closure_reason="reintegrated")
    assert _upload(owner, "case", case.pk).status_code == 403
    attachment = Attachment.objects.get()
    assert owner.get(reverse("attachments:download", args=[attachment.pk])).content == PDF


def test_an_unknown_kind_of_record_is_not_found(world):
    assert _upload(login(world.owner), "screening", 1).status_code == 404


def test_police_keep_evidence_photos_that_only_participants_see(jw):
    case, _victim = jw.case_with_victim()
    police = login(jw.police)
    page = police.get(reverse("justice:case_detail", args=[case.pk])).content.decode()
    assert reverse("attachments:upload", args=["criminal-case", case.pk]) in page
    response = _upload(police, "criminal-case", case.pk, JPEG, "evidence_photo")
    assert response.status_code == 302
    attachment = Attachment.objects.get(criminal_case=case)
    assert attachment.content_type == "image/jpeg"
    assert police.get(reverse("attachments:download", args=[attachment.pk])).content == JPEG
    # The NGO caring for the victim hears back about the case, but never sees its evidence.
    ngo = login(jw.world.owner)
    assert ngo.get(reverse("justice:case_detail", args=[case.pk])).status_code == 200
    assert ngo.get(reverse("attachments:download", args=[attachment.pk])).status_code == 404
    other = login(jw.other_police)
    assert other.get(reverse("attachments:download", args=[attachment.pk])).status_code == 404
    assert _upload(other, "criminal-case", case.pk).status_code == 404


def test_retention_erases_a_criminal_cases_files_with_its_personal_data(jw):
    case, _suspect, charge = jw.at_trial()
    _upload(login(jw.police), "criminal-case", case.pk, JPEG, "evidence_photo")
    assert Attachment.objects.filter(criminal_case=case).exists()
    today = timezone.localdate()
    court.record_verdict(jw.clerk, case, charge, outcome="convicted", decided_on=today)
    justice.change_stage(jw.clerk, case, "verdict")
    justice.change_stage(jw.clerk, case, "final", closure="judgment_final")
    CriminalCase.objects.filter(pk=case.pk).update(stage_since=today - timedelta(days=3660))
    assert list(retention.apply(today)) == [case.pk]
    assert not Attachment.objects.filter(criminal_case=case).exists()
    event = AuditEvent.objects.get(action="criminal_case.personal_data_erased")
    assert event.data["files"] == 1
    assert _upload(login(jw.clerk), "criminal-case", case.pk, JPEG).status_code == 403
