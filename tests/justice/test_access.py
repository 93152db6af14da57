"""Who may see what, on every page and every endpoint: the police unit, its supervisor, the
prosecutor, the court clerk, the victim's case worker (owner), the NGO the victim consented to
share with (partner), an unrelated NGO (outsider) and an unrelated police unit."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from tests.conftest import login
from tests.justice.scenario import everything

pytestmark = pytest.mark.django_db

PARTICIPANTS = ("police", "supervisor", "prosecutor", "clerk")
FOLLOWERS = ("owner", "partner")
OUTSIDERS = ("outsider", "other_police")
EVERYONE = PARTICIPANTS + FOLLOWERS + OUTSIDERS


def user(jw, who):
    return getattr(jw, who, None) or getattr(jw.world, who)


@pytest.fixture
def e(jw):
    return everything(jw)


CASE_PAGES = ["case_edit", "case_notes", "case_prosecutor", "case_stage", "victim_add"]
CASE_PAGES += ["suspect_new", "charge_add", "arrest_new", "warrant_new", "supervision_new"]
CASE_PAGES += ["hearing_new", "verdict_new", "settlement_new", "order_new"]
RECORD_PAGES = [
    ("victim_edit", "victim"),
    ("non_punishment", "victim"),
    ("victim_calculator", "victim"),
    ("suspect_detail", "suspect"),
    ("suspect_edit", "suspect"),
    ("suspect_absconded", "suspect"),
    ("arrest_outcome", "arrest"),
    ("warrant_update", "warrant"),
    ("check_in", "supervision"),
    ("supervision_end", "supervision"),
    ("hearing_update", "hearing"),
    ("worksheet", "worksheet"),
    ("order_detail", "order"),
    ("payment_new", "order"),
    ("enforcement_new", "order"),
]


def expected_for_participant_page(who):
    if who in PARTICIPANTS:
        return 200
    if who == "other_police":
        return 404  # a justice role, but not in this case: as if it did not exist
    return 403  # a case worker's role has no part in the criminal process


@pytest.mark.parametrize("who", EVERYONE)
def test_every_page_of_case_work(jw, e, who):
    client = login(user(jw, who))
    urls = [reverse(f"justice:{name}", args=[e.case.pk]) for name in CASE_PAGES]
    urls += [reverse(f"justice:{n}", args=[getattr(e, record).pk]) for n, record in RECORD_PAGES]
    statuses = {url: client.get(url).status_code for url in urls}
    expected = dict.fromkeys(urls, expected_for_participant_page(who))
    if who in PARTICIPANTS:  # a page that changes the case opens only to whom may make it
        for name, parts in ACTING.items():
            if not parts & {PART[who]}:
                expected[reverse(f"justice:{name}", args=[e.case.pk])] = 403
    assert statuses == expected


PART = {"police": "P", "supervisor": "P", "prosecutor": "R", "clerk": "C"}
ACTING = {  # the case pages that are not open to every participant, and who they are for
    "case_edit": {"P"},
    "case_notes": {"R", "C"},
    "case_prosecutor": {"R"},
    "victim_add": {"P", "R"},
    "suspect_new": {"P", "R"},
    "charge_add": {"P", "R"},
    "arrest_new": {"P"},
    "supervision_new": {"R", "C"},
    "hearing_new": {"C"},
    "verdict_new": {"C"},
    "order_new": {"C"},
}


@pytest.mark.parametrize(
    ("who", "status", "full"),
    [
        ("police", 200, True),
        ("supervisor", 200, True),
        ("prosecutor", 200, True),
        ("clerk", 200, True),
        ("owner", 200, False),
        ("partner", 200, False),
        ("outsider", 404, None),
        ("other_police", 404, None),
    ],
)
def test_case_page_and_timeline(jw, e, who, status, full):
    client = login(user(jw, who))
    page = client.get(reverse("justice:case_detail", args=[e.case.pk]))
    assert page.status_code == status
    assert client.get(reverse("justice:case_timeline", args=[e.case.pk])).status_code == status
    if status == 200:
        body = page.content.decode()
        assert ("Lim Vuthy" in body) is full  # suspects' names only for participants
        assert "Convicted (present)" in body  # everyone following sees the outcome
        assert "Defence lawyer asked for delay" not in body or who in ("prosecutor", "clerk")


@pytest.mark.parametrize(
    ("who", "seen"),
    [(w, True) for w in PARTICIPANTS + FOLLOWERS] + [(w, False) for w in OUTSIDERS],
)
def test_case_list(jw, e, who, seen):
    body = login(user(jw, who)).get(reverse("justice:cases")).content.decode()
    assert (e.case.reference in body) is seen


@pytest.mark.parametrize("who", EVERYONE)
def test_due_today_page_opens_for_every_role_in_the_process(jw, e, who):
    assert login(user(jw, who)).get(reverse("justice:home")).status_code == 200


def test_due_today_is_refused_to_roles_outside_the_process(jw, world):
    from rumdoh.accounts.rules.roles import Role
    from tests.conftest import make_user

    analyst = make_user(Role.NCCT_ANALYST, world.owner_agency)
    assert login(analyst).get(reverse("justice:home")).status_code == 403
    assert login(analyst).get(reverse("justice:cases")).status_code == 403


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("police", 200),
        ("prosecutor", 200),
        ("clerk", 200),
        ("owner", 200),
        ("partner", 200),
        ("outsider", 404),
        ("other_police", 404),
    ],
)
def test_interviews_page(jw, e, who, status):
    url = reverse("justice:person_interviews", args=[jw.person.pk])
    assert login(user(jw, who)).get(url).status_code == status


def test_posting_to_a_case_the_user_cannot_see_changes_nothing(jw, e):
    url = reverse("justice:case_stage", args=[e.case.pk])
    response = login(jw.other_police).post(url, {"to_stage": "final"})
    assert response.status_code == 404
    e.case.refresh_from_db()
    assert e.case.stage == "trial"


def test_a_participant_outside_its_part_gets_403(jw, e):
    url = reverse("justice:arrest_new", args=[e.case.pk])
    data = {"suspect": e.suspect.pk, "arrested_at": "2026-01-01T10:00"}
    assert login(jw.clerk).post(url, data).status_code == 403


# --- the API -------------------------------------------------------------------------------------


def api(u):
    client = APIClient()
    client.force_authenticate(u, token="token")  # as with an API token: no second factor asked
    return client


def ids(response):
    return [row["id"] for row in response.json()["results"]]


RESOURCES = [
    ("criminal-cases", "case"),
    ("suspects", "suspect"),
    ("charges", "charge"),
    ("arrests", "arrest"),
    ("warrants", "warrant"),
    ("supervisions", "supervision"),
    ("hearings", "hearing"),
    ("verdicts", "verdict"),
    ("compensation-orders", "order"),
]


@pytest.mark.parametrize("who", EVERYONE)
def test_api_resources(jw, e, who):
    client = api(user(jw, who))
    expected = expected_for_participant_page(who)
    for resource, record in RESOURCES:
        pk = getattr(e, record).pk
        detail = client.get(f"/api/v1/{resource}/{pk}/")
        listing = client.get(f"/api/v1/{resource}/")
        assert detail.status_code == expected, resource
        if expected == 200:
            assert pk in ids(listing), resource
        elif who == "other_police":
            assert pk not in ids(listing), resource
        else:
            assert listing.status_code == 403, resource


@pytest.mark.parametrize(
    ("who", "status"),
    [(w, 200) for w in PARTICIPANTS + FOLLOWERS] + [(w, 404) for w in OUTSIDERS],
)
def test_api_case_feedback(jw, e, who, status):
    response = api(user(jw, who)).get(f"/api/v1/case-feedback/{e.case.pk}/")
    assert response.status_code == status
    if status == 200:
        body = response.json()
        assert body["stage"] == "trial" and body["offence_class"] == "trafficking"
        assert body["outcomes"][0]["outcome"] == "convicted"
        assert "court_notes" not in body and "summary" not in body


@pytest.mark.parametrize(
    ("who", "seen"),
    [("police", True), ("owner", True), ("partner", True), ("outsider", False)],
)
def test_api_interviews_of_a_person(jw, e, who, seen):
    response = api(user(jw, who)).get(f"/api/v1/interviews/?person={jw.person.pk}")
    assert response.status_code == 200
    assert bool(ids(response)) is seen


def test_api_settlements_and_the_offence_catalogue(jw, e):
    listing = api(jw.police).get(f"/api/v1/settlements/?case={e.case.pk}")
    assert [row["kind"] for row in listing.json()["results"]] == ["withdrawal"]
    assert api(jw.other_police).get("/api/v1/settlements/").json()["results"] == []
    offences = api(jw.world.owner).get("/api/v1/offences/").json()
    assert {"code": "CC-239", "trafficking": False}.items() <= next(
        o for o in offences if o["code"] == "CC-239"
    ).items()


def test_api_naming_an_unseen_case_in_a_body_is_400_not_403(jw, e):
    data = {"case": e.case.pk, "role": "broker", "aliases": ["Ah Long"]}
    response = api(jw.other_police).post("/api/v1/suspects/", data, format="json")
    assert response.status_code == 400
    assert "case" in response.json()


def test_a_refusal_explains_itself_in_the_readers_language(jw, e):
    client = login(jw.clerk)
    page = client.get(reverse("justice:case_edit", args=[e.case.pk]))
    assert page.status_code == 403
    body = page.content.decode()
    assert "Another agency taking part in this case does this, not yours." in body
    assert "<nav" in body
    client.cookies["django_language"] = "km"
    khmer = client.get(reverse("justice:case_edit", args=[e.case.pk])).content.decode()
    assert "ស្ថាប័នផ្សេងទៀត" in khmer
