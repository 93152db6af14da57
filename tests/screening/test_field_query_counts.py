"""An import's page costs the same queries for one submission as for several."""

from django.urls import reverse

from rumdoh.accounts.rules.roles import Role
from rumdoh.screening.imports import import_submissions
from tests.conftest import login, make_agency, make_user
from tests.querycount import count_queries
from tests.screening.test_field_pages import CENTRAL_CSV


def test_an_import_page_reads_a_fixed_number_of_queries(db: None) -> None:
    screener = make_user(Role.SCREENER, make_agency("Poipet Transit Centre", province="01"))
    header, *rows = CENTRAL_CSV.read_text().splitlines()
    assert len(rows) >= 3, "the fixture holds several interviews"
    one = import_submissions(f"{header}\n{rows[0]}\n".encode(), user=screener)
    several = import_submissions(("\n".join([header, *rows[1:]]) + "\n").encode(), user=screener)
    client = login(screener)
    counts = []
    for report in (one, several):
        url = reverse("screening:field_import", args=[report.submission_import.pk])
        client.get(url)
        counts.append(count_queries(client, url)[0])
    assert counts[0] == counts[1], counts
