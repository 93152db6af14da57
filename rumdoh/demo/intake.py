"""Demo tips: about 25 from every channel, most with an outcome linked to its record, some
overdue so the supervisors' alerts show.

They go through the services (``rumdoh.intake.services``), as staff would record them: the
hotline of the national anti-trafficking department, the Poipet Transit Centre, an NGO, a labour
inspector and the public web form. Outcomes link to screenings, identifications and criminal
cases the recorder's agency already sees in the generated data; when it sees none, the tip is
closed with no action instead.
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from rumdoh.accounts.models import Agency, User
from rumdoh.accounts.rules.roles import Capability
from rumdoh.demo.context import Context
from rumdoh.intake import alerts, services
from rumdoh.intake.choices import Outcome
from rumdoh.intake.models import Tip
from rumdoh.justice.access import visible_cases
from rumdoh.operations.models import Kind
from rumdoh.operations.services import create_operation
from rumdoh.protection.access import visible_identifications
from rumdoh.screening.access import visible_screenings

POLICE = "Anti-Human Trafficking and Juvenile Protection Department"
PSH_POLICE = "Preah Sihanouk Provincial AHJPD Office"

# recorder, channel, concern, urgency, province, what was reported, place, about whom,
# days ago, outcome (None: still open)
TIPS: list[tuple[str, str, str, str, str, str, str, str, int, str | None]] = [
    (
        "hotline",
        "ahjpd_hotline",
        "scam_compound",
        "urgent",
        "18",
        "Caller's son messages that he and about 40 others are kept in a building and beaten "
        "if they do not meet scam targets.",
        "Building 5 near the old casino strip",
        "",
        2,
        None,
    ),
    (
        "hotline",
        "ahjpd_hotline",
        "child",
        "urgent",
        "12",
        "Neighbour hears a child crying at night; the child sells flowers until 2 a.m.",
        "Phsar Thmei area",
        "A girl of about 10",
        40,
        "criminal_case",
    ),
    (
        "hotline",
        "facebook",
        "sexual_exploitation",
        "normal",
        "17",
        "Message on the department page: a karaoke bar keeps young women who cannot leave.",
        "Sok San road",
        "",
        30,
        "operation",
    ),
    (
        "hotline",
        "telegram",
        "forced_labour",
        "normal",
        "09",
        "Fisherman's wife: her husband has been on a boat for 8 months, unpaid, "
        "not allowed ashore.",
        "Koh Kong port",
        "Husband, 34",
        25,
        "screening",
    ),
    (
        "hotline",
        "ahjpd_hotline",
        "marriage",
        "normal",
        "03",
        "A broker is recruiting village girls for marriage abroad and paying their parents.",
        "Kampong Cham, Prey Chhor",
        "",
        21,
        None,
    ),
    (
        "hotline",
        "mowa_hotline",
        "trafficking",
        "normal",
        "01",
        "Report passed on by the women's ministry hotline: a woman returned from Thailand says "
        "others are still held on a farm.",
        "Poipet",
        "",
        18,
        "identification",
    ),
    (
        "hotline",
        "embassy_hotline",
        "forced_labour",
        "urgent",
        "",
        "Embassy hotline in Bangkok: a group of Cambodian workers' passports were taken by the "
        "employer.",
        "Rayong province, Thailand",
        "12 construction workers",
        15,
        "no_action:abroad",
    ),
    (
        "hotline",
        "ahjpd_hotline",
        "missing",
        "normal",
        "20",
        "Mother reports her daughter left for a job in Phnom Penh and has not called for a month.",
        "Svay Rieng town",
        "Daughter, 17",
        16,
        None,
    ),
    (
        "hotline",
        "ahjpd_hotline",
        "other",
        "normal",
        "12",
        "Caller complains about unpaid wages; no sign of coercion.",
        "",
        "",
        12,
        "no_action:not_trafficking",
    ),
    (
        "hotline",
        "facebook",
        "scam_compound",
        "normal",
        "18",
        "Post shared to the page: job offer at 1,500 dollars a month, no experience needed.",
        "",
        "",
        10,
        "no_action:insufficient",
    ),
    (
        "hotline",
        "ahjpd_hotline",
        "scam_compound",
        "urgent",
        "18",
        "Second call about the same building near the casino strip.",
        "",
        "",
        2,
        "no_action:duplicate",
    ),
    (
        "hotline",
        "telegram",
        "sexual_exploitation",
        "normal",
        "12",
        "A foreign man takes boys from the riverside to his guesthouse.",
        "Riverside",
        "",
        5,
        None,
    ),
    (
        "hotline",
        "ahjpd_hotline",
        "trafficking",
        "normal",
        "02",
        "Bus company takes groups of young men across the border every week without papers.",
        "Battambang bus station",
        "",
        4,
        None,
    ),
    (
        "hotline",
        "ahjpd_hotline",
        "other",
        "normal",
        "06",
        "Prank call, caller laughed and hung up after giving an address.",
        "",
        "",
        3,
        "no_action:false",
    ),
    (
        "police",
        "walk_in",
        "forced_labour",
        "normal",
        "12",
        "A man walked into the department: he escaped a brick kiln where his family owes a debt.",
        "Kandal, Ponhea Lueu",
        "The man and his family",
        35,
        "criminal_case",
    ),
    (
        "police",
        "ngo",
        "child",
        "urgent",
        "12",
        "NGO outreach team saw children begging in a group controlled by an adult.",
        "Riverside",
        "Five children",
        3,
        None,
    ),
    (
        "caseworker",
        "walk_in",
        "scam_compound",
        "normal",
        "01",
        "A returnee at the transit centre says his friends are still in a compound in O'Smach.",
        "O'Smach",
        "",
        20,
        "screening",
    ),
    (
        "caseworker",
        "ngo",
        "trafficking",
        "normal",
        "01",
        "Partner NGO reports recruiters at the Poipet crossing offering work in casinos.",
        "Poipet border crossing",
        "",
        9,
        "identification",
    ),
    (
        "caseworker",
        "walk_in",
        "forced_labour",
        "normal",
        "01",
        "A deportee says the agency that sent him to Thailand kept his passport.",
        "",
        "",
        17,
        None,
    ),
    (
        "ngo.caseworker",
        "ngo",
        "sexual_exploitation",
        "normal",
        "12",
        "Shelter staff learnt from a resident that two friends are still at the same massage "
        "parlour.",
        "Toul Kork",
        "Two young women",
        26,
        "screening",
    ),
    (
        "ngo.caseworker",
        "telegram",
        "marriage",
        "normal",
        "12",
        "A girl asks for help: her family arranged a marriage with a man abroad she never met.",
        "",
        "The girl, 16",
        6,
        None,
    ),
    (
        "inspector",
        "labour_inspection",
        "forced_labour",
        "normal",
        "18",
        "During an inspection, workers said they cannot leave the compound and their pay is "
        "withheld.",
        "Special economic zone, factory 12",
        "About 60 workers",
        28,
        "operation",
    ),
    (
        "inspector",
        "labour_inspection",
        "child",
        "normal",
        "18",
        "Two workers at a garment workshop look under 15.",
        "Workshop near the port",
        "",
        11,
        "no_action:not_found",
    ),
]

PUBLIC = [
    ("km", "18", "មនុស្សជាច្រើនត្រូវបានឃុំខ្លួននៅក្នុងអគារមួយ ហើយមិនអាចចេញបានទេ។", 8),
    ("en", "12", "My cousin says his boss took his phone and passport; he is afraid.", 1),
    ("vi", "18", "Em gái tôi bị giữ trong một khu nhà và bị đánh nếu không làm việc.", 20),
]


def _at(ctx: Context, days_ago: int, rng: random.Random) -> datetime:
    day = ctx.as_of - timedelta(days=days_ago)
    moment = timezone.make_aware(
        datetime.combine(day, time(rng.randint(7, 21), rng.randint(0, 59)))
    )
    return min(moment, timezone.now() - timedelta(minutes=5))


def _users(ctx: Context) -> dict[str, User]:
    return {u.username: u for u in ctx.users}


def _record_for(user: User, outcome: str) -> int | None:
    found: Any
    if outcome == Outcome.SCREENING:
        mine = visible_screenings(user).filter(agency=user.agency)
        found = mine.order_by("-id").first()
    elif outcome == Outcome.IDENTIFICATION:
        found = visible_identifications(user).order_by("-id").first()
    elif outcome == Outcome.CRIMINAL_CASE:
        found = visible_cases(user).order_by("-id").first()
    else:
        return None
    return found.pk if found is not None else None


def _close(user: User, tip: Tip, outcome: str, rng: random.Random) -> None:
    kind, _, reason = outcome.partition(":")
    if kind == Outcome.OPERATION:
        if not user.can(Capability.RUN_OPERATIONS):
            kind = Outcome.SCREENING
        else:
            # The tip led to a rescue operation by the agency holding it.
            operation = create_operation(
                user,
                {
                    "kind": Kind.RAID,
                    "held_on": tip.received_at.date(),
                    "province": tip.province or (user.agency.province if user.agency else "12"),
                    "place": "Reported premises",
                    "status": "closed",
                },
            )
            services.link_operation(user, tip, operation.pk, version=tip.version)
            return
    record = _record_for(user, kind)
    if kind != Outcome.NO_ACTION and record is None:
        kind, reason = Outcome.NO_ACTION, "insufficient"
    services.record_outcome(user, tip, kind, version=tip.version, reason=reason, record_id=record)


def _dated(tip: Tip, rng: random.Random) -> None:
    """Handled as the demo's dates say, not on the day the demo is generated: assigned within
    hours of receipt, closed within the time allowed."""
    received = tip.received_at
    handled = received + timedelta(hours=rng.randint(1, 6))
    limit = max(tip.due_at - received - timedelta(hours=7), timedelta(hours=1))
    closed = handled + timedelta(seconds=rng.randint(0, int(limit.total_seconds())))
    changes: dict[str, Any] = {"recorded_at": received}
    row = Tip.objects.get(pk=tip.pk)
    if row.assigned_at:
        changes["assigned_at"] = handled
    if row.outcome_at:
        changes["outcome_at"] = min(closed, timezone.now())
    Tip.objects.filter(pk=tip.pk).update(**changes)


@transaction.atomic
def generate(ctx: Context, id_range: tuple[int, int] | None) -> dict[str, Any]:
    if Tip.objects.exists():
        ctx.out.write("Tips: already there\n")
        return {"tips": Tip.objects.count()}
    rng = random.Random(ctx.seed + 9)  # noqa: S311 - demo data, not secrets
    users = _users(ctx)
    police = Agency.objects.filter(name=POLICE).first()
    provincial = Agency.objects.filter(name=PSH_POLICE).first()
    count = 0
    for (
        recorder,
        channel,
        concern,
        urgency,
        province,
        summary,
        place,
        subject,
        ago,
        outcome,
    ) in TIPS:
        user = users.get(recorder)
        if user is None:
            continue
        data = services.TipInput(
            channel=channel,
            summary=summary,
            concern=concern,
            urgency=urgency,
            province=province,
            place=place,
            subject=subject,
            received_at=_at(ctx, ago, rng),
        )
        tip = services.record_tip(user, data)
        count += 1
        holder = user
        if recorder in ("hotline", "caseworker", "ngo.caseworker") and police is not None:
            tip = services.assign(user, tip, police, version=tip.version)
            holder = users.get("police", user)
        elif recorder == "inspector" and provincial is not None and outcome is None:
            tip = services.assign(user, tip, provincial, version=tip.version)
        if outcome is not None:
            _close(holder, tip, outcome, rng)
        _dated(tip, rng)
    for language, province, summary, ago in PUBLIC:
        tip, _secret = services.receive_public_report(
            services.TipInput(
                channel="web_form", summary=summary, province=province, language=language
            )
        )
        Tip.objects.filter(pk=tip.pk).update(
            received_at=_at(ctx, ago, rng),
            due_at=services.due_time(_at(ctx, ago, rng), tip.urgency),
        )
        count += 1
    alerted = alerts.raise_tip_alerts()
    ctx.out.write(f"Tips: {count} from every channel, {alerted} overdue and alerted\n")
    return {"tips": count, "overdue_alerted": alerted}
