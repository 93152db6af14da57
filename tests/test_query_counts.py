"""Pages outside justice and protection read a fixed number of queries, however many rows they
show: the person page with its panels, a screening result, the lists of attached files, the
notifications, the audit trail and the statistics page.

Each test renders a page with a few related rows, adds clearly more, renders it again and asserts
the two counts are the same: a query per row (an N+1) shows as a higher second count.
"""

import importlib
from collections.abc import Iterator
from datetime import date
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver

from rumdoh.accounts.models import User
from rumdoh.accounts.rules.roles import Role
from rumdoh.attachments import access as attachments
from rumdoh.attachments import services as files
from rumdoh.justice import interviews
from rumdoh.justice import services as justice
from rumdoh.justice.access import get_case_for_user as get_criminal_case
from rumdoh.people import services as people
from rumdoh.people.access import get_person_for_user
from rumdoh.people.models import ConsentScope
from rumdoh.protection import services as protection
from rumdoh.protection.access import get_case_for_user as get_protection_case
from tests.attachments.helpers import PDF, upload_file
from tests.conftest import World, login, make_agency, make_user
from tests.justice.helpers import JusticeWorld
from tests.protection.helpers import (
    ask_identification,
    consent_to_referral,
    identifier,
    make_provider,
)
from tests.querycount import assert_flat, count_queries
from tests.screening.helpers import make_screening
from tests.statistics.helpers import Field, moment, open_case, refer, screenings
from tests.statistics.helpers import identify as identified


def attach_to(user: User, kind: str, pk: int, title: str) -> None:
    parent = attachments.get_parent_for_user(user, kind, pk)
    data = PDF + title.encode()  # each a file of its own: the same file sent again is kept once
    file = upload_file(data)
    files.upload(user, parent, kind="consent_form", title=title, file=file, size=len(data))


def person_rows(world: World, jw: JusticeWorld, start: int, n: int) -> list[str]:
    """Consents, documents, files, screenings, identifications, referrals, criminal cases and
    interviews of the shared world's person: ``n`` of each."""
    shown = []
    for i in range(start, start + n):
        partner = make_agency(f"Partner {i}")
        people.record_consent(
            world.owner,
            world.person,
            scope=ConsentScope.SHARE,
            method="signed",
            given_on=date(2026, 1, 7),
            agency=partner,
        )
        people.add_document(
            world.owner,
            world.person,
            {"kind": "passport", "number": f"N0{i}4455", "issuing_country": "KH"},
        )
        attach_to(world.owner, attachments.PERSON, world.person.pk, f"Letter {i}")
        screening = make_screening(world.owner, world.person)
        protection.identify(
            identifier(world),
            world.person,
            exploitation_types=["forced_labour"],
            basis="short_form",
            screening_id=screening.pk,
        )
        provider = make_provider(partner, name=f"Shelter {i}")
        referral = protection.refer(world.owner, world.person, provider, needs=["housing"])
        case = jw.open_case()
        justice.add_victim(jw.police, case, world.person, participates=True)
        interviews.record_interview(
            jw.police,
            world.person,
            interviewed_on=date(2026, 3, 1),
            purpose="statement",
            case=case,
        )
        shown += [partner.name, f"Letter {i}", screening.reference, referral.reference]
        shown.append(case.reference)
    return shown


def test_person_page_reads_a_fixed_number_of_queries(world: World) -> None:
    jw = JusticeWorld(world)
    consent_to_referral(world)
    person_rows(world, jw, 0, 1)
    clients = [login(world.owner), login(jw.police), login(world.partner)]
    url = f"/people/{world.person.pk}/"
    assert_flat(clients, url, lambda: person_rows(world, jw, 1, 4))


def test_screening_result_page_reads_a_fixed_number_of_queries(world: World) -> None:
    """A screening of a person with a growing record: the next steps read it at a fixed cost."""
    screening = make_screening(world.owner, world.person)
    consent_to_referral(world)
    protection.identify(
        identifier(world), world.person, exploitation_types=["sexual"], basis="short_form"
    )

    def grow() -> list[str]:
        for _i in range(4):
            again = make_screening(world.owner, world.person)
            protection.identify(
                identifier(world),
                world.person,
                exploitation_types=["sexual"],
                basis="short_form",
                screening_id=again.pk,
            )
        return [screening.reference]

    url = f"/screening/records/{screening.pk}/"
    assert_flat([login(world.owner), login(world.partner)], url, grow)


def test_attachment_lists_read_a_fixed_number_of_queries(world: World) -> None:
    jw = JusticeWorld(world)
    case = jw.open_case()
    protection_case = jw.protection_case
    parents = [
        (attachments.PERSON, world.person.pk),
        (attachments.CASE, protection_case.pk),
        (attachments.CRIMINAL_CASE, case.pk),
    ]
    for kind, pk in parents:
        user = jw.police if kind == attachments.CRIMINAL_CASE else world.owner
        attach_to(user, kind, pk, "first")

        def grow(kind: str = kind, pk: int = pk, user: User = user) -> list[str]:
            for i in range(4):
                attach_to(user, kind, pk, f"{kind} file {i}")
            return [f"{kind} file {i}" for i in range(4)]

        assert_flat(login(user), f"/attachments/{kind}/{pk}/", grow)


def test_the_files_panel_reads_no_record_its_page_has_read(world: World) -> None:
    """The panel is built from the record the page's view fetched and checked: it asks whether
    the user may see the files and reads them, and never selects the record's row again."""
    jw = JusticeWorld(world)
    crime = jw.open_case()
    pages = [
        (attachments.PERSON, get_person_for_user(world.owner, world.person.pk), world.owner),
        (attachments.CASE, get_protection_case(world.owner, jw.protection_case.pk), world.owner),
        (attachments.CRIMINAL_CASE, get_criminal_case(jw.police, crime.pk), jw.police),
    ]
    for kind, record, user in pages:
        attach_to(user, kind, record.pk, f"{kind} letter")
        context = {"attachment_kind": kind, "attachment_record": record, "user": user}
        with CaptureQueriesContext(connection) as queries:
            html = render_to_string("attachments/panel.html", context)
        assert f"{kind} letter" in html
        table = record._meta.db_table
        reread = [q["sql"] for q in queries if q["sql"].startswith(f'SELECT "{table}".')]
        assert reread == [], f"the {kind} panel reads its record again"


def test_notifications_page_reads_a_fixed_number_of_queries(world: World) -> None:
    checker = make_user(Role.IDENTIFIER, make_agency("Provincial office", province="01"))
    screener = make_user(Role.SCREENER, world.owner_agency)

    def ask(start: int, n: int) -> list[str]:
        return [r.reference for r in ask_identification(world, screener, start, n)]

    ask(0, 1)
    assert_flat(login(checker), "/notifications/", lambda: ask(1, 4))


def test_audit_trail_reads_a_fixed_number_of_queries(world: World) -> None:
    admin = make_user(Role.AGENCY_ADMIN, world.owner_agency)
    colleagues = [
        make_user(Role.CASE_WORKER, world.owner_agency, f"colleague{i}") for i in range(5)
    ]
    login(colleagues[0]).get(f"/people/{world.person.pk}/")

    def grow() -> list[str]:
        for colleague in colleagues[1:]:
            login(colleague).get(f"/people/{world.person.pk}/")
        return [c.username for c in colleagues[1:]]

    assert_flat(login(admin), "/account/audit/", grow)


def test_statistics_page_reads_a_fixed_number_of_queries(db: None) -> None:
    """Computed afresh (the figures are cached), a busier year costs the same queries."""
    field = Field()

    def activity(start: int, n: int) -> None:
        for i in range(start, start + n):
            screenings(field, 12, when=moment(2025, 3, 1 + i), province=("01", "12", "17")[i % 3])
            person = field.person(given_name=f"Chanthy{i}", phone="")
            identified(person, field.poipet, field.worker, moment(2025, 2, 1 + i))
            refer(field, person, "accepted", moment(2025, 2, 2 + i))
            open_case(person, field.poipet, field.worker, moment(2025, 2, 1 + i))

    client = login(field.analyst)
    url = "/statistics/?start=2025-01-01&end=2025-12-31"
    activity(0, 1)
    client.get(url)
    cache.clear()
    few, quiet = count_queries(client, url)
    activity(1, 4)
    cache.clear()
    many, busy = count_queries(client, url)
    total = 'All screenings <strong><span class="figure-value">{}</span>'
    assert total.format(12) in quiet
    assert total.format(60) in busy
    assert many == few


# --- every detail page has its test ----------------------------------------------------------

JUSTICE = "tests.justice.test_query_counts"
PROTECTION = "tests.protection.test_query_counts"
HERE = "tests.test_query_counts"
CROSSBORDER = "tests.crossborder.test_query_counts"

LABOUR = "tests.labour.test_query_counts"
COVERED = {
    "labour:complaint_detail": (LABOUR, "test_complaint_page_reads_a_fixed_number_of_queries"),
    "labour:recruiter_detail": (LABOUR, "test_recruiter_page_reads_a_fixed_number_of_queries"),
    "labour_public:recruiter": (LABOUR, "test_recruiter_page_reads_a_fixed_number_of_queries"),
    "labour:worksite_detail": (
        LABOUR,
        "test_worksite_and_inspection_pages_read_a_fixed_number_of_queries",
    ),
    "labour:inspection_detail": (
        LABOUR,
        "test_worksite_and_inspection_pages_read_a_fixed_number_of_queries",
    ),
    "people:detail": (HERE, "test_person_page_reads_a_fixed_number_of_queries"),
    "operations:detail": (
        "tests.operations.test_pages",
        "test_the_operation_page_costs_the_same_queries_with_more_people_screened",
    ),
    "screening:detail": (HERE, "test_screening_result_page_reads_a_fixed_number_of_queries"),
    "attachments:list": (HERE, "test_attachment_lists_read_a_fixed_number_of_queries"),
    "protection:case_detail": (
        PROTECTION,
        "test_protection_case_page_reads_a_fixed_number_of_queries",
    ),
    "protection:case_plan": (PROTECTION, "test_case_plan_page_reads_a_fixed_number_of_queries"),
    "protection:identify": (PROTECTION, "test_identification_page_reads_a_fixed_number_of_queries"),
    "protection:referral_detail": (
        PROTECTION,
        "test_referral_page_reads_a_fixed_number_of_queries",
    ),
    "protection:provider_detail": (
        PROTECTION,
        "test_provider_page_reads_a_fixed_number_of_queries",
    ),
    "justice:case_detail": (JUSTICE, "test_criminal_case_page_reads_a_fixed_number_of_queries"),
    "justice:case_timeline": (JUSTICE, "test_timeline_reads_a_fixed_number_of_queries"),
    "justice:suspect_detail": (JUSTICE, "test_suspect_page_reads_a_fixed_number_of_queries"),
    "justice:order_detail": (JUSTICE, "test_order_page_reads_a_fixed_number_of_queries"),
    "justice:worksheet": (JUSTICE, "test_worksheet_page_reads_a_fixed_number_of_queries"),
    "justice:person_interviews": (
        JUSTICE,
        "test_interviews_page_reads_a_fixed_number_of_queries",
    ),
    "crossborder:list_detail": (
        CROSSBORDER,
        "test_a_deportation_list_page_reads_a_fixed_number_of_queries",
    ),
    "crossborder:repatriation_detail": (
        CROSSBORDER,
        "test_a_repatriation_page_reads_a_fixed_number_of_queries",
    ),
    "crossborder:request_detail": (
        CROSSBORDER,
        "test_a_request_page_reads_a_fixed_number_of_queries",
    ),
    "linkage:pair": (
        "tests.linkage.test_pages",
        "test_pair_and_run_pages_cost_the_same_queries_as_the_register_grows",
    ),
    "linkage:run": (
        "tests.linkage.test_pages",
        "test_pair_and_run_pages_cost_the_same_queries_as_the_register_grows",
    ),
    "intake:detail": (
        "tests.intake.test_query_counts",
        "test_a_tip_page_reads_a_fixed_number_of_queries",
    ),
    "screening:field_import": (
        "tests.screening.test_field_query_counts",
        "test_an_import_page_reads_a_fixed_number_of_queries",
    ),
}

# Pages of one record that only change it (POST), redirect, or show a form about it.
NOT_DETAIL = {
    # Forms and actions of an operation; the screening form of one person on its roster.
    "operations:edit",
    "operations:roster_import",
    "operations:entry_add",
    "operations:screen_next",
    "operations:screen",
    "operations:deport",
    "operations:release",
    "operations:offline_import",
    "labour:complaint_edit",
    "labour:complaint_hearing",
    "labour:complaint_conciliation",
    "labour:complaint_court",
    "labour:complaint_lapse",
    "labour:complaint_close",
    "labour:complaint_no_referral",
    "labour:complaint_refer",
    "labour:complaint_screening",
    "labour:referral_case",
    "labour:recruiter_edit",
    "labour:sanction_new",
    "labour:sanction_lift",
    "labour:sanction_withdraw",
    "labour:licence_renew",
    "labour:branch_new",
    "labour:fee_new",
    "labour:broker_new",
    "labour:broker_link",
    "labour:inspection_new",
    "labour:inspection_result",
    "labour:inspection_screening",
    "labour:assessment_new",
    "labour:principle_edit",
    "labour:worksite_tip",
    "labour:worksite_operation",
    "accounts:user_role",
    "accounts:user_password",
    "accounts:user_toggle",
    "accounts:user_reset_two_factor",
    "people:edit",
    "people:consent_add",
    "people:consent_withdraw",
    "people:document_add",
    "protection:case_stage",
    "protection:case_service",
    "protection:case_follow_up",
    "protection:case_close",
    "protection:case_assign",
    "protection:follow_up_done",
    "protection:request_identification",
    "protection:withdraw_identification_request",
    "protection:refer",
    "protection:case_open",
    "protection:referral_accept",
    "protection:referral_decline",
    "protection:referral_withdraw",
    "protection:provider_edit",
    "justice:case_edit",
    "justice:case_notes",
    "justice:case_prosecutor",
    "justice:case_stage",
    "justice:victim_add",
    "justice:suspect_new",
    "justice:charge_add",
    "justice:arrest_new",
    "justice:warrant_new",
    "justice:supervision_new",
    "justice:hearing_new",
    "justice:verdict_new",
    "justice:settlement_new",
    "justice:order_new",
    "justice:victim_edit",
    "justice:non_punishment",
    "justice:non_punishment_review",
    "justice:victim_calculator",
    "justice:suspect_edit",
    "justice:suspect_absconded",
    "justice:charge_remove",
    "justice:arrest_outcome",
    "justice:warrant_update",
    "justice:check_in",
    "justice:supervision_end",
    "justice:hearing_update",
    # The printable worksheet: the same context as justice:worksheet, rendered to PDF.
    "justice:worksheet_pdf",
    "justice:payment_new",
    "justice:enforcement_new",
    "justice:interview_new",
    "justice:interview_invite",
    "notices:open",
    "attachments:upload",
    "attachments:download",
    "attachments:delete",
    # Cross-border actions and forms; the letter is the request page's text, printable.
    "crossborder:arrive",
    "crossborder:arrive_many",
    "crossborder:absent",
    "crossborder:screen",
    "crossborder:repatriation_move",
    "crossborder:repatriation_assess",
    "crossborder:repatriation_custody",
    "crossborder:request_letter",
    # Tip actions.
    "intake:triage",
    "intake:assign",
    "intake:outcome",
}


def _record_urls(patterns: list[Any], namespace: str = "") -> Iterator[tuple[str, str]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace or ""
            yield from _record_urls(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and "<int:pk>" in str(entry.pattern):
            yield f"{namespace}:{entry.name}", str(entry.pattern)


def test_every_page_of_a_record_is_sorted_and_each_detail_page_has_a_query_count_test() -> None:
    """A new page of one record must be added here: to the detail pages, with its query-count
    test, or to the forms and actions."""
    names = {name for name, _pattern in _record_urls(get_resolver().url_patterns)}
    names = {n for n in names if not n.startswith("admin:")}
    assert names - COVERED.keys() - NOT_DETAIL == set()
    assert (COVERED.keys() | NOT_DETAIL) - names == set()
    for module, test in COVERED.values():
        assert callable(getattr(importlib.import_module(module), test))
