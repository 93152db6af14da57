"""Who holds a case as it moves from office to office and court to court, and the
non-punishment flag on its way to the prosecutor.

The trial court that gave the verdict keeps reading the case once the appeal court has it, as the
prosecutor's office does once the file has gone to another; only the present holders act.
"""

from django.urls import reverse
from django.utils import timezone

from rumdoh.accounts.models import AgencyKind
from rumdoh.accounts.rules.roles import Role
from rumdoh.core.errors import NotAllowed, Refused
from rumdoh.justice import access, court, services
from rumdoh.justice.models import CaseHolder
from rumdoh.justice.rules.transitions import Actor
from rumdoh.notices.models import Notification
from tests.conftest import login, make_agency, make_user


def _appeal_world(jw):
    appeal_court = make_agency("Appeal Court", AgencyKind.COURT, "12")
    appeal_office = make_agency(
        "General prosecutor at the Appeal Court", AgencyKind.PROSECUTION, "12"
    )
    appeal_clerk = make_user(Role.COURT_CLERK, appeal_court, "appeal_clerk")
    general_prosecutor = make_user(Role.PROSECUTOR, appeal_office, "general_prosecutor")
    return appeal_court, appeal_office, appeal_clerk, general_prosecutor


def test_the_appeal_court_takes_the_case_and_the_trial_court_keeps_reading_it(jw):
    appeal_court, appeal_office, appeal_clerk, general_prosecutor = _appeal_world(jw)
    case, _suspect, _charge = jw.convicted()
    services.change_stage(
        jw.prosecutor,
        case,
        "appeal",
        reason="The defendant appeals the sentence.",
        responsible_agency=appeal_court,
        appeal_prosecution_agency=appeal_office,
    )
    case.refresh_from_db()
    assert case.court_agency == appeal_court and case.prosecution_agency == appeal_office
    assert case.prosecutor is None

    # Present holders act; those before read, and act no more.
    assert access.actors(appeal_clerk, case) == {Actor.COURT}
    assert access.actors(general_prosecutor, case) == {Actor.PROSECUTOR}
    assert access.actors(jw.clerk, case) == frozenset()
    assert access.actors(jw.prosecutor, case) == frozenset()
    for former in (jw.clerk, jw.prosecutor):
        page = login(former).get(reverse("justice:case_detail", args=[case.pk]))
        assert page.status_code == 200
        body = page.content.decode()
        assert "Held before by" in body and "Lim Vuthy" in body  # the participants' page
        assert "Move the case on" not in body
    with_clerk = login(jw.clerk).post(
        reverse("justice:case_stage", args=[case.pk]),
        {"to_stage": "final", "closure": "judgment_final"},
    )
    assert with_clerk.status_code == 403
    # An unrelated court still gets 404.
    other_court = make_user(Role.COURT_CLERK, make_agency("Kampot court", AgencyKind.COURT, "07"))
    assert login(other_court).get(reverse("justice:case_detail", args=[case.pk])).status_code == 404

    # The appeal office was told the file is now theirs; the appeal court's clerk too.
    told = set(Notification.objects.values_list("recipient__username", "kind"))
    assert ("general_prosecutor", "justice.file_received") in told
    assert ("appeal_clerk", "justice.sent_to_court") in told

    held = list(
        CaseHolder.objects.filter(case=case).values_list("agency__name", "instance", "until")
    )
    today = timezone.localdate()
    assert (jw.court_agency.name, "first_instance", today) in held
    assert (jw.prosecution_agency.name, "first_instance", today) in held
    assert (appeal_court.name, "appeal", None) in held and (
        appeal_office.name,
        "appeal",
        None,
    ) in held

    # The appeal court decides, and ends the case.
    court.record_verdict(
        appeal_clerk,
        case,
        _charge,
        outcome="convicted",
        decided_on=today,
        prison_months=60,
        instance="appeal",
    )
    services.change_stage(appeal_clerk, case, "verdict")
    services.change_stage(appeal_clerk, case, "final", closure="judgment_final")
    case.refresh_from_db()
    assert case.stage == "final"


def test_an_appeal_prosecutor_is_named_for_an_appeal_only(jw):
    _court, appeal_office, _clerk, _gp = _appeal_world(jw)
    case, _suspect, _charge = jw.convicted()
    try:
        services.change_stage(
            jw.clerk,
            case,
            "final",
            closure="judgment_final",
            appeal_prosecution_agency=appeal_office,
        )
    except Refused as refused:
        assert "appeal only" in str(refused)
    else:
        raise AssertionError("an appeal office was named outside an appeal")
    case.refresh_from_db()
    assert case.stage == "verdict" and case.prosecution_agency == jw.prosecution_agency


def test_a_file_sent_to_another_office_stays_readable_by_the_first(jw):
    # Returned for more investigation, then sent to another office.
    case, _victim = jw.case_with_victim()
    suspect = jw.suspect(case)
    jw.send(case, suspect)
    services.change_stage(jw.prosecutor, case, "returned_for_investigation", reason="Jurisdiction")
    other_office = make_agency("Kampot prosecutor", AgencyKind.PROSECUTION, "07")
    kampot = make_user(Role.PROSECUTOR, other_office, "kampot_prosecutor")
    services.change_stage(jw.police, case, "sent_to_prosecutor", responsible_agency=other_office)
    case.refresh_from_db()
    assert case.prosecution_agency == other_office
    assert access.actors(kampot, case) == {Actor.PROSECUTOR}
    assert access.actors(jw.prosecutor, case) == frozenset()
    assert (
        login(jw.prosecutor).get(reverse("justice:case_detail", args=[case.pk])).status_code == 200
    )
    with_first = login(jw.prosecutor).post(
        reverse("justice:case_stage", args=[case.pk]), {"to_stage": "charged"}
    )
    assert with_first.status_code == 403


def test_a_retrial_is_recorded_as_such(jw):
    case, suspect, charge = jw.at_trial()
    court.record_verdict(
        jw.clerk,
        case,
        charge,
        outcome="convicted_in_absentia",
        decided_on=timezone.localdate(),
        prison_months=120,
    )
    services.change_stage(jw.clerk, case, "verdict")
    jw.arrest(case, suspect, hours_ago=0)  # after a verdict dated today, whatever the hour
    services.change_stage(
        jw.clerk, case, "trial", reason="Arrested", responsible_agency=jw.court_agency
    )
    instances = list(
        CaseHolder.objects.filter(case=case, role="court").values_list("instance", "until")
    )
    assert instances == [("first_instance", timezone.localdate()), ("retrial", None)]


def test_a_flag_raised_during_the_investigation_reaches_the_prosecutor_with_the_file(jw):
    case, victim = jw.case_with_victim()
    services.flag_non_punishment(
        jw.police, victim, acts="Illegal entry", note="Taken across at night by the broker."
    )
    assert not Notification.objects.filter(kind="justice.non_punishment").exists()
    # The police who wrote the note read it on the case.
    page = login(jw.police).get(reverse("justice:case_detail", args=[case.pk])).content.decode()
    assert "Taken across at night by the broker." in page
    jw.send(case, jw.suspect(case))
    assert Notification.objects.filter(
        kind="justice.non_punishment", recipient=jw.prosecutor
    ).exists()


def test_the_prosecutor_decides_and_the_flags_note_is_kept(jw):
    case, victim = jw.case_with_victim()
    jw.send(case, jw.suspect(case))
    services.flag_non_punishment(
        jw.police, victim, acts="Illegal entry", note="Taken across at night by the broker."
    )
    try:
        services.review_non_punishment(jw.clerk, victim, decision="applied")
    except NotAllowed:
        pass
    else:
        raise AssertionError("the court decided in the prosecutor's place")
    review = reverse("justice:non_punishment_review", args=[victim.pk])
    response = login(jw.prosecutor).post(
        review, {"decision": "applied", "note": "Entry forced by the broker."}
    )
    assert response.status_code == 302
    victim.refresh_from_db()
    assert victim.non_punishment == "applied" and victim.non_punishment_decided_at is not None
    assert victim.non_punishment_note == "Taken across at night by the broker."
    assert victim.non_punishment_decision_note == "Entry forced by the broker."
    page = login(jw.police).get(reverse("justice:case_detail", args=[case.pk])).content.decode()
    assert "Taken across at night by the broker." in page and "Entry forced by the broker." in page


def test_the_api_names_the_appeal_prosecutor(jw):
    from rest_framework.test import APIClient

    appeal_court, appeal_office, _clerk, _gp = _appeal_world(jw)
    case, _suspect, _charge = jw.convicted()
    client = APIClient()
    client.force_authenticate(jw.prosecutor, token="token")
    url = f"/api/v1/criminal-cases/{case.pk}/stage/"
    data = {
        "to_stage": "appeal",
        "reason": "The defendant appeals.",
        "responsible_agency": appeal_court.pk,
        "appeal_prosecution_agency": appeal_court.pk,  # a court is not a prosecutor's office
    }
    assert client.post(url, data, format="json").status_code == 400
    case.refresh_from_db()
    assert case.stage == "verdict"
    data["appeal_prosecution_agency"] = appeal_office.pk
    assert client.post(url, data, format="json").status_code == 200
    case.refresh_from_db()
    assert (case.court_agency, case.prosecution_agency) == (appeal_court, appeal_office)


def test_the_migration_rebuilds_the_holders_the_application_records(jw):
    """Cases recorded before CaseHolder existed get, from their stage moves, the rows the
    application would have written: a transfer, an appeal and a retrial included."""
    import importlib

    from rumdoh.accounts.models import Agency
    from rumdoh.justice.models import CriminalCase, StageTransition

    rebuild = importlib.import_module("rumdoh.justice.migrations.0003_case_holders").holders_of
    appeal_court, _office, appeal_clerk, _gp = _appeal_world(jw)
    # Transferred to another office, then charged, tried, appealed, and retried.
    case, _victim = jw.case_with_victim()
    suspect = jw.suspect(case)
    jw.send(case, suspect)
    services.change_stage(jw.prosecutor, case, "returned_for_investigation", reason="Jurisdiction")
    kampot = make_agency("Kampot prosecutor", AgencyKind.PROSECUTION, "07")
    kampot_prosecutor = make_user(Role.PROSECUTOR, kampot, "kampot_prosecutor")
    services.change_stage(jw.police, case, "sent_to_prosecutor", responsible_agency=kampot)
    charge = services.add_charge(
        kampot_prosecutor,
        case,
        suspect,
        offence="LSHTSE-12",
        level="charged",
        exploitation="forced_criminality",
    )
    services.change_stage(kampot_prosecutor, case, "charged")
    services.change_stage(kampot_prosecutor, case, "trial", responsible_agency=jw.court_agency)
    court.record_verdict(
        jw.clerk,
        case,
        charge,
        outcome="convicted",
        decided_on=timezone.localdate(),
        prison_months=80,
    )
    services.change_stage(jw.clerk, case, "verdict")
    services.change_stage(
        jw.clerk, case, "appeal", reason="Appealed", responsible_agency=appeal_court
    )
    court.record_verdict(
        appeal_clerk,
        case,
        charge,
        outcome="convicted_in_absentia",
        decided_on=timezone.localdate(),
        prison_months=100,
        instance="appeal",
    )
    services.change_stage(appeal_clerk, case, "verdict")
    jw.arrest(case, suspect, hours_ago=0)  # after a verdict dated today, whatever the hour
    services.change_stage(
        appeal_clerk, case, "trial", reason="Arrested", responsible_agency=jw.court_agency
    )

    def rows(found):
        return sorted(tuple(r) for r in found)

    recorded = CaseHolder.objects.filter(case=case).values_list(
        "agency_id", "role", "instance", "since", "until"
    )
    case = CriminalCase.objects.get(pk=case.pk)
    moves = list(StageTransition.objects.filter(case=case).order_by("on", "recorded_at", "id"))
    kinds = dict(Agency.objects.values_list("pk", "kind"))
    assert rows(rebuild(case, moves, kinds)) == rows(recorded)
    assert {r[2] for r in recorded} == {"first_instance", "appeal", "retrial"}
    # The first office, the trial court and the appeal court all read the case.
    for reader in (jw.prosecutor, jw.clerk, appeal_clerk):
        assert access.participating_cases(reader).filter(pk=case.pk).exists()


def _appealed(jw, with_office=True):
    appeal_court, appeal_office, appeal_clerk, general_prosecutor = _appeal_world(jw)
    case, suspect, charge = jw.convicted()
    services.update_case(
        jw.prosecutor,
        case,
        {"court_notes": "Witness afraid of the broker"},
        expected_version=case.version,
    )
    services.change_stage(
        jw.prosecutor,
        case,
        "appeal",
        reason="Appealed",
        responsible_agency=appeal_court,
        appeal_prosecution_agency=appeal_office if with_office else None,
    )
    case.refresh_from_db()
    return case, suspect, charge, appeal_clerk, general_prosecutor


def test_former_holders_read_the_internal_notes_and_change_nothing(jw):
    from rest_framework.test import APIClient

    from rumdoh.justice import interviews

    case, _suspect, _charge, _clerk, _gp = _appealed(jw)
    page = login(jw.prosecutor).get(reverse("justice:case_detail", args=[case.pk])).content.decode()
    assert "Witness afraid of the broker" in page and "Change the notes" not in page
    client = APIClient()
    client.force_authenticate(jw.prosecutor, token="token")
    notes = client.get(f"/api/v1/criminal-cases/{case.pk}/notes/")
    assert (
        notes.status_code == 200 and notes.json()["court_notes"] == "Witness afraid of the broker"
    )
    put = client.put(
        f"/api/v1/criminal-cases/{case.pk}/notes/",
        {"court_notes": "x", "version": notes.json()["version"]},
        format="json",
    )
    assert put.status_code == 403
    police = login(jw.police).get(reverse("justice:case_detail", args=[case.pk])).content.decode()
    assert "Witness afraid of the broker" not in police
    try:
        interviews.record_interview(
            jw.prosecutor,
            jw.person,
            interviewed_on=timezone.localdate(),
            purpose="prosecution",
            case=case,
        )
    except NotAllowed:
        pass
    else:
        raise AssertionError("an office that held the case before recorded in it")
    listed = reverse("justice:person_interviews", args=[jw.person.pk])
    page = login(jw.prosecutor).get(listed).content.decode()
    assert reverse("justice:interview_new", args=[jw.person.pk]) not in page
    assert reverse("justice:interview_new", args=[jw.person.pk]) in (
        login(jw.police).get(listed).content.decode()
    )


def test_a_retrial_after_appeal_goes_back_to_the_first_office(jw):
    case, suspect, charge, appeal_clerk, general_prosecutor = _appealed(jw)
    court.record_verdict(
        appeal_clerk,
        case,
        charge,
        outcome="convicted_in_absentia",
        decided_on=timezone.localdate(),
        prison_months=100,
        instance="appeal",
    )
    services.change_stage(appeal_clerk, case, "verdict")
    jw.arrest(case, suspect, hours_ago=0)  # after a verdict dated today, whatever the hour
    told = Notification.objects.filter(recipient=jw.prosecutor, kind="justice.file_received")
    before = told.count()
    services.change_stage(
        appeal_clerk, case, "trial", reason="Arrested", responsible_agency=jw.court_agency
    )
    assert told.count() == before + 1  # the file is theirs again, and they are told
    case.refresh_from_db()
    assert (case.prosecution_agency, case.court_agency) == (jw.prosecution_agency, jw.court_agency)
    assert access.actors(jw.prosecutor, case) == {Actor.PROSECUTOR}
    assert access.actors(general_prosecutor, case) == frozenset()
    page = login(jw.clerk).get(reverse("justice:case_detail", args=[case.pk])).content.decode()
    held_before = page.split("Held before by", 1)[1].split("</dd>", 1)[0]
    assert jw.court_agency.name not in held_before  # it holds the case again
    assert "Appeal Court" in held_before


def test_flagging_again_asks_for_a_new_decision(jw):
    case, victim = jw.case_with_victim()
    jw.send(case, jw.suspect(case))
    services.flag_non_punishment(jw.police, victim, acts="Illegal entry")
    services.review_non_punishment(jw.prosecutor, victim, decision="applied", note="Forced")
    services.flag_non_punishment(jw.police, victim, acts="Document fraud")
    victim.refresh_from_db()
    assert (victim.non_punishment, victim.non_punishment_decided_at) == ("review", None)
    assert victim.non_punishment_decision_note == ""
