"""The labour panel on the criminal case page: the labour complaint referral behind the case,
shown to readers who may see that complaint (registered in justice's panels from ready())."""

from typing import Any

from django.http import HttpRequest

from rumdoh.accounts.audit import log_action
from rumdoh.accounts.models import User
from rumdoh.justice.models import CriminalCase
from rumdoh.labour import access
from rumdoh.labour.models import ComplaintReferral


def referral_panel(user: User, case: CriminalCase, request: HttpRequest) -> dict[str, Any] | None:
    referrals = list(
        ComplaintReferral.objects.filter(
            criminal_case=case, complaint__in=access.visible_complaints(user)
        ).select_related("complaint__agency", "to_agency")
    )
    if not referrals:
        return None
    log_action(
        "labour_complaint.referral_shown",
        user=user,
        request=request,
        obj=case,
        data={"complaints": sorted(r.complaint_id for r in referrals)},
    )
    return {"template": "labour/case_referral_panel.html", "referrals": referrals}
