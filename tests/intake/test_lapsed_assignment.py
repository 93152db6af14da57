"""A tip is never left with an agency where nobody may handle it: assigned to an agency that has
since closed, or to a court or an embassy before they were refused, it is back with the agency
that recorded it, which may triage, assign and close it, and whose people hear when it is late."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from rumdoh.accounts.models import AgencyKind
from rumdoh.core.errors import NotAllowed
from rumdoh.intake import access, alerts, services
from rumdoh.intake.models import Tip
from rumdoh.notices.models import Notification
from tests.conftest import login, make_agency


def _assigned_to_police(tips):
    tip = tips.tip()
    return services.assign(tips.operator, tip, tips.police_agency, version=tip.version)


def test_while_the_assigned_agency_acts_on_tips_it_alone_holds_the_tip(tips):
    tip = _assigned_to_police(tips)
    assert tip.holder_id == tips.police_agency.pk and not tip.assignment_lapsed
    with pytest.raises(NotAllowed):
        services.triage(
            tips.operator, tip, urgency="urgent", concern=tip.concern, version=tip.version
        )


def test_a_tip_of_an_agency_that_closed_is_back_with_its_recorder(tips):
    tip = _assigned_to_police(tips)
    tips.police_agency.is_active = False
    tips.police_agency.save(update_fields=["is_active"])
    tip = Tip.objects.get(pk=tip.pk)
    assert tip.assignment_lapsed and tip.holder_id == tips.hotline_agency.pk
    moved = services.assign(tips.operator, tip, tips.outsider_agency, version=tip.version)
    assert moved.holder_id == tips.outsider_agency.pk and not moved.assignment_lapsed


def test_a_tip_assigned_to_a_court_before_the_rule_is_handled_and_alerted_by_its_recorder(tips):
    court = make_agency("Provincial Court", AgencyKind.COURT, "18")
    tip = tips.tip(received_at=timezone.now() - timedelta(days=20))
    Tip.objects.filter(pk=tip.pk).update(assigned_agency=court)  # as stored before the rule
    tip = Tip.objects.get(pk=tip.pk)
    assert tip.holder_id == tips.hotline_agency.pk
    assert alerts.raise_tip_alerts() == 1
    assert Notification.objects.get(kind=alerts.TIP_OVERDUE).recipient == tips.operator
    services.triage(tips.operator, tip, urgency="urgent", concern=tip.concern, version=tip.version)


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", "no longer acts on tips: the tip is with "),
        ("km", "លែងធ្វើការលើព័ត៌មានទៀតហើយ៖ ព័ត៌មាននេះនៅជាមួយ "),
    ],
)
def test_the_page_says_so_and_offers_the_recorder_the_forms(tips, language, said):
    tip = _assigned_to_police(tips)
    client = login(tips.operator)
    client.cookies["django_language"] = language
    before = client.get(f"/tips/{tip.pk}/").content.decode()
    assert said not in before and 'id="assign"' not in before
    tips.police_agency.is_active = False
    tips.police_agency.save(update_fields=["is_active"])
    after = client.get(f"/tips/{tip.pk}/").content.decode()
    assert said in after and 'id="assign"' in after


def test_the_api_names_the_holder(tips):
    tip = _assigned_to_police(tips)
    client = APIClient()
    client.force_authenticate(tips.operator, token="partner-token")
    assert client.get(f"/api/v1/tips/{tip.pk}/").json()["holder"] == tips.police_agency.pk
    tips.police_agency.is_active = False
    tips.police_agency.save(update_fields=["is_active"])
    body = client.get(f"/api/v1/tips/{tip.pk}/").json()
    assert body["holder"] == tips.hotline_agency.pk
    assert body["assigned_agency"] == tips.police_agency.pk


def test_a_public_report_whose_agency_closed_is_with_the_agency_receiving_reports_now(
    tips, settings
):
    """A report of the public form has no recorder to go back to: the agency that receives
    public reports now holds it, sees it, handles it and is alerted when it is late."""
    settings.RUMDOH_PUBLIC_REPORT_AGENCY = tips.police_agency.name
    tip, _secret = services.receive_public_report(
        services.TipInput(channel="web_form", summary="Workers locked in at night.", province="18")
    )
    Tip.objects.filter(pk=tip.pk).update(due_at=timezone.now() - timedelta(days=1))
    tips.police_agency.is_active = False
    tips.police_agency.save(update_fields=["is_active"])
    assert Tip.objects.get(pk=tip.pk).holder is None, "no agency receives reports now"
    assert not access.visible_tips(tips.operator).filter(pk=tip.pk).exists()
    settings.RUMDOH_PUBLIC_REPORT_AGENCY = tips.hotline_agency.name
    tip = access.get_tip_for_user(tips.operator, tip.pk)
    assert tip.holder_id == tips.hotline_agency.pk and access.holds(tips.operator, tip)
    page = login(tips.operator).get(f"/tips/{tip.pk}/").content.decode()
    assert f"no longer acts on tips: the tip is with {tips.hotline_agency.label}" in page
    assert 'id="assign"' in page
    assert alerts.raise_tip_alerts() == 1
    assert Notification.objects.get(kind=alerts.TIP_OVERDUE).recipient == tips.operator
    moved = services.assign(tips.operator, tip, tips.outsider_agency, version=tip.version)
    assert moved.holder_id == tips.outsider_agency.pk
    assert not access.visible_tips(tips.operator).filter(pk=tip.pk).exists()
