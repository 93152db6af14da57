"""Labour complaints: the stages, the referral a crime requires, access, alerts and history."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from rumdoh.core.errors import NotAllowed, Refused, StaleEdit
from rumdoh.labour import access, alerts
from rumdoh.labour.choices import Stage
from rumdoh.labour.models import ComplaintEvent
from rumdoh.labour.services import complaints as svc
from rumdoh.notices.models import Notification
from tests.conftest import login
from tests.labour.helpers import days

pytestmark = pytest.mark.django_db


def test_an_agreement_closes_a_complaint_with_its_history(lw):
    c = lw.complaint()
    c = svc.schedule_hearing(lw.inspector, c, timezone.localdate(), c.version)
    c = svc.record_conciliation(
        lw.inspector,
        c,
        agreed=True,
        on=timezone.localdate(),
        version=c.version,
        terms="Back wages paid in two instalments.",
        amount_usd=900,
    )
    c = svc.close_complaint(lw.inspector, c, timezone.localdate(), c.version)
    assert c.stage == Stage.CLOSED
    moves = list(ComplaintEvent.objects.filter(complaint=c).values_list("to_stage", flat=True))
    assert moves == ["filed", "hearing_scheduled", "agreement", "closed"]


def test_a_complaint_screened_as_forced_labour_cannot_be_closed_without_referral(lw):
    c = lw.complaint()
    lw.screening("forced-labour-indicated")
    with pytest.raises(Refused):
        svc.close_complaint(lw.inspector, c, timezone.localdate(), c.version)
    c = svc.schedule_hearing(lw.inspector, c, timezone.localdate(), c.version)
    with pytest.raises(Refused):
        svc.record_conciliation(
            lw.inspector, c, agreed=True, on=timezone.localdate(), version=c.version, terms="x"
        )
    svc.refer(lw.inspector, c, lw.police, timezone.localdate())
    c.refresh_from_db()
    c = svc.close_complaint(lw.inspector, c, timezone.localdate(), c.version)
    assert c.stage == Stage.CLOSED


def test_a_recorded_reason_lets_a_screened_complaint_close_and_stays_sealed(lw):
    c = lw.complaint()
    s = lw.screening("trafficking-indicated", person=None)
    s.person = None
    s.save()
    svc.attach_screening(lw.inspector, c, s.pk)
    with pytest.raises(Refused):
        svc.close_complaint(lw.inspector, c, timezone.localdate(), c.version)
    with pytest.raises(Refused):
        svc.record_no_referral_reason(lw.inspector, c, "no", c.version)
    reason = "The worker withdrew and left for Thailand; police informed orally."
    c = svc.record_no_referral_reason(lw.inspector, c, reason, c.version)
    c = svc.close_complaint(lw.inspector, c, timezone.localdate(), c.version)
    assert c.stage == Stage.CLOSED
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("select no_referral_reason from labour_complaint where id = %s", [c.pk])
        raw = cur.fetchone()[0]
    assert "Thailand" not in raw


def test_attaching_a_crime_screening_alerts_the_inspector(lw):
    c = lw.complaint(inspector=lw.inspector)
    s = lw.screening("forced-labour-indicated")
    svc.attach_screening(lw.inspector, c, s.pk)
    assert Notification.objects.filter(recipient=lw.inspector, kind=alerts.CRIME_INDICATED).exists()


def test_a_referral_tells_the_police_unit_and_lets_it_read_the_complaint(lw):
    c = lw.complaint()
    with pytest.raises(Http404):
        access.get_complaint(lw.investigator, c.pk)
    svc.refer(lw.inspector, c, lw.police, timezone.localdate(), note="Passports withheld.")
    assert Notification.objects.filter(recipient=lw.investigator, kind=alerts.REFERRED).exists()
    assert access.get_complaint(lw.investigator, c.pk) == c
    assert not access.handles(lw.investigator, c)


def test_referral_goes_only_to_police_or_prosecutor(lw):
    c = lw.complaint()
    with pytest.raises(Refused):
        svc.refer(lw.inspector, c, lw.other_labour, timezone.localdate())


def test_another_labour_department_neither_sees_nor_changes_the_complaint(lw):
    c = lw.complaint()
    with pytest.raises(Http404):
        access.get_complaint(lw.other_inspector, c.pk)
    with pytest.raises(NotAllowed):
        svc.schedule_hearing(lw.other_inspector, c, timezone.localdate(), c.version)
    with pytest.raises(NotAllowed):
        svc.file_complaint(lw.world.outsider, filed_on=days(1), description="x", province="01")


def test_a_complainant_the_inspector_may_not_see_is_refused(lw):
    with pytest.raises(NotAllowed):
        svc.file_complaint(
            lw.inspector,
            filed_on=days(1),
            description="x",
            province="01",
            complainant=lw.world.person,
        )


def test_an_edit_opened_at_an_old_version_is_refused(lw):
    c = lw.complaint()
    old = c.version
    svc.update_complaint(lw.inspector, c, old, workers=3)
    with pytest.raises(StaleEdit):
        svc.update_complaint(lw.inspector, c, old, workers=5)


def test_no_hearing_in_three_weeks_alerts_the_inspector_once(lw):
    late = lw.complaint(days_ago=22, inspector=lw.inspector)
    lw.complaint(days_ago=20, inspector=lw.inspector)
    assert alerts.raise_due_alerts() == {"conciliation": 1, "court": 0}
    assert alerts.raise_due_alerts() == {"conciliation": 0, "court": 0}
    note = Notification.objects.get(kind=alerts.CONCILIATION_OVERDUE)
    assert note.recipient == lw.inspector and note.params["complaint"] == late.reference


def test_the_court_deadline_alerts_the_complainants_case_worker(lw):
    from tests.labour.helpers import share_with

    share_with(lw, lw.world.owner_agency)
    c = lw.complaint(days_ago=70, case_worker=lw.case_worker)
    c = svc.schedule_hearing(lw.inspector, c, days(60), c.version)
    c = svc.record_conciliation(lw.inspector, c, agreed=False, on=days(50), version=c.version)
    call_command("labour_alerts", stdout=io.StringIO())
    assert Notification.objects.filter(
        recipient=lw.case_worker, kind=alerts.COURT_DEADLINE
    ).exists()
    c.refresh_from_db()
    with pytest.raises(Refused):
        svc.record_lapse(lw.inspector, c, c.version)


def test_a_claim_past_two_months_can_be_recorded_as_lapsed(lw):
    c = lw.complaint(days_ago=100)
    c = svc.schedule_hearing(lw.inspector, c, days(95), c.version)
    c = svc.record_conciliation(lw.inspector, c, agreed=False, on=days(90), version=c.version)
    c = svc.record_lapse(lw.inspector, c, c.version)
    assert c.stage == Stage.LAPSED


def test_future_dates_are_refused(lw):
    with pytest.raises(Refused):
        lw.complaint(days_ago=-2)
    c = lw.complaint()
    with pytest.raises(Refused):
        svc.refer(lw.inspector, c, lw.police, timezone.localdate() + timedelta(days=1))


def test_the_police_name_the_case_they_opened_from_a_referral(lw):
    from rumdoh.justice.models import CriminalCase

    c = lw.complaint()
    referral = svc.refer(lw.inspector, c, lw.police, timezone.localdate())
    case = CriminalCase.objects.create(
        police_agency=lw.police, province="01", origin="referral", opened_by=lw.investigator
    )
    with pytest.raises(NotAllowed):
        svc.link_criminal_case(lw.inspector, referral, case.reference)
    with pytest.raises(Refused):
        svc.link_criminal_case(lw.investigator, referral, "J-999999")
    svc.link_criminal_case(lw.investigator, referral, case.reference)
    referral.refresh_from_db()
    assert referral.criminal_case == case


def test_the_case_is_named_by_its_j_number_however_typed_and_by_no_other_kind(lw):
    from rumdoh.justice.models import CriminalCase

    referral = svc.refer(lw.inspector, lw.complaint(), lw.police, timezone.localdate())
    case = CriminalCase.objects.create(
        police_agency=lw.police, province="01", origin="referral", opened_by=lw.investigator
    )
    for other_kind in (f"C-{case.pk:06d}", f"LC-{case.pk:06d}", f"J-0-{case.pk}"):
        with pytest.raises(Refused):
            svc.link_criminal_case(lw.investigator, referral, other_kind)
    svc.link_criminal_case(lw.investigator, referral, f"j {case.pk}")
    referral.refresh_from_db()
    assert referral.criminal_case == case


def test_the_complaint_list_finds_a_complaint_by_its_number_however_typed(lw):
    c = lw.complaint()
    client = login(lw.inspector)

    def found(q: str) -> bool:
        page = client.get(reverse("labour:complaints"), {"q": q}).content.decode()
        return c.reference in page

    assert found(c.reference) and found(f"lc{c.pk}") and found(f" LC - {c.pk} ")
    assert not found("LC-0") and not found(f"LC-{c.pk}x") and not found("LC-²")


def test_without_a_named_case_worker_the_protection_case_worker_hears_of_the_court_deadline(lw):
    from rumdoh.protection.models import ProtectionCase
    from tests.labour.helpers import share_with

    share_with(lw, lw.world.owner_agency)
    ProtectionCase.objects.create(
        person=lw.person,
        agency=lw.world.owner_agency,
        case_worker=lw.case_worker,
        opened_by=lw.case_worker,
    )
    c = lw.complaint(days_ago=70)
    c = svc.schedule_hearing(lw.inspector, c, days(60), c.version)
    svc.record_conciliation(lw.inspector, c, agreed=False, on=days(50), version=c.version)
    assert alerts.raise_due_alerts()["court"] == 1
    assert Notification.objects.filter(
        recipient=lw.case_worker, kind=alerts.COURT_DEADLINE
    ).exists()
    assert access.get_complaint(lw.inspector, c.pk) == c


def test_a_case_worker_who_no_longer_sees_the_worker_is_not_told(lw):
    from rumdoh.protection.models import ProtectionCase

    ProtectionCase.objects.create(
        person=lw.person,
        agency=lw.world.outsider_agency,
        case_worker=lw.world.outsider,
        opened_by=lw.world.outsider,
    )
    c = lw.complaint(days_ago=70)
    c = svc.schedule_hearing(lw.inspector, c, days(60), c.version)
    svc.record_conciliation(lw.inspector, c, agreed=False, on=days(50), version=c.version)
    alerts.raise_due_alerts()
    assert not Notification.objects.filter(recipient=lw.world.outsider).exists()


def test_the_named_case_worker_must_work_where_the_complainant_may_be_seen(lw):
    from tests.labour.helpers import share_with

    with pytest.raises(Refused):
        lw.complaint(case_worker=lw.world.outsider)
    share_with(lw, lw.world.owner_agency)
    c = lw.complaint(case_worker=lw.world.owner)
    assert access.get_complaint(lw.world.owner, c.pk) == c
    with pytest.raises(Refused):
        svc.update_complaint(lw.inspector, c, c.version, case_worker=lw.world.outsider)


def test_the_receiving_agency_refers_and_attaches_a_screening_on_the_complaint_pages(lw):
    c = lw.complaint()
    screening = lw.screening("further-assessment")
    client = login(lw.inspector)
    detail = reverse("labour:complaint_detail", args=[c.pk])
    refer = reverse("labour:complaint_refer", args=[c.pk])
    attach = reverse("labour:complaint_screening", args=[c.pk])
    assert "Screen the complainant first" in client.get(attach).content.decode()
    today = timezone.localdate().isoformat()
    sent = client.post(refer, {"to_agency": lw.police.pk, "on": today, "note": "Debt bondage"})
    assert sent.status_code == 302 and sent["Location"] == detail
    assert c.referrals.get().to_agency == lw.police
    attached = client.post(attach, {"screening": screening.reference})
    assert attached.status_code == 302 and attached["Location"] == detail
    assert list(c.screenings.all()) == [screening]
    assert client.post(attach, {"screening": "S-9999999"}).status_code == 200


def test_only_the_receiving_agency_opens_the_referral_and_screening_steps(lw):
    c = lw.complaint()
    svc.refer(lw.inspector, c, lw.police, timezone.localdate())
    for name in ("complaint_refer", "complaint_screening", "complaint_hearing"):
        url = reverse(f"labour:{name}", args=[c.pk])
        assert login(lw.other_inspector).get(url).status_code == 404
        assert login(lw.investigator).get(url).status_code == 403
        assert login(lw.inspector).get(url).status_code == 200
    assert c.referrals.count() == 1


def test_a_stage_is_not_dated_before_the_step_it_follows(lw):
    c = lw.complaint(days_ago=40)
    c = svc.schedule_hearing(lw.inspector, c, days(30), c.version)
    with pytest.raises(Refused, match="report cannot be signed before the hearing"):
        svc.record_conciliation(lw.inspector, c, agreed=False, on=days(35), version=c.version)
    c = svc.record_conciliation(lw.inspector, c, agreed=False, on=days(30), version=c.version)
    with pytest.raises(Refused, match="cannot be taken to court before"):
        svc.record_court_filing(lw.inspector, c, days(32), c.version)
    c = svc.record_court_filing(lw.inspector, c, days(20), c.version)
    assert c.stage == Stage.IN_COURT
    fresh = lw.complaint(days_ago=10)
    with pytest.raises(Refused, match="cannot be closed before it was filed"):
        svc.close_complaint(lw.inspector, fresh, days(12), fresh.version)
