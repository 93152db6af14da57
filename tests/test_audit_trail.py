"""The agency's audit trail: labelled actions, filters, pages and a spreadsheet-safe download."""

import ast
import csv
import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone, translation

import rumdoh
from rumdoh.accounts.actions import ACTIONS, KINDS, action_label, filter_choices, kind_of
from rumdoh.accounts.audit import log_action
from rumdoh.accounts.models import AuditEvent
from rumdoh.accounts.rules.roles import Role
from rumdoh.core.csvsafe import cell
from rumdoh.people.api_audit import Reads, api_views
from tests.conftest import login, make_agency, make_person, make_user

pytestmark = pytest.mark.django_db


def _logged_codes() -> set[str]:
    """Every action code written by ``log_action`` or ``log_bulk_read`` anywhere in Rumdoh."""
    codes = set()
    for path in Path(rumdoh.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name in {"log_action", "log_bulk_read"} and not isinstance(
                node.args[0], ast.JoinedStr
            ):
                codes |= {
                    c.value
                    for c in ast.walk(node.args[0])
                    if isinstance(c, ast.Constant) and isinstance(c.value, str)
                }
    return codes | _api_read_codes()


def _api_read_codes() -> set[str]:
    """The codes the API's declared reads write (``<kind>.viewed``, ``<kind>.listed``)."""
    kinds = {
        view.audit.kind
        for _route, view in api_views()
        if isinstance(getattr(view, "audit", None), Reads)
    }
    assert kinds, "no API view declares its reads"
    return {f"{kind}.{verb}" for kind in kinds for verb in ("viewed", "listed")}


def test_every_logged_action_code_has_a_label():
    codes = _logged_codes()
    assert len(codes) > 50
    assert codes - set(ACTIONS) == set()


def test_every_labelled_action_can_be_chosen_in_the_filter_by_its_kind():
    assert {kind_of(code) for code in ACTIONS} - set(KINDS) == set()
    offered = {code for _kind, group in filter_choices()[1:] for code, _label in group}
    assert set(ACTIONS) <= offered


def test_every_action_and_kind_label_reads_in_khmer():
    labels = [*ACTIONS.values(), *KINDS.values()]
    with translation.override("en"):
        english = [str(label) for label in labels]
    with translation.override("km"):
        khmer = [str(label) for label in labels]
    assert [en for en, km in zip(english, khmer, strict=True) if en == km] == []


def test_an_unknown_code_is_shown_as_itself():
    assert action_label("person.viewed") == "Person viewed"
    assert action_label("something.new") == "something.new"
    assert AuditEvent(action="person.viewed").label == "Person viewed"
    assert AuditEvent(action="something.new").label == "something.new"


def _setup() -> tuple:
    agency = make_agency("Mine")
    admin = make_user(Role.AGENCY_ADMIN, agency)
    worker = make_user(Role.CASE_WORKER, agency, "worker-mine")
    return admin, worker


def test_the_trail_shows_labels_in_the_readers_language():
    admin, worker = _setup()
    log_action("person.viewed", user=worker, person_id=41)
    log_action("brand.new_code", user=worker)
    client = login(admin)
    page = client.get(reverse("accounts:audit")).content.decode()
    assert "Person viewed" in page and "brand.new_code" in page
    client.cookies["django_language"] = "km"
    page = client.get(reverse("accounts:audit")).content.decode()
    assert "បានមើលព័ត៌មានបុគ្គល" in page and "Person viewed" not in page


@pytest.mark.parametrize("typed", ["P-0000041", "p-41", "41", " P0000041 ", "p - 41"])
def test_the_trail_filters_by_person_number_as_users_see_it(typed):
    admin, worker = _setup()
    log_action("person.viewed", user=worker, person_id=41)
    log_action("person.viewed", user=worker, person_id=42)
    page = login(admin).get(reverse("accounts:audit"), {"person": typed}).content.decode()
    assert "P-0000041" in page and "P-0000042" not in page
    assert "Type a person number" not in page  # the help text names P-0000041 too


@pytest.mark.parametrize("typed", ["Sokha", "P-0", "-41", "P--41", "P-²"])
def test_a_wrong_person_number_is_explained(typed):
    admin, _worker = _setup()
    page = login(admin).get(reverse("accounts:audit"), {"person": typed}).content.decode()
    assert "Type a person number such as P-0000041." in page


def test_the_trail_filters_by_exact_action_or_by_kind():
    admin, worker = _setup()
    log_action("person.viewed", user=worker, person_id=1)
    log_action("person.listed", user=worker, person_id=2)
    log_action("case.viewed", user=worker, person_id=3)
    client = login(admin)
    page = client.get(reverse("accounts:audit"), {"action": "person.viewed"}).content.decode()
    assert "P-0000001" in page and "P-0000002" not in page and "P-0000003" not in page
    page = client.get(reverse("accounts:audit"), {"action": "person."}).content.decode()
    assert "P-0000001" in page and "P-0000002" in page and "P-0000003" not in page
    select = client.get(reverse("accounts:audit")).content.decode()
    assert '<optgroup label="Persons">' in select and ">Person viewed</option>" in select


def test_the_trail_filters_by_user_and_dates():
    admin, worker = _setup()
    other = make_user(Role.SCREENER, worker.agency, "screener-mine")
    old = log_action("person.viewed", user=worker, person_id=1)
    AuditEvent.objects.filter(pk=old.pk).update(at=timezone.now() - timedelta(days=10))
    log_action("person.viewed", user=worker, person_id=2)
    log_action("person.viewed", user=other, person_id=3)
    client = login(admin)
    page = client.get(reverse("accounts:audit"), {"username": "WORKER-mine"}).content.decode()
    assert "P-0000001" in page and "P-0000002" in page and "P-0000003" not in page
    since = (timezone.localdate() - timedelta(days=2)).isoformat()
    page = client.get(reverse("accounts:audit"), {"date_from": since}).content.decode()
    assert "P-0000001" not in page and "P-0000002" in page
    backwards = client.get(
        reverse("accounts:audit"), {"date_from": since, "date_to": "2020-01-01"}
    ).content.decode()
    assert "The end date is before the start date." in backwards


@pytest.mark.parametrize(
    ("language", "said"),
    [("en", "Write the date as year-month-day"), ("km", "សូមសរសេរកាលបរិច្ឆេទជា ឆ្នាំ-ខែ-ថ្ងៃ")],
)
def test_the_trail_says_how_to_write_a_date_it_cannot_read(language, said):
    admin, _worker = _setup()
    client = login(admin)
    client.cookies["django_language"] = language
    html = client.get(reverse("accounts:audit"), {"date_to": "20/11/2026"}).content.decode()
    assert said in html


def test_the_trail_comes_in_pages_of_fifty():
    admin, worker = _setup()
    AuditEvent.objects.bulk_create(
        AuditEvent(user=worker, agency=worker.agency, action="person.viewed", person_id=i)
        for i in range(1, 61)
    )
    client = login(admin)
    first = client.get(reverse("accounts:audit"), {"action": "person."}).content.decode()
    assert first.count("<td>P-00000") == 50 and "page=2" in first and "action=person." in first
    second = client.get(reverse("accounts:audit"), {"action": "person.", "page": 2})
    assert second.content.decode().count("<td>P-00000") == 10


def _rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_the_download_holds_the_filtered_events_of_the_agency_only_and_is_audited():
    admin, worker = _setup()
    stranger = make_user(Role.CASE_WORKER, make_agency("Other"), "worker-other")
    log_action("person.viewed", user=worker, person_id=41, reason='=HYPERLINK("http://x")')
    log_action("case.viewed", user=worker, person_id=43)
    log_action("person.viewed", user=stranger, person_id=42)
    response = login(admin).get(reverse("accounts:audit_export"), {"action": "person."})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = _rows(response)
    assert rows[0][:3] == ["When", "User", "Action"]
    assert len(rows) == 2
    row = rows[1]
    assert row[1] == "worker-mine" and row[2] == "Person viewed" and row[3] == "person.viewed"
    assert row[5] == "P-0000041"
    assert row[7] == '\'=HYPERLINK("http://x")'
    exported = AuditEvent.objects.get(action="audit.exported")
    assert exported.user == admin and exported.data["filters"] == {"action": "person."}


def test_the_trail_and_its_download_are_refused_to_case_workers_and_the_system_admin():
    worker = make_user(Role.CASE_WORKER, make_agency())
    sysadmin = make_user(Role.SYSTEM_ADMIN, make_agency())
    for user in (worker, sysadmin):
        client = login(user)
        assert client.get(reverse("accounts:audit")).status_code == 403
        assert client.get(reverse("accounts:audit_export")).status_code == 403


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Sokha", "Sokha"),
        (12, 12),
        (None, None),
    ],
)
def test_csv_cells_never_start_like_a_formula(value, expected):
    assert cell(value) == expected


def test_the_trail_its_download_and_the_persons_page_write_one_person_number():
    admin, worker = _setup()
    person = make_person(worker)
    log_action("person.viewed", user=worker, person_id=person.pk)
    client = login(admin)
    page = client.get(reverse("accounts:audit")).content.decode()
    assert f"<td>{person.reference}</td>" in page
    header, *rows = _rows(client.get(reverse("accounts:audit_export")))
    numbers = [row[header.index("Person number")] for row in rows]
    assert person.reference in numbers


def test_the_record_is_named_in_the_readers_language_not_by_its_table():
    event = AuditEvent(object_type="justice.criminalcase", object_id="1")
    assert event.record == "criminal case 1"
    with translation.override("km"):
        assert event.record == "សំណុំរឿងព្រហ្មទណ្ឌ 1"
    assert AuditEvent(object_type="gone.model", object_id="7").record == "gone.model 7"
    assert AuditEvent().record == ""
    admin, worker = _setup()
    log_action("case.viewed", user=worker, obj=admin)  # any record: a user here
    client = login(admin)
    client.cookies["django_language"] = "km"
    page = client.get(reverse("accounts:audit")).content.decode()
    assert f"<td>អ្នកប្រើប្រាស់ {admin.pk}</td>" in page and "accounts.user" not in page


def test_the_administration_console_names_the_project_s_parts_in_khmer():
    from tests.test_user_admin import make_sysadmin

    client = login(make_sysadmin())
    client.cookies["django_language"] = "km"
    page = client.get("/admin/").content.decode()
    for khmer in ("អ្នកប្រើប្រាស់ និងស្ថាប័ន", "ព្រឹត្តិការណ៍សវនកម្ម", "ភាគីដៃគូ", "សោ API"):
        assert khmer in page, khmer
    for english in ("Audit events", "Counterparts", "Tokens", "Task Results", "Tasks Database"):
        assert english not in page, english
    events = client.get("/admin/accounts/auditevent/").content.decode()
    assert "ប្រភេទកំណត់ត្រា" in events or "សកម្មភាព" in events
