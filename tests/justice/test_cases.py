"""Criminal cases: opened by a police unit, moved stage by stage, every move recorded."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from rumdoh.accounts.models import AuditEvent
from rumdoh.accounts.rules.roles import Role
from rumdoh.core.errors import NotAllowed, Refused
from rumdoh.justice import services
from rumdoh.justice.models import CriminalCase, StageTransition
from rumdoh.notices.models import Notification
from tests.conftest import login, make_user

pytestmark = pytest.mark.django_db


def test_police_open_a_case_from_the_page(jw):
    client = login(jw.police)
    url = reverse("justice:case_new")
    assert client.get(url).status_code == 200
    data = {
        "origin": "raid",
        "province": "18",
        "exploitation_types": ["forced_criminality"],
        "summary": "Raid on a compound in Sihanoukville",
        "prosecution_agency": jw.prosecution_agency.pk,
        "opened_on": timezone.localdate().isoformat(),
    }
    response = client.post(url, data)
    case = CriminalCase.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "justice:case_detail", args=[case.pk]
    )
    assert (case.police_agency, case.investigator, case.stage) == (
        jw.police_agency,
        jw.police,
        "investigation",
    )
    assert case.summary == "Raid on a compound in Sihanoukville"
    assert AuditEvent.objects.filter(action="criminal_case.opened").exists()


def test_a_referral_case_names_the_referring_agency(jw):
    data = {"origin": "referral", "province": "01", "opened_on": timezone.localdate().isoformat()}
    response = login(jw.police).post(reverse("justice:case_new"), data)
    assert response.status_code == 200
    assert "Name the agency that referred the case." in response.content.decode()


def test_the_form_sent_as_it_comes_opens_no_case(jw):
    client = login(jw.police)
    page = client.get(reverse("justice:case_new")).content.decode()
    origin = re.search(r'<select name="origin".*?</select>', page, re.S)
    assert origin and '<option value="" selected>---------</option>' in origin.group()
    # What the browser sends when the officer presses the button without filling in anything.
    data = {"origin": "", "province": "12", "opened_on": timezone.localdate().isoformat()}
    response = client.post(reverse("justice:case_new"), data)
    assert response.status_code == 200 and not CriminalCase.objects.exists()
    assert set(response.context["form"].errors) == {"origin", "summary"}


def test_the_form_sent_twice_opens_one_case(jw):
    client = login(jw.police)
    data = {
        "origin": "report",
        "province": "12",
        "summary": "A mother reports her daughter held in a karaoke bar",
        "opened_on": timezone.localdate().isoformat(),
    }
    first = client.post(reverse("justice:case_new"), data)
    second = client.post(reverse("justice:case_new"), data)
    case = CriminalCase.objects.get()
    assert first.url == second.url == reverse("justice:case_detail", args=[case.pk])
    assert StageTransition.objects.filter(case=case).count() == 1
    # Another case with other facts is opened, however soon after.
    client.post(reverse("justice:case_new"), data | {"summary": "A second bar on the same street"})
    assert CriminalCase.objects.count() == 2


def test_the_search_box_says_what_it_searches_for_the_reader(jw, world):
    police = login(jw.police).get(reverse("justice:cases")).content.decode()
    assert "Case, person, or suspect name, alias or handle" in police
    # A case worker's search finds cases by number, never by a suspect's name.
    worker = login(world.owner).get(reverse("justice:cases")).content.decode()
    assert "suspect name" not in worker and "Case or person number" in worker


def test_police_open_a_case_for_a_victim_from_her_record(jw, world):
    person_page = login(jw.police).get(reverse("people:detail", args=[jw.person.pk]))
    link = reverse("justice:case_new") + f"?victim={jw.person.pk}"
    assert link in person_page.content.decode()
    assert (
        link
        not in login(world.owner)
        .get(reverse("people:detail", args=[jw.person.pk]))
        .content.decode()
    )
    page = login(jw.police).get(link).content.decode()
    assert "will be linked to the new case as a victim" in page and "Chan Sokha" in page
    # A unit that may not see her record cannot link her, nor learn that she exists.
    assert login(jw.other_police).get(link).status_code == 404
    data = {
        "origin": "referral",
        "referring_agency": world.owner_agency.pk,
        "province": "01",
        "exploitation_types": ["forced_criminality"],
        "summary": "Referred by the shelter after her return from a compound",
        "opened_on": timezone.localdate().isoformat(),
    }
    assert login(jw.police).post(link, data).status_code == 302
    case = CriminalCase.objects.get()
    assert list(case.victims.values_list("person_id", flat=True)) == [jw.person.pk]
    assert login(jw.other_police).post(link, data).status_code == 404
    assert CriminalCase.objects.count() == 1


def test_only_a_police_unit_opens_a_case(jw, world):
    assert login(jw.prosecutor).get(reverse("justice:case_new")).status_code == 403
    assert login(world.owner).get(reverse("justice:case_new")).status_code == 403
    ngo_investigator = make_user(Role.POLICE_INVESTIGATOR, world.partner_agency)
    with pytest.raises(NotAllowed):
        services.open_case(ngo_investigator, origin="report", province="01")


def test_the_whole_road_is_recorded_with_who_when_and_why(jw):
    case, _suspect, charge = jw.charged_case()
    services.change_stage(
        jw.prosecutor, case, "investigating_judge", responsible_agency=jw.court_agency
    )
    case.refresh_from_db()
    assert case.court_agency == jw.court_agency
    services.change_stage(jw.clerk, case, "trial", responsible_agency=jw.court_agency)
    from rumdoh.justice import court

    court.record_verdict(
        jw.clerk, case, charge, outcome="convicted", decided_on=timezone.localdate()
    )
    services.change_stage(jw.clerk, case, "verdict")
    services.change_stage(jw.clerk, case, "final", closure="judgment_final")
    moves = list(StageTransition.objects.filter(case=case).values_list("from_stage", "to_stage"))
    assert moves == [
        ("", "investigation"),
        ("investigation", "sent_to_prosecutor"),
        ("sent_to_prosecutor", "charged"),
        ("charged", "investigating_judge"),
        ("investigating_judge", "trial"),
        ("trial", "verdict"),
        ("verdict", "final"),
    ]
    case.refresh_from_db()
    assert (case.stage, case.closure) == ("final", "judgment_final")
    sent = StageTransition.objects.get(case=case, to_stage="sent_to_prosecutor")
    assert (sent.by, sent.responsible_agency, sent.responsible_person) == (
        jw.police,
        jw.prosecution_agency,
        "Deputy prosecutor Sok",
    )


def test_sending_the_file_without_a_recommended_charge_is_refused_with_a_message(jw):
    case, _victim = jw.case_with_victim()
    url = reverse("justice:case_stage", args=[case.pk])
    data = {
        "to_stage": "sent_to_prosecutor",
        "on": timezone.localdate().isoformat(),
        "responsible_agency": jw.prosecution_agency.pk,
    }
    response = login(jw.police).post(url, data)
    assert response.status_code == 200
    assert "Record at least one recommended charge" in response.content.decode()
    case.refresh_from_db()
    assert case.stage == "investigation"


def test_the_prosecutor_returns_a_file_with_a_reason_and_the_police_are_told(jw):
    case, _victim = jw.case_with_victim()
    jw.send(case, jw.suspect(case))
    case.refresh_from_db()
    with pytest.raises(Refused):
        services.change_stage(jw.prosecutor, case, "returned_for_investigation")
    services.change_stage(
        jw.prosecutor, case, "returned_for_investigation", reason="Statement of the driver missing"
    )
    assert Notification.objects.filter(recipient=jw.police, kind="justice.returned").exists()
    case.refresh_from_db()
    services.change_stage(
        jw.police, case, "sent_to_prosecutor", responsible_agency=jw.prosecution_agency
    )


def test_a_stage_cannot_be_dated_in_the_future_or_before_the_current_one(jw):
    case, _victim = jw.case_with_victim()
    jw.suspect(case)
    with pytest.raises(Refused):
        services.change_stage(
            jw.police,
            case,
            "sent_to_prosecutor",
            on=timezone.localdate() + timedelta(days=1),
            responsible_agency=jw.prosecution_agency,
        )
    with pytest.raises(Refused):
        services.change_stage(
            jw.police,
            case,
            "sent_to_prosecutor",
            on=case.stage_since - timedelta(days=1),
            responsible_agency=jw.prosecution_agency,
        )


def test_the_court_cannot_make_the_prosecutors_move(jw):
    case, _suspect, _charge = jw.charged_case()
    case.court_agency = jw.court_agency
    case.save()
    with pytest.raises(NotAllowed):
        services.change_stage(jw.police, case, "trial", responsible_agency=jw.court_agency)


def test_charging_notifies_the_victims_case_worker_and_the_referring_agency(jw, world):
    jw.charged_case()
    assert Notification.objects.filter(recipient=world.owner, kind="justice.charged").exists()
    assert Notification.objects.filter(
        recipient=jw.prosecutor, kind="justice.file_received"
    ).exists()
    message = Notification.objects.filter(kind="justice.charged").first().message
    assert "has been charged" in message and "J-" in message
    assert "Sokha" not in message


def test_timeline_page_shows_every_move(jw):
    case, _suspect, _charge = jw.charged_case()
    body = login(jw.police).get(reverse("justice:case_timeline", args=[case.pk])).content.decode()
    for label in ("Investigation", "Case file sent to the prosecutor", "Charged"):
        assert label in body


def test_case_list_filters_by_offence_class_stage_and_suspect_alias(jw):
    case, _suspect, _charge = jw.charged_case()
    rape, _v = jw.case_with_victim(origin="report", referring_agency=None)
    jw.send(rape, jw.suspect(rape, aliases=["Uncle Ny"], handles=[]), offence="CC-239")
    client = login(jw.police)
    url = reverse("justice:cases")
    assert case.reference in client.get(url, {"offence_class": "trafficking"}).content.decode()
    related = client.get(url, {"offence_class": "related"}).content.decode()
    assert rape.reference in related and case.reference not in related
    found = client.get(url, {"q": "@tiger_jobs"}).content.decode()
    assert case.reference in found and rape.reference not in found
    by_alias = client.get(url, {"q": "uncle ny"}).content.decode()
    assert rape.reference in by_alias and case.reference not in by_alias
    assert case.reference in client.get(url, {"stage": "charged"}).content.decode()
    assert case.reference not in client.get(url, {"state": "final"}).content.decode()
    assert case.reference in client.get(url, {"q": jw.person.reference}).content.decode()


def test_case_list_finds_a_case_by_its_j_number_however_typed_and_no_case_without_victims(jw):
    case, _victim = jw.case_with_victim()
    other, _victim = jw.case_with_victim()
    without_victims = jw.open_case()
    client = login(jw.police)
    url = reverse("justice:cases")
    for typed in (case.reference, f"j{case.pk}", f"J - {case.pk}"):
        found = client.get(url, {"q": typed}).content.decode()
        assert case.reference in found and other.reference not in found, typed
        assert without_victims.reference not in found, typed


def test_case_list_query_count_does_not_grow_with_cases(jw):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    jw.open_case()
    client = login(jw.police)
    url = reverse("justice:cases")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _n in range(4):
        jw.case_with_victim()
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.content.decode().count("J-0") == 5
    assert len(many) == len(few)


def test_case_page_reads_are_audited_per_victim(jw):
    case, _victim = jw.case_with_victim()
    login(jw.police).get(reverse("justice:case_detail", args=[case.pk]))
    assert AuditEvent.objects.filter(action="criminal_case.viewed", object_id=str(case.pk)).exists()
    assert AuditEvent.objects.filter(action="person.listed", person_id=jw.person.pk).exists()


def test_internal_notes_are_kept_from_the_police_and_the_followers(jw, world):
    case, _suspect, _charge = jw.charged_case()
    services.update_case(
        jw.prosecutor,
        case,
        {"court_notes": "Witness may be intimidated"},
        expected_version=case.version,
    )
    url = reverse("justice:case_detail", args=[case.pk])
    assert "Witness may be intimidated" in login(jw.prosecutor).get(url).content.decode()
    assert "Witness may be intimidated" not in login(jw.police).get(url).content.decode()
    assert "Witness may be intimidated" not in login(world.owner).get(url).content.decode()
    with pytest.raises(NotAllowed):
        services.update_case(jw.police, case, {"court_notes": "x"}, expected_version=case.version)


def test_an_appeal_ends_in_a_verdict_only_once_the_appeal_court_has_decided(jw):
    from rumdoh.justice import court

    case, _suspect, charge = jw.convicted()
    services.change_stage(jw.prosecutor, case, "appeal", responsible_agency=jw.court_agency)
    with pytest.raises(Refused):
        services.change_stage(jw.clerk, case, "verdict")
    court.record_verdict(
        jw.clerk,
        case,
        charge,
        outcome="convicted",
        instance="appeal",
        decided_on=timezone.localdate(),
        prison_months=60,
    )
    services.change_stage(jw.clerk, case, "verdict")
    services.change_stage(jw.clerk, case, "final", closure="judgment_final")
    assert services.outcome_of(case)[charge.pk].prison_months == 60


def test_coded_facts_are_checked_whatever_the_client(jw):
    with pytest.raises(Refused):
        jw.open_case(exploitation_types=["forced_criminality", "made_up"])
    with pytest.raises(Refused):
        jw.open_case(province="99")
    with pytest.raises(Refused):
        jw.open_case(origin="rumour")
    case = jw.open_case(exploitation_types=["sexual_exploitation", "sexual_exploitation"])
    assert case.exploitation_types == ["sexual_exploitation"]
    with pytest.raises(Refused):
        services.update_case(
            jw.police, case, {"exploitation_types": ["nonsense"]}, expected_version=case.version
        )
    case.refresh_from_db()
    assert case.exploitation_types == ["sexual_exploitation"]
