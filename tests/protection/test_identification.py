"""Formal identification: eligible identifiers only; it opens services."""

import re

import pytest
from django.urls import reverse

from rumdoh.accounts.models import AuditEvent
from rumdoh.accounts.rules.roles import Role
from rumdoh.core.errors import NotAllowed
from rumdoh.protection import services
from rumdoh.protection.models import Identification, ProtectionCase, StageChange
from tests.conftest import login, make_agency, make_person, make_user
from tests.protection.helpers import identifier
from tests.screening.helpers import make_screening

pytestmark = pytest.mark.django_db

FORM = {
    "designation": "suspected_victim",
    "exploitation_types": ["forced_criminality", "forced_labour"],
    "sectors": ["scam_compound"],
    "basis": "short_form",
    "identified_on": "2026-01-10",
}


@pytest.fixture
def screening(world):
    """The person's screening at the owning agency."""
    return make_screening(world.owner, person=world.person)


def test_eligible_identifier_designates_a_suspected_victim(world, screening):
    user = identifier(world)
    url = reverse("protection:identify", args=[world.person.pk])
    response = login(user).post(url, {**FORM, "screening_id": str(screening.pk)})
    assert response.status_code == 302
    found = Identification.objects.get(person=world.person)
    assert found.is_suspected_victim
    assert found.exploitation_types == ["forced_criminality", "forced_labour"]
    assert found.screening_id == screening.pk
    assert (found.sectors, found.basis) == (["scam_compound"], "short_form")
    assert (found.agency, found.identified_by) == (world.owner_agency, user)
    assert found.identified_at.date().isoformat() == "2026-01-10"
    assert AuditEvent.objects.filter(action="identification.recorded").count() == 1


@pytest.mark.parametrize(
    ("typed", "linked"), [("S-{:07d}", True), ("s{}", True), ("s - {}", True), ("", False)]
)
def test_the_screening_is_named_by_the_s_number_the_pages_show(world, screening, typed, linked):
    url = reverse("protection:identify", args=[world.person.pk])
    response = login(identifier(world)).post(
        url, {**FORM, "screening_id": typed.format(screening.pk)}
    )
    assert response.status_code == 302
    found = Identification.objects.get(person=world.person).screening_id
    assert found == (screening.pk if linked else None)


def test_a_screening_named_in_the_address_is_shown_by_its_s_number(world, screening):
    url = reverse("protection:identify", args=[world.person.pk])
    client = login(identifier(world))
    for named in (str(screening.pk), screening.reference):
        body = client.get(url, {"screening": named}).content.decode()
        assert f'value="S-{screening.pk:07d}"' in body
    body = client.get(url, {"screening": "²"}).content.decode()
    assert 'name="screening_id" value=' not in body


@pytest.mark.parametrize("typed", ["P-0000042", "S-", "S-0000000", "forty-two", "S-²", "S--1"])
def test_anything_but_an_s_number_is_explained(world, screening, typed):
    url = reverse("protection:identify", args=[world.person.pk])
    response = login(identifier(world)).post(url, {**FORM, "screening_id": typed})
    assert response.status_code == 200
    assert "Give an S-number, such as S-0000012." in response.content.decode()
    assert not Identification.objects.exists()


def test_identification_opens_a_case_with_its_first_stage_recorded(world):
    login(identifier(world)).post(reverse("protection:identify", args=[world.person.pk]), FORM)
    case = ProtectionCase.objects.get(person=world.person)
    assert (case.agency, case.stage) == (world.owner_agency, "identification")
    assert StageChange.objects.filter(case=case, to_stage="identification").count() == 1


def test_role_without_identify_capability_is_refused(world):
    url = reverse("protection:identify", args=[world.person.pk])
    assert login(world.owner).get(url).status_code == 403
    assert login(world.owner).post(url, FORM).status_code == 403
    assert not Identification.objects.exists()


def test_identifier_of_an_ineligible_agency_is_refused(world):
    agency = make_agency("Immigration", kind="immigration", can_identify=False)
    user = make_user(Role.IDENTIFIER, agency)
    with pytest.raises(NotAllowed):
        services.identify(user, world.person, exploitation_types=["other"], basis="screening")
    assert not Identification.objects.exists()


def test_identifier_of_ineligible_agency_cannot_open_the_page(world):
    world.owner_agency.can_identify = False
    world.owner_agency.save()
    url = reverse("protection:identify", args=[world.person.pk])
    assert login(identifier(world)).get(url).status_code == 403


def test_outsider_identifier_gets_404(world):
    user = make_user(Role.IDENTIFIER, world.outsider_agency)
    url = reverse("protection:identify", args=[world.person.pk])
    assert login(user).get(url).status_code == 404


def test_partner_identifier_may_identify_a_shared_person(world):
    user = make_user(Role.IDENTIFIER, world.partner_agency)
    url = reverse("protection:identify", args=[world.person.pk])
    assert login(user).get(url).status_code == 200
    assert login(user).post(url, FORM).status_code == 302
    assert Identification.objects.get().agency == world.partner_agency


def test_suspected_victim_needs_a_form_of_exploitation(world):
    url = reverse("protection:identify", args=[world.person.pk])
    response = login(identifier(world)).post(url, {**FORM, "exploitation_types": []})
    assert response.status_code == 200
    assert not Identification.objects.exists()


def test_foreign_identification_names_the_authority(world):
    url = reverse("protection:identify", args=[world.person.pk])
    data = {**FORM, "basis": "foreign_identification"}
    assert login(identifier(world)).post(url, data).status_code == 200
    data["foreign_authority"] = "Royal Thai Police, Sa Kaeo"
    assert login(identifier(world)).post(url, data).status_code == 302


def test_the_screening_must_be_visible_and_of_this_person(world, screening):
    other = make_person(world.owner, given_name="Dara", family_name="Keo")
    elsewhere = make_screening(world.outsider, person=None)
    url = reverse("protection:identify", args=[other.pk])
    client = login(identifier(world))
    body = client.post(url, {**FORM, "screening_id": str(screening.pk)}, follow=True)
    body = body.content.decode()
    assert "That screening is of another person." in body
    body = client.post(url, {**FORM, "screening_id": str(elsewhere.pk)}, follow=True)
    # Beside the number typed, not above the form.
    assert re.search(
        r'id="id_screening_id_error"[^>]*>\s*<li>There is no screening with that number',
        body.content.decode(),
    )
    assert not Identification.objects.exists()
    anonymous = make_screening(world.owner, person=None)
    client.post(url, {**FORM, "screening_id": str(anonymous.pk)})
    assert Identification.objects.get(person=other).screening_id == anonymous.pk


def test_an_identification_sent_twice_is_recorded_once_and_shown(world):
    client = login(identifier(world))
    url = reverse("protection:identify", args=[world.person.pk])
    assert client.post(url, FORM).status_code == 302
    again = client.post(url, FORM, follow=True)
    first = Identification.objects.get(person=world.person)
    assert again.redirect_chain[-1][0].endswith(f"#identification-{first.pk}")
    html = again.content.decode()
    assert "This identification is already recorded" in html and "2026-01-10" in html
    assert f'id="identification-{first.pk}"' in html
    assert AuditEvent.objects.filter(action="identification.recorded").count() == 1
    assert ProtectionCase.objects.filter(person=world.person).count() == 1


def test_another_determination_or_another_day_is_another_identification(world):
    client = login(identifier(world))
    url = reverse("protection:identify", args=[world.person.pk])
    client.post(url, FORM)
    client.post(url, {**FORM, "exploitation_types": ["forced_labour"]})
    client.post(url, {**FORM, "identified_on": "2026-01-11"})
    assert Identification.objects.filter(person=world.person).count() == 3
    # Another agency's identification of the same day is its own.
    other = make_user(Role.IDENTIFIER, world.partner_agency)
    login(other).post(url, FORM)
    assert Identification.objects.filter(person=world.person).count() == 4


def test_the_api_answers_a_retry_with_the_identification_recorded_first(world):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(identifier(world))
    data = {
        "person": world.person.pk,
        "exploitation_types": ["forced_labour"],
        "basis": "detailed_form",
        "identified_at": "2026-01-10T09:00:00+07:00",
    }
    first = client.post("/api/v1/identifications/", data, format="json")
    assert first.status_code == 201, first.json()
    later = {**data, "identified_at": "2026-01-10T15:30:00+07:00"}
    again = client.post("/api/v1/identifications/", later, format="json")
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    assert Identification.objects.filter(person=world.person).count() == 1


@pytest.mark.parametrize("day", ["0001-01-01", "1900-01-01", "2007-12-31"])
def test_an_identification_before_2008_is_refused_on_the_page_and_in_the_api(world, day):
    from rest_framework.test import APIClient

    user = identifier(world)
    url = reverse("protection:identify", args=[world.person.pk])
    page = login(user).post(url, {**FORM, "identified_on": day})
    assert page.status_code == 200
    assert "The date cannot be before 2008-01-01" in str(page.context["form"].errors)
    client = APIClient()
    client.force_authenticate(user)
    data = {
        "person": world.person.pk,
        "exploitation_types": ["forced_labour"],
        "basis": "detailed_form",
        "identified_at": f"{day}T09:00:00+07:00",
    }
    answer = client.post("/api/v1/identifications/", data, format="json")
    assert answer.status_code == 400
    assert "before 2008-01-01" in answer.json()["identified_at"][0]
    assert not Identification.objects.exists()
