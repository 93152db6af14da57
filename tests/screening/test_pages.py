"""Screening pages for the owning agency, a partner the person shares with, and an outsider."""

import pytest
from django.urls import reverse

from rumdoh.accounts.models import AuditEvent
from rumdoh.accounts.rules.roles import Role
from rumdoh.people import services as people_services
from rumdoh.people.models import ConsentScope
from rumdoh.screening.models import ScreeningRecord
from rumdoh.screening.rules.questions import DETAILED, SHORT
from tests.conftest import login, make_person, make_user
from tests.screening.helpers import make_screening, short_form_post

pytestmark = pytest.mark.django_db


def client_for(user):
    client = login(user)
    client.cookies["django_language"] = "en"
    return client


def form_url(kind="short", person=None):
    url = reverse("screening:form", args=[kind])
    return f"{url}?person={person.pk}" if person else url


# --- start and form pages -------------------------------------------------------------------


@pytest.mark.parametrize(("who", "status"), [("owner", 200), ("partner", 200), ("outsider", 404)])
def test_start_page_for_a_person_follows_person_visibility(world, who, status):
    url = reverse("screening:start") + f"?person={world.person.pk}"
    assert client_for(getattr(world, who)).get(url).status_code == status


@pytest.mark.parametrize("who", ["owner", "partner", "outsider"])
def test_start_page_without_a_person_offers_both_forms(world, who):
    response = client_for(getattr(world, who)).get(reverse("screening:start"))
    assert response.status_code == 200
    assert reverse("screening:form", args=["short"]) in response.content.decode()
    assert reverse("screening:form", args=["detailed"]) in response.content.decode()


@pytest.mark.parametrize(("who", "status"), [("owner", 200), ("partner", 200), ("outsider", 404)])
@pytest.mark.parametrize("kind", ["short", "detailed"])
def test_form_page_for_a_person_follows_person_visibility(world, who, status, kind):
    response = client_for(getattr(world, who)).get(form_url(kind, world.person))
    assert response.status_code == status


def test_form_page_asks_every_question_in_both_languages(world):
    response = client_for(world.owner).get(form_url("short"))
    html = response.content.decode()
    for question in SHORT:
        assert f'name="q_{question.key}"' in html
        assert question.text_km in html
    assert html.count('type="radio"') == 3 * len(SHORT)


def test_form_page_prefills_what_is_known_of_the_person(world):
    form = client_for(world.owner).get(form_url("short", world.person)).context["form"]
    assert form.initial["sex"] == "female"
    assert form.initial["nationality"] == "KH"
    assert form.initial["age_estimated"] is True


def test_unknown_form_kind_is_not_found(world):
    assert client_for(world.owner).get(form_url("long")).status_code == 404


def test_user_who_cannot_screen_is_refused(world):
    clerk = make_user(Role.COURT_CLERK, world.owner_agency)
    assert client_for(clerk).get(reverse("screening:start")).status_code == 403
    assert client_for(clerk).post(form_url(), short_form_post()).status_code == 403
    assert not ScreeningRecord.objects.exists()


def test_signed_out_visitor_is_sent_to_login(world):
    from django.test import Client

    response = Client().get(reverse("screening:start"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


# --- saving ---------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["owner", "partner"])
def test_screening_against_a_person_is_saved_for_the_screeners_agency(world, who):
    user = getattr(world, who)
    post = short_form_post(q_recruited="yes", q_lied_to="yes", q_threatened="yes")
    response = client_for(user).post(form_url("short", world.person), post)
    record = ScreeningRecord.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("screening:detail", args=[record.pk])
    assert (record.person, record.agency, record.screener) == (world.person, user.agency, user)
    assert record.determination == "trafficking-indicated"
    assert record.observations["FL-THREATS"] == "yes"
    assert record.observations["ACT-TRANSPORT"] == "no"
    assert (record.form, record.context, record.province) == ("short", "deportation", "01")
    event = AuditEvent.objects.get(action="screening.recorded")
    assert (event.user, event.person_id) == (user, world.person.pk)


def test_outsider_cannot_save_a_screening_against_an_invisible_person(world):
    response = client_for(world.outsider).post(form_url("short", world.person), short_form_post())
    assert response.status_code == 404
    assert not ScreeningRecord.objects.exists()


def test_anonymous_screening_keeps_no_person(world):
    post = short_form_post(age="", sex="male", nationality="VN")
    client_for(world.outsider).post(form_url("short"), post)
    record = ScreeningRecord.objects.get()
    assert record.person is None
    assert (record.age, record.sex, record.nationality) == (None, "male", "VN")
    assert record.agency == world.outsider_agency


def test_province_defaults_to_the_agencys(world):
    form = client_for(world.partner).get(form_url()).context["form"]
    assert form.initial["province"] == "12"


def test_all_no_on_the_short_form_clears_the_person(world):
    client_for(world.owner).post(form_url(), short_form_post("no"))
    assert ScreeningRecord.objects.get().determination == "not-indicated"


def test_all_dont_know_on_the_short_form_needs_further_assessment(world):
    client_for(world.owner).post(form_url(), short_form_post("unknown"))
    assert ScreeningRecord.objects.get().determination == "further-assessment"


def test_detailed_form_records_every_code_including_harm(world):
    post = short_form_post()
    post = {k: v for k, v in post.items() if not k.startswith("q_")}
    post.update({f"q_{q.key}": "no" for q in DETAILED})
    post["q_harm-mental"] = "yes"
    response = client_for(world.owner).post(form_url("detailed"), post)
    record = ScreeningRecord.objects.get()
    assert response.status_code == 302
    assert record.form == "detailed"
    assert len(record.observations) == len(DETAILED)
    assert record.observations["HARM-MENTAL"] == "yes"
    assert record.determination == "not-indicated"


def test_preview_shows_the_result_and_saves_nothing(world):
    post = short_form_post(q_money="yes", preview="1")
    response = client_for(world.owner).post(form_url(), post)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-determination="forced-labour-indicated"' in html
    assert 'data-next-step="refer"' in html
    assert 'name="q_money" value="yes"' in html
    assert not ScreeningRecord.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("age", "-1", "An age cannot be negative."),
        ("age", "500", "Give an age of 130 years or less."),
        ("age", "twenty", "Give the age as a whole number of years."),
        ("context", "", "This field is required."),
        ("q_documents", "", "Choose yes, no or don&#x27;t know."),
        ("q_documents", "maybe", "Select a valid choice."),
    ],
)
def test_invalid_answers_are_explained_and_nothing_is_saved(world, field, value, message):
    response = client_for(world.owner).post(form_url(), short_form_post(**{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["form"].errors[field]
    assert not ScreeningRecord.objects.exists()


# --- detail and result ----------------------------------------------------------------------


@pytest.mark.parametrize(("who", "status"), [("owner", 200), ("partner", 200), ("outsider", 404)])
def test_screening_of_a_person_is_visible_to_agencies_that_see_the_person(world, who, status):
    record = make_screening(world.owner, world.person)
    url = reverse("screening:detail", args=[record.pk])
    assert client_for(getattr(world, who)).get(url).status_code == status


@pytest.mark.parametrize(("who", "status"), [("owner", 200), ("partner", 404), ("outsider", 404)])
def test_anonymous_screening_is_visible_only_to_the_agency_that_made_it(world, who, status):
    record = make_screening(world.owner)
    url = reverse("screening:detail", args=[record.pk])
    assert client_for(getattr(world, who)).get(url).status_code == status


def test_partners_screening_is_visible_to_the_owner_of_the_person(world):
    record = make_screening(world.partner, world.person)
    url = reverse("screening:detail", args=[record.pk])
    assert client_for(world.owner).get(url).status_code == 200
    assert client_for(world.outsider).get(url).status_code == 404


def test_hidden_and_missing_screenings_get_the_same_answer(world):
    record = make_screening(world.owner, world.person)
    client = client_for(world.outsider)
    hidden = client.get(reverse("screening:detail", args=[record.pk]))
    missing = client.get(reverse("screening:detail", args=[record.pk + 100]))
    assert hidden.status_code == missing.status_code == 404


def test_withdrawn_consent_hides_the_screening_from_the_partner(world):
    record = make_screening(world.owner, world.person)
    consent = world.person.consents.get(scope=ConsentScope.SHARE)
    people_services.withdraw_consent(world.owner, consent)
    url = reverse("screening:detail", args=[record.pk])
    assert client_for(world.partner).get(url).status_code == 404


def test_result_page_names_the_observed_codes_per_element_and_the_next_step(world):
    record = make_screening(world.owner, world.person)
    response = client_for(world.owner).get(reverse("screening:detail", args=[record.pk]))
    html = response.content.decode()
    assert 'data-determination="trafficking-indicated"' in html
    assert 'data-next-step="refer"' in html
    assert 'title="ACT-RECRUITMENT"' in html
    assert 'title="FL-THREATS"' in html
    assert AuditEvent.objects.filter(
        action="screening.viewed", user=world.owner, person_id=world.person.pk
    ).exists()


def test_unknown_age_is_flagged_on_the_result(world):
    record = make_screening(
        world.owner, observations={"ACT-RECRUITMENT": "yes", "PURPOSE-SEXUAL": "yes"}, age=None
    )
    html = client_for(world.owner).get(reverse("screening:detail", args=[record.pk])).content
    assert record.determination == "further-assessment"
    assert b"The age is not known" in html


# --- list -----------------------------------------------------------------------------------


def test_list_shows_only_the_agencys_own_screenings(world):
    own = make_screening(world.owner, world.person)
    partners = make_screening(world.partner, world.person)
    outsiders = make_screening(world.outsider)
    html = client_for(world.owner).get(reverse("screening:list")).content.decode()
    assert own.reference in html
    assert partners.reference not in html
    assert outsiders.reference not in html


@pytest.mark.parametrize("who", ["partner", "outsider"])
def test_other_agencies_do_not_see_the_owners_screenings_in_their_list(world, who):
    record = make_screening(world.owner, world.person)
    html = client_for(getattr(world, who)).get(reverse("screening:list")).content.decode()
    assert record.reference not in html


def test_list_filters_by_result_context_and_date(world):
    traf = make_screening(world.owner, world.person)
    clear = make_screening(
        world.owner, observations=dict.fromkeys(SHORT[0].codes, "no"), context="raid"
    )
    client = client_for(world.owner)
    url = reverse("screening:list")
    page = client.get(url, {"determination": "trafficking-indicated"}).context["page"]
    assert list(page) == [traf]
    assert list(client.get(url, {"context": "raid"}).context["page"]) == [clear]
    assert list(client.get(url, {"since": "2999-01-01"}).context["page"]) == []


def test_list_searches_by_p_number(world):
    other = make_person(world.owner, given_name="Dara", family_name="Meas")
    mine = make_screening(world.owner, world.person)
    make_screening(world.owner, other)
    client = client_for(world.owner)
    typed = (world.person.reference, f"p-{world.person.pk}", str(world.person.pk), "p - 0{}")
    for query in typed:
        page = client.get(reverse("screening:list"), {"q": query.format(world.person.pk)})
        assert list(page.context["page"]) == [mine]


def test_list_explains_a_bad_search_and_bad_dates(world):
    client = client_for(world.owner)
    for query in ("Sokha", "P-0", "P--12", "P-²"):
        response = client.get(reverse("screening:list"), {"q": query})
        assert "Give a P-number, such as P-0000012." in response.content.decode(), query
    response = client.get(reverse("screening:list"), {"since": "2026-02-01", "until": "2026-01-01"})
    assert "The end date is before the start date." in response.content.decode()


def test_list_is_paginated_and_logs_the_persons_shown(world):
    for _ in range(27):
        make_screening(world.owner, world.person)
    response = client_for(world.owner).get(reverse("screening:list"))
    assert len(response.context["page"]) == 25
    assert response.context["page"].has_next()
    assert AuditEvent.objects.filter(action="screening.listed", user=world.owner).count() == 1
    second = client_for(world.owner).get(reverse("screening:list"), {"page": 2})
    assert (len(second.context["page"]), second.context["page"].has_next()) == (2, False)


# --- the panel on a person's page -----------------------------------------------------------


@pytest.mark.parametrize("who", ["owner", "partner"])
def test_person_page_lists_the_persons_visible_screenings(world, who):
    own = make_screening(world.owner, world.person)
    partners = make_screening(world.partner, world.person)
    response = client_for(getattr(world, who)).get(reverse("people:detail", args=[world.person.pk]))
    html = response.content.decode()
    assert own.reference in html and partners.reference in html
    assert f"{reverse('screening:start')}?person={world.person.pk}" in html


def test_person_panel_leaves_out_screenings_of_other_persons(world):
    other = make_person(world.owner, given_name="Dara", family_name="Meas")
    elsewhere = make_screening(world.owner, other)
    response = client_for(world.owner).get(reverse("people:detail", args=[world.person.pk]))
    assert elsewhere.reference not in response.content.decode()
    assert "Not screened yet." in response.content.decode()


def test_person_panel_hides_the_screen_link_from_roles_that_cannot_screen(world):
    make_screening(world.owner, world.person)
    clerk = make_user(Role.COURT_CLERK, world.owner_agency)
    response = client_for(clerk).get(reverse("people:detail", args=[world.person.pk]))
    html = response.content.decode()
    assert "S-0" in html
    assert "Screen again" not in html


def test_the_service_refuses_a_screening_with_the_reason(world):
    from rumdoh.core.errors import NotAllowed
    from tests.screening.helpers import make_screening

    with pytest.raises(NotAllowed, match="may not see this person's record"):
        make_screening(world.outsider, world.person)
    analyst = make_user(Role.NCCT_ANALYST, world.outsider_agency, "analyst")
    with pytest.raises(NotAllowed, match="Your role does not allow this"):
        make_screening(analyst)
    assert not ScreeningRecord.objects.exists()


def test_a_screening_form_sent_twice_saves_one_screening(world):
    """A double press of "Save and see the result" saved two screenings of the person, each
    counted in the national figures."""
    client = client_for(world.owner)
    url = form_url("short", world.person)
    first = client.post(url, short_form_post("yes", save="1"))
    record = ScreeningRecord.objects.get()
    assert first.url == reverse("screening:detail", args=[record.pk])
    again = client.post(url, short_form_post("yes", save="1"), follow=True)
    assert ScreeningRecord.objects.count() == 1
    assert again.redirect_chain[-1][0] == reverse("screening:detail", args=[record.pk])
    assert f"This screening is already saved as {record.reference}" in again.content.decode()
    # Another answer is another screening.
    client.post(url, short_form_post("no", save="1"))
    assert ScreeningRecord.objects.count() == 2
