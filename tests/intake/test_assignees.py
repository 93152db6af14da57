"""A tip goes only to an agency that acts on tips (police, immigration, social affairs, labour,
transit centres, NGOs): never to a court, a prosecutor, an embassy, a committee or an
international organisation."""

import html

import pytest
from django.urls import reverse

from rumdoh.accounts.models import AgencyKind
from rumdoh.core.errors import Refused
from rumdoh.intake import services
from tests.conftest import login, make_agency

REFUSAL = "A tip can be assigned only to an agency that acts on tips"


@pytest.mark.parametrize(
    "kind",
    [
        AgencyKind.COURT,
        AgencyKind.PROSECUTION,
        AgencyKind.EMBASSY,
        AgencyKind.COMMITTEE,
        AgencyKind.INTERNATIONAL,
    ],
)
def test_a_tip_is_not_assigned_to_an_agency_that_does_not_act_on_tips(tips, kind):
    tip = tips.tip()
    with pytest.raises(Refused, match=REFUSAL):
        services.assign(tips.operator, tip, make_agency(kind=kind), version=1)
    tip.refresh_from_db()
    assert tip.assigned_agency_id is None


def test_the_page_offers_only_agencies_that_act_on_tips_and_refuses_others(tips):
    court = make_agency("Municipal Court", AgencyKind.COURT)
    labour = make_agency("Labour Department", AgencyKind.LABOUR)
    tip = tips.tip()
    client = login(tips.operator)
    form = client.get(reverse("intake:detail", args=[tip.pk])).context["assign_form"]
    offered = set(form.fields["agency"].queryset)
    assert labour in offered and tips.police_agency in offered and court not in offered
    response = client.post(f"/tips/{tip.pk}/assign/", {"agency": court.pk, "version": 1})
    assert response.status_code == 400
    assert REFUSAL in html.unescape(response.content.decode())
    client.cookies["django_language"] = "km"
    khmer = client.post(f"/tips/{tip.pk}/assign/", {"agency": court.pk, "version": 1})
    assert "ព័ត៌មានអាចប្រគល់ទៅតែស្ថាប័នដែលចាត់វិធានការ" in html.unescape(khmer.content.decode())
