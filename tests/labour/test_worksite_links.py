"""Tips (intake) and raids (operations) name no worksite: a labour user links them to one, and
linked ones count in the worksite's risk."""

import pytest
from django.urls import reverse
from django.utils import timezone

from rumdoh.accounts.models import AuditEvent
from rumdoh.core.errors import NotAllowed, Refused
from rumdoh.intake import services as tips
from rumdoh.labour import queries
from rumdoh.labour.services import registers
from rumdoh.operations import services as operations
from tests.conftest import login

pytestmark = pytest.mark.django_db


def _site(lw):  # type: ignore[no-untyped-def]
    return registers.register_worksite(
        lw.inspector, name="Kiln 14", kind="brick_kiln", province="01"
    )


def _tip(user):  # type: ignore[no-untyped-def]
    # Received now: the same facts sent again at once would be the same tip sent twice.
    data = tips.TipInput(
        channel="ahjpd_hotline", summary="Families held at a kiln", received_at=timezone.now()
    )
    return tips.record_tip(user, data)


def _operation(user, kind="raid"):  # type: ignore[no-untyped-def]
    data = {"kind": kind, "held_on": timezone.localdate(), "province": "01"}
    return operations.create_operation(user, data)


def test_a_linked_tip_and_a_linked_raid_count_in_the_risk(lw):
    site = _site(lw)
    before = queries.risks([site])[site.pk]
    assert before.score == 20 and "tips" not in before.parts
    tip = _tip(lw.inspector)
    raid = _operation(lw.inspector)
    registers.link_tip(lw.inspector, site, tip.reference)
    registers.link_operation(lw.inspector, site, raid.reference)
    registers.link_operation(lw.inspector, site, _operation(lw.inspector, "detention").reference)
    after = queries.risks([site])[site.pk]
    assert after.parts["tips"] == 3 and after.parts["raids"] == 8  # the session is not a raid
    assert after.score == 20 + 3 + 8
    assert AuditEvent.objects.filter(action="worksite.tip_linked", object_id=str(site.pk)).exists()
    assert AuditEvent.objects.filter(action="worksite.operation_linked").exists()


def test_only_tips_and_operations_the_user_may_see_are_linked(lw):
    site = _site(lw)
    police_tip = _tip(lw.investigator)
    police_raid = _operation(lw.investigator)
    with pytest.raises(Refused):
        registers.link_tip(lw.inspector, site, police_tip.reference)
    with pytest.raises(Refused):
        registers.link_operation(lw.inspector, site, police_raid.reference)
    with pytest.raises(Refused):
        registers.link_tip(lw.inspector, site, "not a reference")
    with pytest.raises(NotAllowed):
        registers.link_tip(lw.licensing, site, _tip(lw.inspector).reference)
    mine = _tip(lw.inspector)
    registers.link_tip(lw.inspector, site, mine.reference)
    with pytest.raises(Refused):
        registers.link_tip(lw.inspector, site, mine.reference)


def test_the_worksite_page_links_by_reference_and_names_only_what_the_reader_may_open(lw):
    site = _site(lw)
    tip = _tip(lw.inspector)
    client = login(lw.inspector)
    response = client.post(
        reverse("labour:worksite_tip", args=[site.pk]), {"reference": tip.reference}
    )
    assert response.status_code == 302
    raid = _operation(lw.inspector)
    response = client.post(
        reverse("labour:worksite_operation", args=[site.pk]), {"reference": raid.reference}
    )
    assert response.status_code == 302
    refused = client.post(
        reverse("labour:worksite_operation", args=[site.pk]),
        {"reference": _operation(lw.investigator).reference},
    )
    assert refused.status_code == 200 and "may not see it" in refused.content.decode()
    page = client.get(reverse("labour:worksite_detail", args=[site.pk])).content.decode()
    assert tip.reference in page and raid.reference in page
    assert "Linked tips: 3 points" in page and "Linked raids: 8 points" in page
    assert AuditEvent.objects.filter(action="worksite.viewed", object_id=str(site.pk)).exists()
    # The licensing officer sees the score, not the tip or the raid.
    other = login(lw.licensing).get(reverse("labour:worksite_detail", args=[site.pk]))
    html = other.content.decode()
    assert tip.reference not in html and raid.reference not in html
    assert "1 more tip" in html and "1 more operation" in html
    assert (
        login(lw.licensing).get(reverse("labour:worksite_tip", args=[site.pk])).status_code == 403
    )


def test_a_reader_whose_role_cannot_open_tips_is_told_they_are_her_agencys(lw):
    from rumdoh.labour.models import WorksiteOperation, WorksiteTip

    site = _site(lw)
    registers.link_tip(lw.inspector, site, _tip(lw.inspector).reference)
    registers.link_operation(lw.inspector, site, _operation(lw.inspector).reference)
    # A tip and a raid of the police, linked before they passed out of the inspector's sight.
    WorksiteTip.objects.create(worksite=site, tip=_tip(lw.investigator), linked_by=lw.inspector)
    WorksiteOperation.objects.create(
        worksite=site, operation=_operation(lw.investigator), linked_by=lw.inspector
    )
    url = reverse("labour:worksite_detail", args=[site.pk])
    html = login(lw.licensing).get(url).content.decode()
    assert "1 more tip, held by your agency; your role does not open tips" in html
    assert "1 more tip, held by another agency" in html
    assert "1 more operation of your agency; your role does not open operations" in html
    assert "1 more operation of another agency" in html
    html = login(lw.inspector).get(url).content.decode()
    assert "held by your agency" not in html and "of your agency" not in html
    assert "1 more tip, held by another agency" in html
