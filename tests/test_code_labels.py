"""Languages, nationalities and provinces show as names in the page's language, not as codes."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils.translation import override

from rumdoh.people.forms import PersonForm
from rumdoh.protection.models import ServiceProvider
from tests.conftest import World, login, make_person


def render(source: str, **context: object) -> str:
    return Template("{% load core_tags %}" + source).render(Context(context))


def test_codes_read_as_names_in_the_page_language():
    source = '{{ codes|code_labels:"nationalities"|join:", " }}'
    with override("km"):
        assert render(source, codes=["TH", "VN"]) == "ថៃ, វៀតណាម"
    with override("en"):
        assert render(source, codes=["TH", "VN"]) == "Thai, Vietnamese"
        assert render('{{ codes|code_labels:"provinces"|join:", " }}', codes=["12"]) == "Phnom Penh"


def test_a_code_the_table_does_not_know_is_shown_as_recorded():
    with override("km"):
        assert render('{{ codes|code_labels:"languages"|join:", " }}', codes=["km", "xx"]) == (
            "ខ្មែរ, xx"
        )
        assert render('{{ codes|code_labels:"languages"|default:"—" }}', codes=None) == "—"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "spoken", "nationality"),
    [("km", "ខ្មែរ, ថៃ", "ថៃ"), ("en", "Khmer, Thai", "Thai")],
)
def test_a_persons_languages_and_nationality_read_as_names(
    world: World, language, spoken, nationality
):
    person = make_person(world.owner, nationality="TH", languages=["km", "th"])
    client = login(world.owner)
    client.cookies["django_language"] = language
    detail = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert f"<dd>{spoken}</dd>" in detail
    listed = client.get(reverse("people:list") + "?q=Sokha").content.decode()
    assert f"<td>{nationality}</td>" in listed and "<td>TH</td>" not in listed


@pytest.mark.django_db
def test_a_providers_nationalities_and_languages_read_as_khmer_names(world: World):
    provider = ServiceProvider.objects.create(
        agency=world.partner_agency,
        name="Partner shelter",
        province="12",
        nationalities=["KH", "VN"],
        languages=["km", "vi"],
    )
    client = login(world.partner)
    client.cookies["django_language"] = "km"
    page = client.get(reverse("protection:provider_detail", args=[provider.pk])).content.decode()
    assert page.count("<dd>ខ្មែរ, វៀតណាម</dd>") == 2
    assert "KH, VN" not in page and "km, vi" not in page


def test_the_languages_a_person_speaks_are_offered_in_khmer():
    with override("km"):
        offered = dict(PersonForm().fields["languages"].choices)  # type: ignore[attr-defined]
        assert str(offered["th"]) == "ថៃ"
