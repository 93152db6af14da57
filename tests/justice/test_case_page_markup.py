"""Pages that hold several small forms side by side: each label must point at its own field."""

import re
from collections import Counter

import pytest
from django.urls import reverse

from tests.conftest import login
from tests.justice.scenario import everything

pytestmark = pytest.mark.django_db


def _duplicate_ids(html: str) -> list[str]:
    ids = Counter(re.findall(r'\sid="([^"]+)"', html))
    labelled = re.findall(r'<label for="([^"]+)"', html)
    return [name for name, n in ids.items() if n > 1] + [t for t in labelled if ids[t] != 1]


@pytest.mark.parametrize("who", ["police", "prosecutor", "clerk"])
def test_every_field_has_its_own_id(jw, who):
    e = everything(jw)
    client = login(getattr(jw, who))
    pages = [
        reverse("justice:case_detail", args=[e.case.pk]),
        reverse("justice:order_detail", args=[e.order.pk]),
        reverse("justice:suspect_detail", args=[e.suspect.pk]),
        reverse("justice:person_interviews", args=[jw.person.pk]),
        reverse("justice:home"),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert _duplicate_ids(response.content.decode()) == [], url


def test_a_case_without_a_lead_investigator_shows_a_dash(jw):
    # The page once failed (500) resolving the investigator's username on no investigator.
    e = everything(jw)
    type(e.case).objects.filter(pk=e.case.pk).update(investigator=None)
    response = login(jw.police).get(reverse("justice:case_detail", args=[e.case.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r"Lead investigator</dt><dd>—</dd>", html), html[:2000]
