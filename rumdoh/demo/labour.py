"""Demo data of the labour side: recruitment agencies with their licences, sanctions, branches,
brokers and fees; risky worksites and inspections (one sealed plan); labour complaints at every
stage, one with a screening that indicates a crime and waiting for its referral to the police;
prevention records. Small and made through the services, so the audit trail and history are as
in use."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from rumdoh.accounts.models import Agency, AgencyKind, User
from rumdoh.accounts.rules.roles import Role
from rumdoh.demo.agencies import DEMO_PASSWORD
from rumdoh.demo.context import Context
from rumdoh.intake import services as tips
from rumdoh.justice.models import CriminalCase, Suspect
from rumdoh.labour.models import (
    Complaint,
    ConductPrinciple,
    Hotline,
    Inspection,
    RecruitmentAgency,
)
from rumdoh.labour.rules.complaints import CRIME_INDICATED
from rumdoh.labour.services import complaints as cs
from rumdoh.labour.services import registers as rs
from rumdoh.operations.access import visible_operations
from rumdoh.people.models import Person, PersonAccess
from rumdoh.screening.models import ScreeningRecord

AGENCIES = [
    ("Golden Bridge Manpower", "PRA-0101", 100_000),
    ("Angkor Overseas Recruitment", "PRA-0102", 100_000),
    ("Mekong Workforce Co.", "PRA-0103", 80_000),
    ("Sunrise Labour Export", "PRA-0104", 100_000),
    ("Lotus Employment Services", "PRA-0105", 100_000),
    ("Tonle Sap Human Resources", "PRA-0106", 100_000),
    ("Royal Khmer Manpower", "PRA-0107", 60_000),
    ("Kampot Career Link", "PRA-0108", 100_000),
]
WORKSITES = [
    ("Jinbei compound, block C", "scam_compound", "18"),
    ("Golden Sands condominium", "scam_compound", "18"),
    ("Kiln 14, Ponhea Leu", "brick_kiln", "08"),
    ("Kiln 3, Saang", "brick_kiln", "08"),
    ("Riverside karaoke", "entertainment", "12"),
    ("Boat pier, Koh Kong", "fishing", "09"),
    ("Sihanoukville tower site", "construction", "18"),
    ("Rubber plantation, Memot", "plantation", "25"),
]
# Demo hotlines, marked as demo numbers on the pages: the real ones are set by the system
# administrator once verified. (number, English name, Khmer name, hours, languages, pages)
HOTLINES = [
    (
        "1288",
        "Anti-Human Trafficking and Juvenile Protection Department",
        "នាយកដ្ឋានប្រឆាំងការជួញដូរមនុស្ស និងការពារអនីតិជន",
        "24/7",
        "Khmer",
        ["", "report", "victims"],
    ),
    (
        "000 000 001",
        "Ministry of Women's Affairs",
        "ក្រសួងកិច្ចការនារី",
        "Mon-Fri 08:00-17:00",
        "Khmer",
        ["report", "victims"],
    ),
    (
        "000 000 002",
        "Royal Embassy of Cambodia in Bangkok",
        "ស្ថានទូតកម្ពុជាប្រចាំទីក្រុងបាងកក",
        "24/7",
        "Khmer, Thai",
        ["report", "migrants"],
    ),
]
PREVENTION = [
    ("pre_departure", "Pre-departure orientation for Thailand", "01", 12, 410, 520),
    ("pre_departure", "Pre-departure orientation for Korea", "12", 6, 120, 260),
    ("pre_departure", "Pre-departure orientation for Japan", "18", 3, 80, 64),
    ("awareness", "Safe migration village forum", "02", 4, 150, 110),
    ("awareness", "Online scam job warnings, radio", "12", 1, 900, 850),
    ("training", "Labour inspectors: screening at inspections", "12", 2, 14, 22),
    ("training", "Forced labour indicators for MRC staff", "18", 1, 9, 6),
]


def _user(username: str, first: str, last: str, role: str, agency: Agency) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, first_name=first, last_name=last, role=role, agency=agency)
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


@transaction.atomic
def _plan(inspector: User, site: Any, day: date) -> Inspection:
    """An inspection planned for ``day`` of the demo's calendar. A plan is made for a day to come,
    so it is made for the real today and then dated as the demo tells it (which may lie in the
    past: the demo runs up to any day)."""
    plan = rs.plan_inspection(inspector, site, max(day, timezone.localdate()), [])
    Inspection.objects.filter(pk=plan.pk).update(planned_for=day)
    plan.planned_for = day
    return plan


def generate(ctx: Context, id_range: tuple[int, int] | None) -> dict[str, Any]:
    if RecruitmentAgency.objects.exists():
        return {"skipped": "labour demo data exists"}
    rng = ctx.rng("labour", 0)
    today = ctx.as_of
    labour = Agency.objects.filter(kind=AgencyKind.LABOUR).order_by("pk").first()
    police = Agency.objects.filter(kind=AgencyKind.POLICE).order_by("pk").first()
    if labour is None:
        return {"skipped": "no labour department"}
    for position, (number, en, km, hours, languages, pages) in enumerate(HOTLINES, start=1):
        Hotline.objects.get_or_create(
            number=number,
            defaults={
                "name_en": en,
                "name_km": km,
                "hours": hours,
                "languages": languages,
                "pages": pages,
                "position": position,
                "demo": True,
            },
        )
    licensing = _user("licensing", "Sreyleak", "Mao", Role.LICENSING_OFFICER, labour)
    inspector = User.objects.filter(role=Role.LABOUR_INSPECTOR, agency=labour).order_by("pk")[0]
    recruiters = []
    for i, (name, number, deposit) in enumerate(AGENCIES):
        issued = today - timedelta(days=300 + 200 * i)
        agency = rs.register_agency(
            licensing,
            name=name,
            licence_number=number,
            issued_on=issued,
            expires_on=issued + timedelta(days=365 * 3),
            deposit_usd=deposit,
            province=rng.choice(["12", "01", "18", "02"]),
            address=f"{10 + i} Street 271",
            code_signed_on=issued + timedelta(days=30) if i % 3 else None,
        )
        rs.add_branch(licensing, agency, province="01", address=f"Poipet market, stall {i + 1}")
        for _ in range(rng.randint(1, 4)):
            rs.record_fee(
                licensing,
                agency,
                destination=rng.choice(["TH", "KR", "MY", "JP"]),
                fee_usd=rng.randint(550, 850),
                paid_on=today - timedelta(days=rng.randint(5, 300)),
            )
        recruiters.append(agency)
    rs.sanction(
        licensing,
        recruiters[2],
        kind="warning",
        starts_on=today - timedelta(days=200),
        grounds="Fees above the legal limit",
    )
    rs.sanction(
        licensing,
        recruiters[6],
        kind="suspension",
        starts_on=today - timedelta(days=20),
        ends_on=today + timedelta(days=70),
        grounds="Workers' passports withheld",
    )
    rs.sanction(
        licensing,
        recruiters[3],
        kind="revocation",
        starts_on=today - timedelta(days=60),
        grounds="Recruitment for a scam compound",
    )
    principles = list(ConductPrinciple.objects.filter(active=True)[:3])
    for n, principle in enumerate(principles):
        rs.assess_conduct(
            licensing,
            recruiters[n % 2],
            principle=principle,
            assessed_on=today - timedelta(days=40),
            kept=n != 0,
        )
    brokers = [
        rs.add_broker(
            licensing,
            recruiters[3],
            given_name="Vichet",
            family_name="Heng",
            aliases="Ta Chet",
            handles="@chet_jobs_th",
            province="01",
        ),
        rs.add_broker(
            licensing, recruiters[6], aliases="Bong Srey", handles="@easyjob_kh", province="18"
        ),
    ]
    suspect = Suspect.objects.order_by("pk").first()
    if suspect is not None:
        brokers[0].suspects.add(suspect)
    sites = [rs.register_worksite(inspector, name=n, kind=k, province=p) for n, k, p in WORKSITES]
    cases = list(CriminalCase.objects.order_by("pk")[:3])
    for site, case in zip(sites[:2], cases, strict=False):
        site.criminal_cases.add(case)
    done = _plan(inspector, sites[2], today - timedelta(days=30))
    rs.record_inspection(
        inspector,
        done,
        done.version,
        status="done",
        carried_out_on=today - timedelta(days=30),
        workers_present=42,
        violations_found=True,
        findings="Twelve families owe debts to the owner.",
        follow_up="Refer the families to social affairs; return visit.",
        follow_up_due=today + timedelta(days=10),
        referrals_made=3,
    )
    _plan(inspector, sites[0], today + timedelta(days=9))  # sealed until then
    # A tip the department took about the compound, linked so that it counts in its risk; and any
    # raid the department took part in, linked to the compound.
    tip = tips.record_tip(
        inspector,
        tips.TipInput(
            channel="walk_in",
            summary="Former worker says people are kept inside block C and made to run scams.",
            concern="scam_compound",
            province="18",
            # in the demo's time, like the other demo tips, not when the demo is loaded
            received_at=min(
                timezone.make_aware(datetime.combine(today - timedelta(days=12), time(10, 30))),
                timezone.now() - timedelta(minutes=5),
            ),
        ),
    )
    rs.link_tip(inspector, sites[0], tip.reference)
    raid = visible_operations(inspector).filter(kind="raid").order_by("pk").first()
    if raid is not None:
        rs.link_operation(inspector, sites[0], raid.reference)
    complaints = _complaints(ctx, inspector, recruiters, sites, police, today)
    for kind, title, province, sessions, women, men in PREVENTION:
        rs.record_prevention(
            inspector if kind == "training" else licensing,
            kind=kind,
            title=title,
            held_on=today - timedelta(days=rng.randint(3, 200)),
            province=province,
            sessions=sessions,
            women=women,
            men=men,
        )
    return {"recruiters": len(recruiters), "worksites": len(sites), "complaints": complaints}


def _complaints(ctx: Context, inspector: User, recruiters, sites, police, today) -> int:
    rng = ctx.rng("labour", 1)
    # Complainants: workers the labour department already has on record (none are added here).
    visible = PersonAccess.objects.filter(agency=inspector.agency, revoked_at__isnull=True)
    people = list(Person.objects.filter(pk__in=visible.values("person_id")).order_by("pk")[:4])
    made = 0
    for n in range(14):
        filed = today - timedelta(days=rng.randint(2, 120))
        c = cs.file_complaint(
            inspector,
            filed_on=filed,
            province="18",
            received_at=rng.choice(["mrc", "provincial_department"]),
            description=rng.choice(
                [
                    "Wages not paid for three months.",
                    "Contract changed on arrival.",
                    "Recruitment fee far above what was agreed.",
                    "Injured at work, no care given.",
                ]
            ),
            complainant=people[n] if n < len(people) else None,
            recruiter=recruiters[n % len(recruiters)],
            worksite=sites[n % len(sites)],
            destination=rng.choice(["TH", "MY", "KH"]),
            inspector=inspector,
        )
        made += 1
        if n % 4 == 1 and (today - filed).days > 10:
            c = cs.schedule_hearing(inspector, c, filed + timedelta(days=10), c.version)
            if n % 8 == 1:
                c = cs.record_conciliation(
                    inspector,
                    c,
                    agreed=True,
                    on=filed + timedelta(days=10),
                    version=c.version,
                    terms="Back wages paid in full.",
                    amount_usd=600,
                )
            else:
                c = cs.record_conciliation(
                    inspector, c, agreed=False, on=filed + timedelta(days=10), version=c.version
                )
    # The complaint the screening turns into a case for the police: a screening the department
    # made that indicates forced labour or trafficking, attached to a complaint still open.
    crime = ScreeningRecord.objects.filter(
        agency=inspector.agency, determination__in=sorted(CRIME_INDICATED)
    ).order_by("pk")
    flagged = Complaint.objects.filter(stage="filed").order_by("pk").first()
    if crime.exists() and flagged is not None:
        flagged.screenings.add(crime[0])
    return made
