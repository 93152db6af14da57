"""The main menu: each entry shows only to roles with the capability it needs."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from rumdoh.accounts.roles import JUSTICE_CAPABILITIES
from rumdoh.accounts.roles import Capability as C


@dataclass(frozen=True)
class Entry:
    label: str | Promise
    url_name: str
    needs: tuple[C, ...]


_JUSTICE = tuple(sorted(JUSTICE_CAPABILITIES))

MENU = [
    Entry(_("People"), "people:list", (C.VIEW_PERSONS,)),
    Entry(_("Screening"), "screening:start", (C.SCREEN,)),
    Entry(_("My work"), "protection:home", (C.MANAGE_CASES, C.RESPOND_REFERRALS)),
    Entry(_("Cases"), "protection:cases", (C.MANAGE_CASES,)),
    Entry(_("Referrals"), "protection:referrals", (C.REFER, C.RESPOND_REFERRALS)),
    Entry(_("Service providers"), "protection:providers", (C.VIEW_PERSONS, C.MANAGE_PROVIDERS)),
    Entry(
        _("Due today"),
        "justice:home",
        _JUSTICE,
    ),
    Entry(_("Court follow-up"), "justice:home", (C.MANAGE_CASES,)),
    Entry(
        _("Criminal cases"),
        "justice:cases",
        (*_JUSTICE, C.MANAGE_CASES),
    ),
    Entry(_("Notifications"), "notices:inbox", (C.VIEW_PERSONS, C.MANAGE_CASES)),
    Entry(_("Statistics"), "statistics:dashboard", (C.VIEW_STATISTICS,)),
    Entry(_("Audit trail"), "accounts:audit", (C.REVIEW_AUDIT,)),
    Entry(_("Users"), "accounts:users", (C.MANAGE_AGENCY_USERS,)),
]

# Where each role lands after signing in.
HOME_FOR_ROLE = {
    "screener": "screening:start",
    "case_worker": "protection:home",
    "identifier": "protection:home",
    "police_investigator": "justice:home",
    "police_supervisor": "justice:home",
    "prosecutor": "justice:home",
    "court_clerk": "justice:home",
    "labour_inspector": "screening:start",
    "ncct_analyst": "statistics:dashboard",
    "agency_admin": "accounts:audit",
    "system_admin": "admin:index",
}
