"""The main menu: each entry shows only to users its view lets in (``accounts.access.may``).

A 10-inch tablet has room for a handful of entries in one row. The first ``PRIMARY`` entries a
user may open (in the order of ``MENU``, daily work first) stay in the row; the rest go behind
"More". Exactly one entry is marked as the current page: the one whose address is the longest
that the current path falls under.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from rumdoh.accounts.access import may
from rumdoh.accounts.rules.roles import JUSTICE_CAPABILITIES, LABOUR_CAPABILITIES
from rumdoh.accounts.rules.roles import Capability as C


@dataclass(frozen=True)
class Entry:
    label: str | Promise
    url_name: str
    needs: tuple[C, ...]


_JUSTICE = tuple(sorted(JUSTICE_CAPABILITIES))
_LABOUR = tuple(sorted(LABOUR_CAPABILITIES))

# Daily work first: what comes first stays in the row, the rest goes behind "More".
MENU = [
    Entry(_("People"), "people:list", (C.VIEW_PERSONS,)),
    Entry(_("My work"), "protection:home", (C.MANAGE_CASES, C.RESPOND_REFERRALS)),
    Entry(_("Due today"), "justice:home", _JUSTICE),
    Entry(_("Court follow-up"), "justice:home", (C.MANAGE_CASES,)),
    Entry(_("Cases"), "protection:cases", (C.MANAGE_CASES,)),
    Entry(_("Criminal cases"), "justice:cases", (*_JUSTICE, C.MANAGE_CASES)),
    Entry(_("Labour"), "labour:home", _LABOUR),
    Entry(_("Labour complaints"), "labour:complaints", (C.HANDLE_LABOUR_COMPLAINTS,)),
    Entry(_("Recruitment agencies"), "labour:recruiters", (C.LICENSE_RECRUITERS,)),
    Entry(_("Screening"), "screening:start", (C.SCREEN,)),
    Entry(_("Tips"), "intake:list", (C.RECORD_TIPS, C.SUPERVISE_TIPS)),
    Entry(_("Operations"), "operations:list", (C.RUN_OPERATIONS,)),
    Entry(_("Deportation check"), "operations:bypassed", (C.REVIEW_DEPORTATIONS,)),
    Entry(_("Referrals"), "protection:referrals", (C.REFER, C.RESPOND_REFERRALS)),
    Entry(_("Deportees"), "crossborder:lists", (C.RECEIVE_DEPORTEES,)),
    Entry(
        _("Repatriations"),
        "crossborder:repatriations",
        (C.MANAGE_REPATRIATIONS, C.VIEW_NATIONALS_REPATRIATIONS),
    ),
    Entry(_("Requests abroad"), "crossborder:requests", (C.COUNTERPART_REQUESTS,)),
    Entry(_("Pairs to review"), "linkage:queue", (C.REVIEW_LINKS,)),
    Entry(_("Linkage runs"), "linkage:runs", (C.RUN_LINKAGE,)),
    Entry(_("Statistics"), "statistics:dashboard", (C.VIEW_STATISTICS,)),
    Entry(_("Audit trail"), "accounts:audit", (C.REVIEW_AUDIT,)),
    Entry(_("Users"), "accounts:users", (C.MANAGE_AGENCY_USERS,)),
    Entry(_("Notifications"), "notices:inbox", (C.VIEW_PERSONS, C.MANAGE_CASES)),
    Entry(_("Service providers"), "protection:providers", (C.VIEW_PERSONS, C.MANAGE_PROVIDERS)),
    # Those who screen the people found in the operations their agency takes part in, last.
    Entry(_("Operations"), "operations:list", (C.SCREEN,)),
]

# How many entries stay in the row; a "More" holding a single entry would only hide it.
PRIMARY = 4


@dataclass
class Item:
    label: str | Promise
    url: str
    active: bool = False


@dataclass
class Menu:
    primary: list[Item] = field(default_factory=list)
    more: list[Item] = field(default_factory=list)

    @property
    def more_active(self) -> bool:
        return any(item.active for item in self.more)

    def __iter__(self) -> Iterator[Item]:
        return iter(self.primary + self.more)

    def __bool__(self) -> bool:
        return bool(self.primary)


def _under(path: str, url: str) -> bool:
    return path == url or (path.startswith(url) and url.endswith("/"))


def menu_for(user: object, path: str) -> Menu:
    """The entries ``user`` may open, split into the row and "More", the best match active."""
    items: list[Item] = []
    for entry in MENU:
        if not may(user, *entry.needs):
            continue
        url = reverse(entry.url_name)
        # Two labels for one page (as for the justice home) would show one page twice.
        if all(item.url != url for item in items):
            items.append(Item(entry.label, url))
    matches = [item for item in items if _under(path, item.url)]
    if matches:
        max(matches, key=lambda item: len(item.url)).active = True
    cut = len(items) if len(items) <= PRIMARY + 1 else PRIMARY
    return Menu(primary=items[:cut], more=items[cut:])


# Where each role lands after signing in.
HOME_FOR_ROLE = {
    "screener": "screening:start",
    "case_worker": "protection:home",
    "identifier": "protection:home",
    "police_investigator": "justice:home",
    "police_supervisor": "justice:home",
    "prosecutor": "justice:home",
    "court_clerk": "justice:home",
    "labour_inspector": "labour:home",
    "ncct_analyst": "statistics:dashboard",
    "agency_admin": "accounts:audit",
    "system_admin": "admin:index",
    "data_steward": "linkage:queue",
    "immigration_officer": "operations:list",
    "immigration_supervisor": "operations:list",
    "hotline_operator": "intake:list",
    "licensing_officer": "labour:home",
    "consular_officer": "crossborder:repatriations",
}
