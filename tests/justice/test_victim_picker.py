"""Adding a victim: a search among the persons the agency may see, then a choice; and the
justice forms name the persons the reader may see, not only their numbers."""

import pytest
from django.urls import reverse

from rumdoh.accounts.models import AuditEvent
from tests.conftest import login, make_person

pytestmark = pytest.mark.django_db


def _url(case, q=None):
    url = reverse("justice:victim_add", args=[case.pk])
    return f"{url}?q={q}" if q is not None else url


def test_the_search_lists_visible_persons_by_name(jw):
    case = jw.open_case()
    page = login(jw.police).get(_url(case, jw.person.given_name)).content.decode()
    assert f'name="person" value="{jw.person.reference}"' in page
    assert jw.person.given_name in page
    assert 'type="radio" name="person"' in page


def test_the_search_never_lists_a_person_the_agency_may_not_see(jw, world):
    case = jw.open_case()
    hidden = make_person(world.outsider, given_name="Chanthou", family_name="Keo")
    page = login(jw.police).get(_url(case, "Chanthou")).content.decode()
    assert hidden.reference not in page and "Keo" not in page
    nothing = login(jw.police).get(_url(case, "Zzyzx")).content.decode()
    assert "No person your agency may see matches this search" in nothing


def test_the_search_leaves_out_victims_already_in_the_case(jw):
    case, _victim = jw.case_with_victim()
    page = login(jw.police).get(_url(case, jw.person.reference)).content.decode()
    assert f'name="person" value="{jw.person.reference}"' not in page


def test_names_shown_by_the_search_are_reads_in_the_audit_trail(jw):
    case = jw.open_case()
    login(jw.police).get(_url(case, jw.person.given_name))
    read = AuditEvent.objects.filter(action="person.listed", user=jw.police)
    assert list(read.values_list("person_id", flat=True)) == [jw.person.pk]


def test_no_search_no_read(jw):
    case = jw.open_case()
    assert login(jw.police).get(_url(case)).status_code == 200
    assert not AuditEvent.objects.filter(action="person.listed").exists()


def test_htmx_asks_for_the_results_alone(jw):
    case = jw.open_case()
    response = login(jw.police).get(
        _url(case, jw.person.given_name), headers={"HX-Request": "true"}
    )
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="victim-choices"')
    assert "<html" not in page and jw.person.reference in page


def test_the_page_loads_htmx_from_the_site(jw):
    case = jw.open_case()
    page = login(jw.police).get(_url(case)).content.decode()
    assert '<script src="/static/django_htmx/htmx-2.min.js"' in page
    assert 'hx-get="' in page and 'method="get"' in page  # works without the script too


def test_choosing_a_person_found_adds_the_victim(jw):
    case = jw.open_case()
    data = {"person": jw.person.reference, "participates": "on"}
    response = login(jw.police).post(_url(case, jw.person.given_name), data)
    assert response.status_code == 302
    assert case.victims.get().person == jw.person


@pytest.mark.parametrize("typed", ["p{}", "P - {:07d}"])
def test_a_person_number_is_read_however_typed(jw, typed):
    case = jw.open_case()
    data = {"person": typed.format(jw.person.pk), "participates": "on"}
    assert login(jw.police).post(_url(case), data).status_code == 302
    assert case.victims.get().person == jw.person


@pytest.mark.parametrize("typed", ["P-0", "P--{}", "S-{}", "P-²"])
def test_anything_but_a_person_number_chooses_nobody(jw, typed):
    case = jw.open_case()
    data = {"person": typed.format(jw.person.pk), "participates": "on"}
    page = login(jw.police).post(_url(case), data).content.decode()
    assert "Choose the victim among the persons found." in page
    assert not case.victims.exists()


def test_choosing_nobody_keeps_the_search_and_says_so(jw):
    case = jw.open_case()
    response = login(jw.police).post(_url(case, jw.person.given_name), {"participates": "on"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Choose the victim among the persons found." in page
    assert f'name="person" value="{jw.person.reference}"' in page
    assert not case.victims.exists()


def test_a_search_of_too_many_words_is_refused_with_a_message(jw):
    case = jw.open_case()
    page = login(jw.police).get(_url(case, "+".join(["word"] * 12))).content.decode()
    assert "A search has at most 10 words." in page


def test_the_case_page_links_to_the_picker(jw):
    case = jw.open_case()
    page = login(jw.police).get(reverse("justice:case_detail", args=[case.pk])).content.decode()
    assert f'href="{_url(case)}"' in page
    assert 'name="person"' not in page


def test_forms_name_the_suspects(jw):
    case, _victim = jw.case_with_victim()
    suspect = jw.suspect(case, given_name="Vanna", family_name="Chea")
    url = reverse("justice:arrest_new", args=[case.pk])
    page = login(jw.police).get(url).content.decode()
    assert f"{suspect.reference} Chea Vanna</option>" in page


def test_forms_name_the_victims_the_reader_may_see(jw):
    case, _victim = jw.case_with_victim()
    page = login(jw.police).get(reverse("justice:settlement_new", args=[case.pk])).content
    assert f"{jw.person.reference} {jw.person.display_name}</option>" in page.decode()


def test_forms_withhold_the_names_the_reader_may_not_see(jw):
    case, _victim = jw.case_with_victim()
    jw.send(case, jw.suspect(case))  # the prosecutor's office, which the victim never agreed to
    page = login(jw.prosecutor).get(reverse("justice:settlement_new", args=[case.pk])).content
    text = page.decode()
    assert f"{jw.person.reference} (name withheld)</option>" in text
    assert jw.person.given_name not in text
