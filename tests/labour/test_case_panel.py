"""The criminal case page (justice, a lower layer) shows the labour referral behind the case
through justice's panel registry, to readers who may see the complaint only."""

import pytest
from django.urls import reverse
from django.utils import timezone

from rumdoh.accounts.models import AgencyKind, AuditEvent
from rumdoh.accounts.rules.roles import Role
from rumdoh.justice import panels
from rumdoh.justice.models import CriminalCase
from rumdoh.labour.case_panel import referral_panel
from rumdoh.labour.services import complaints as svc
from tests.conftest import login, make_agency, make_user

pytestmark = pytest.mark.django_db


def _referred_case(lw):  # type: ignore[no-untyped-def]
    complaint = lw.complaint()
    referral = svc.refer(lw.inspector, complaint, lw.police, timezone.localdate())
    prosecution = make_agency("Municipal Prosecution Office", AgencyKind.PROSECUTION, "01")
    case = CriminalCase.objects.create(
        police_agency=lw.police,
        prosecution_agency=prosecution,
        province="01",
        origin="referral",
        opened_by=lw.investigator,
        investigator=lw.investigator,
    )
    svc.link_criminal_case(lw.investigator, referral, case.reference)
    prosecutor = make_user(Role.PROSECUTOR, prosecution, "prosecutor")
    return complaint, case, prosecutor


def test_the_labour_panel_is_registered_with_justice():
    assert referral_panel in panels._PANELS


def test_the_police_unit_the_complaint_was_referred_to_sees_the_referral_on_the_case(lw):
    complaint, case, _prosecutor = _referred_case(lw)
    response = login(lw.investigator).get(reverse("justice:case_detail", args=[case.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Referred from a labour complaint" in html
    assert complaint.reference in html and lw.labour.name in html
    assert timezone.localdate().isoformat() in html
    assert AuditEvent.objects.filter(
        action="labour_complaint.referral_shown", object_id=str(case.pk)
    ).exists()


def test_a_reader_of_the_case_who_may_not_see_the_complaint_sees_no_referral(lw):
    complaint, case, prosecutor = _referred_case(lw)
    response = login(prosecutor).get(reverse("justice:case_detail", args=[case.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert complaint.reference not in html and "Referred from a labour complaint" not in html
    assert not AuditEvent.objects.filter(action="labour_complaint.referral_shown").exists()


def test_the_panel_reads_in_khmer(lw):
    _complaint, case, _prosecutor = _referred_case(lw)
    client = login(lw.investigator)
    client.cookies["django_language"] = "km"
    html = client.get(reverse("justice:case_detail", args=[case.pk])).content.decode()
    assert "បញ្ជូនមកពីបណ្ដឹងការងារ" in html
