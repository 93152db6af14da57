"""Suspect names on the justice pages are isolated, as persons' names are, so a right-to-left name
or a stray direction mark cannot reorder the page around it."""

from django.urls import reverse

from rumdoh.justice.models import Suspect
from tests.conftest import login

RLO = "\u202e"


def test_a_suspects_name_is_isolated_on_the_case_and_suspect_pages(jw):
    case = jw.open_case()
    suspect = jw.suspect(case)
    Suspect.objects.filter(pk=suspect.pk).update(family_name=f"{RLO}Dara", given_name="Chea")
    suspect.refresh_from_db()
    client = login(jw.police)
    for url in (
        reverse("justice:case_detail", args=[case.pk]),
        reverse("justice:suspect_detail", args=[suspect.pk]),
    ):
        page = client.get(url).content.decode()
        assert "<bdi>Dara Chea</bdi>" in page or "<bdi>Dara</bdi>" in page, url
        assert RLO not in page, url
