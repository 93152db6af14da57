"""Deportees received and screened per crossing, and people repatriated, are in the national
statistics."""

from __future__ import annotations

import csv
import io
from datetime import date

from rumdoh.accounts.models import AgencyKind
from rumdoh.accounts.rules.roles import Role
from rumdoh.crossborder import services
from rumdoh.crossborder.models import Repatriation, RepatriationStep
from rumdoh.crossborder.statistics import DEPORTEES, REPATRIATED, deportees, repatriated
from rumdoh.people.models import Person
from rumdoh.screening.rules.questions import SHORT
from rumdoh.statistics.measures import MEASURES
from rumdoh.statistics.rules.periods import Period
from tests.conftest import login, make_agency, make_person, make_user
from tests.crossborder.conftest import Border, row
from tests.statistics.helpers import link_as_one


def test_deportees_are_counted_by_crossing_and_by_whether_they_were_screened(
    border: Border,
) -> None:
    made = border.import_list(
        [row("Dara", "Sok", "M", "31"), row("Srey", "Chan", "F", "24"),
         row("Vanna", "Kim", "F", "19"), row("Nary", "Ouk", "F", "40")]
    )  # fmt: skip
    one, two, three, _four = made.deportees.order_by("row")
    for deportee in (one, two):
        services.register_arrival(border.screener, deportee.pk)
    answers = {code: "no" for question in SHORT for code in question.codes}
    services.screen_deportee(border.screener, one.pk, answers)
    services.mark_absent(border.screener, three.pk)
    cube = deportees(Period(date(2026, 11, 1), date(2026, 11, 30)))
    by_column: dict[str, int] = {}
    for (province, _sex, _age, _nationality, column), count in cube.items():
        assert province == "01"  # Poipet is in Banteay Meanchey
        by_column[column] = by_column.get(column, 0) + count
    assert by_column == {"screened": 1, "not_screened": 1, "absent": 1, "expected": 1}
    assert deportees(Period(date(2026, 10, 1), date(2026, 10, 31))) == {}
    assert DEPORTEES in MEASURES


# --- people repatriated ---------------------------------------------------------------------

NOVEMBER = Period(date(2026, 11, 1), date(2026, 11, 30))


def repatriation(
    border: Border, person: Person, direction: str, country: str, moves: dict[str, date]
) -> Repatriation:
    """A repatriation written straight to the database with the day of each of its moves."""
    made = Repatriation.objects.create(
        direction=direction,
        person=person,
        country=country,
        agency=border.centre,
        requested_on=date(2026, 9, 1),
        created_by=border.worker,
    )
    RepatriationStep.objects.create(
        repatriation=made, stage="requested", on=date(2026, 9, 1), by=border.worker
    )
    for stage, on in moves.items():
        RepatriationStep.objects.create(repatriation=made, stage=stage, on=on, by=border.worker)
        made.stage = stage
    made.save()
    return made


def home(border: Border, person: Person, country: str, returned: date) -> Repatriation:
    moves = {"received": returned, "family_assessed": returned, "returned": returned}
    return repatriation(border, person, "home", country, moves)


def test_people_repatriated_are_counted_once_by_country_and_sex(border: Border) -> None:
    sreymom = make_person(border.worker, given_name="Sreymom", sex="female")
    home(border, sreymom, "TH", date(2026, 11, 5))
    # Another agency's record of her, linked to hers, returned again from Malaysia: one person.
    again = make_person(border.worker, given_name="Sreymom", family_name="Sok", sex="female")
    link_as_one(sreymom, again)
    home(border, again, "MY", date(2026, 11, 20))
    dara = make_person(border.worker, given_name="Dara", sex="male")
    home(border, dara, "MY", date(2026, 11, 10))
    # A Vietnamese woman going home from Cambodia, her arrival confirmed.
    lan = make_person(border.worker, given_name="Lan", sex="female", nationality="VN")
    repatriation(
        border, lan, "abroad", "VN", {"departed": date(2026, 11, 8), "arrived": date(2026, 11, 12)}
    )
    # Received at the border but not yet returned to her family; departed, never confirmed
    # arrived; returned in October: none counts in November.
    vanna = make_person(border.worker, given_name="Vanna", sex="female")
    repatriation(border, vanna, "home", "TH", {"received": date(2026, 11, 3)})
    mai = make_person(border.worker, given_name="Mai", sex="female", nationality="TH")
    repatriation(border, mai, "abroad", "TH", {"departed": date(2026, 11, 8)})
    nary = make_person(border.worker, given_name="Nary", sex="female")
    home(border, nary, "TH", date(2026, 10, 20))

    assert repatriated(NOVEMBER) == {
        ("TH", "female", "repatriated"): 1,
        ("MY", "male", "repatriated"): 1,
        ("KH", "female", "repatriated"): 1,  # returned from Cambodia
    }
    autumn = Period(date(2026, 10, 1), date(2026, 11, 30))
    assert repatriated(autumn)[("TH", "female", "repatriated")] == 2  # Sreymom, then Nary
    assert REPATRIATED in MEASURES


def test_people_repatriated_on_the_page_in_the_download_and_the_api(border: Border) -> None:
    """Twelve women returned home from Thailand, three men from Malaysia and two people of
    unrecorded sex from Indonesia in November: the small counts are hidden, and hide each other."""
    for i in range(12):
        person = make_person(border.worker, given_name=f"Srey{i}", sex="female")
        home(border, person, "TH", date(2026, 11, 5))
    for i in range(3):
        person = make_person(border.worker, given_name=f"Dara{i}", sex="male")
        home(border, person, "MY", date(2026, 11, 10))
    for i in range(2):
        person = make_person(border.worker, given_name=f"Kosal{i}", sex="unknown")
        home(border, person, "ID", date(2026, 11, 12))
    analyst = make_user(
        Role.NCCT_ANALYST, make_agency("NCCT Secretariat", AgencyKind.COMMITTEE, "12")
    )
    client = login(analyst)
    period = {"start": "2026-11-01", "end": "2026-11-30"}

    page = client.get("/statistics/", period, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "People repatriated by Country returned from" in page
    khmer = client.get("/statistics/", period, HTTP_ACCEPT_LANGUAGE="km").content.decode()
    assert "មនុស្សដែលបានធ្វើមាតុភូមិនិវត្តន៍" in khmer

    body = client.get("/api/v1/statistics/", period).json()
    measure = next(m for m in body["measures"] if m["key"] == "repatriated")
    assert [c["code"] for c in measure["columns"]] == ["repatriated"]
    tables = {t["breakdown"]: t for t in measure["tables"]}
    assert list(tables) == ["country", "sex"]
    by_country = {r["code"]: r["values"] for r in tables["country"]["rows"]}
    assert by_country["TH"] == [12]
    assert by_country["MY"] == [None] and by_country["ID"] == [None]  # three and two: hidden
    assert tables["country"]["totals"]["values"] == [17]
    by_sex = {r["code"]: r["values"] for r in tables["sex"]["rows"]}
    assert by_sex["female"] == [12]
    assert by_sex["male"] == [None] and by_sex["unknown"] == [None]

    response = client.get("/statistics/download.csv", period, HTTP_ACCEPT_LANGUAGE="en")
    lines = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    found = {
        (r["breakdown"], r["category"], r["column"]): r["value"]
        for r in lines
        if r["measure"] == "repatriated"
    }
    assert found["country", "TH", "repatriated"] == "12"
    assert found["country", "MY", "repatriated"] == "x"
    assert found["sex", "male", "repatriated"] == "x"
    assert found["country", "total", "repatriated"] == "17"
