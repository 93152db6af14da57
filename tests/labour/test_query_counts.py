"""The labour pages of one record cost the same number of queries however much they show."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from rumdoh.accounts.models import AgencyKind
from rumdoh.intake import services as tips
from rumdoh.justice.models import CriminalCase
from rumdoh.labour.models import ConductPrinciple
from rumdoh.labour.services import complaints as cs
from rumdoh.labour.services import registers as rs
from rumdoh.operations import services as operations
from tests.conftest import login, make_agency
from tests.querycount import assert_flat

pytestmark = pytest.mark.django_db


def _agency(lw):  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    return rs.register_agency(
        lw.licensing,
        name="Mekong Workforce",
        licence_number="PRA-0009",
        issued_on=today - timedelta(days=100),
        expires_on=today + timedelta(days=900),
        deposit_usd=100_000,
        province="12",
    )


def test_complaint_page_reads_a_fixed_number_of_queries(lw):
    c = lw.complaint()

    def grow() -> list[str]:
        shown = []
        for i in range(3):
            police = make_agency(f"Police unit {i}", AgencyKind.POLICE, "01")
            r = cs.refer(lw.inspector, c, police, timezone.localdate())
            case = CriminalCase.objects.create(
                police_agency=police, province="01", origin="referral", opened_by=lw.investigator
            )
            r.criminal_case = case
            r.save()
            s = lw.screening("not-indicated")
            c.screenings.add(s)
            shown += [police.name, case.reference, s.reference]
        return shown

    assert_flat(login(lw.inspector), reverse("labour:complaint_detail", args=[c.pk]), grow)


def test_recruiter_page_reads_a_fixed_number_of_queries(lw):
    agency = _agency(lw)
    rs.add_broker(lw.licensing, agency, aliases="First broker", province="01")

    def grow() -> list[str]:
        shown = []
        for i in range(3):
            rs.sanction(
                lw.licensing,
                agency,
                kind="warning",
                starts_on=timezone.localdate(),
                grounds=f"Grounds {i}",
            )
            rs.add_branch(lw.licensing, agency, province="01", address=f"Stall {i}")
            b = rs.add_broker(lw.licensing, agency, aliases=f"Broker {i}", province="01")
            principle = ConductPrinciple.objects.create(
                code_version="2020", number=i + 1, wording_en=f"Principle {i}", wording_km="k"
            )
            rs.assess_conduct(
                lw.licensing,
                agency,
                principle=principle,
                assessed_on=timezone.localdate(),
                kept=True,
            )
            suspension = rs.sanction(
                lw.licensing,
                agency,
                kind="suspension",
                starts_on=timezone.localdate(),
                grounds=f"Suspended {i}",
            )
            rs.lift_sanction(
                lw.licensing, suspension, 1, lifted_on=timezone.localdate(), reason=f"Lifted {i}"
            )
            rs.withdraw_sanction(lw.licensing, suspension, 2, reason=f"Mistake {i}")
            fresh = type(agency).objects.get(pk=agency.pk)
            rs.renew_licence(
                lw.licensing,
                fresh,
                fresh.version,
                issued_on=fresh.issued_on,
                expires_on=fresh.expires_on + timedelta(days=365),
            )
            shown += [f"Grounds {i}", f"Stall {i}", b.reference, f"Principle {i}"]
            shown += [f"Lifted {i}", f"Mistake {i}", str(fresh.expires_on)]
        return shown

    url = reverse("labour:recruiter_detail", args=[agency.pk])
    assert_flat(login(lw.licensing), url, grow)
    public = reverse("labour_public:recruiter", args=[agency.pk])
    assert_flat(
        login(lw.licensing),
        public,
        lambda: [rs.add_branch(lw.licensing, agency, province="02", address="Market").address],
    )


def test_worksite_and_inspection_pages_read_a_fixed_number_of_queries(lw):
    site = rs.register_worksite(lw.inspector, name="Kiln 1", kind="brick_kiln", province="08")
    first = rs.plan_inspection(lw.inspector, site, timezone.localdate(), [])

    def more_inspections() -> list[str]:
        shown = []
        for n in range(3):
            shown.append(rs.plan_inspection(lw.inspector, site, timezone.localdate(), []).reference)
            data = tips.TipInput(channel="ahjpd_hotline", summary=f"Families held at kiln {n}")
            tip = tips.record_tip(lw.inspector, data)
            rs.link_tip(lw.inspector, site, tip.reference)
            raid = operations.create_operation(
                lw.inspector, {"kind": "raid", "held_on": timezone.localdate(), "province": "08"}
            )
            rs.link_operation(lw.inspector, site, raid.reference)
            shown += [tip.reference, raid.reference]
        return shown

    client = login(lw.inspector)
    assert_flat(client, reverse("labour:worksite_detail", args=[site.pk]), more_inspections)

    def more_screenings() -> list[str]:
        shown = []
        for _ in range(3):
            s = lw.screening("not-indicated")
            rs.attach_inspection_screening(lw.inspector, first, s.pk)
            shown.append(s.reference)
        return shown

    assert_flat(client, reverse("labour:inspection_detail", args=[first.pk]), more_screenings)


def _agencies(lw, names: list[str]) -> list[str]:  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    for n, name in enumerate(names):
        agency = rs.register_agency(
            lw.licensing,
            name=name,
            licence_number=f"PRA-{name[-3:]}",
            issued_on=today - timedelta(days=100),
            expires_on=today + timedelta(days=900),
            deposit_usd=100_000,
            province="12",
        )
        for kind in ("warning", "suspension")[: n % 2 + 1]:
            rs.sanction(lw.licensing, agency, kind=kind, starts_on=today, grounds="Fees")
    return names


def test_the_recruiter_list_reads_a_fixed_number_of_queries_however_many_agencies(lw):
    _agencies(lw, ["Mekong Workforce 001"])
    client = login(lw.licensing)
    more = ["Mekong Workforce 002", "Mekong Workforce 003", "Mekong Workforce 004"]
    assert_flat(client, reverse("labour:recruiters"), lambda: _agencies(lw, more))
    narrowed = reverse("labour:recruiters") + "?q=mekong&province=12"
    assert_flat(client, narrowed, lambda: _agencies(lw, ["Mekong Workforce 005"]))


def test_the_public_recruiter_check_reads_a_fixed_number_of_queries(client, lw):
    _agencies(lw, ["Mekong Workforce 001"])
    more = ["Mekong Workforce 002", "Mekong Workforce 003", "Mekong Workforce 004"]
    assert_flat(client, "/recruiters/?q=mekong", lambda: _agencies(lw, more))


def test_the_recruiter_api_list_reads_a_fixed_number_of_queries_however_many_agencies(lw):
    _agencies(lw, ["Mekong Workforce 001"])
    more = ["Mekong Workforce 002", "Mekong Workforce 003", "Mekong Workforce 004"]
    url = "/api/v1/recruitment-agencies/"
    assert_flat(login(lw.licensing), url, lambda: _agencies(lw, more))
    rows = login(lw.licensing).get(url).json()["results"]
    assert [row["name"] for row in rows] == ["Mekong Workforce 001", *more]
    assert [row["licence_status"] for row in rows] == ["valid", "valid", "suspended", "valid"]


def test_the_complaint_api_list_reads_a_fixed_number_of_queries_however_many_complaints(lw):
    """Each complaint's ``referral_outstanding`` is read with the list, not asked per row."""
    lw.complaint()

    def grow() -> list[str]:
        shown = []
        for _n in range(3):
            c = lw.complaint(days_ago=2)
            c.screenings.add(lw.screening("trafficking-indicated"))
            shown.append(c.reference)
        return shown

    client = login(lw.inspector)
    assert_flat(client, "/api/v1/labour-complaints/", grow)
    assert_flat(client, "/api/v1/labour-complaints/?stage=filed&referral=outstanding", grow)
