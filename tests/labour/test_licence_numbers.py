"""One licence number, one agency: numbers are kept in one form however they are typed, a number
another agency holds is refused (whatever its case and its separators: a space, a hyphen, none)
by the form, the service and the database, and the public check finds the holder by any spelling
of its number. Before, ``pra-0101`` was registered beside Golden Bridge's ``PRA-0101`` and the
public check listed both as licensed; then ``pra 0101`` still was, and ``pra0101`` found no one."""

import html
import importlib
import re
from datetime import timedelta

import pytest
from django.apps import apps
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from rest_framework.test import APIClient

from rumdoh.accounts.models import AuditEvent
from rumdoh.core.errors import Refused
from rumdoh.labour.models import RecruitmentAgency
from rumdoh.labour.rules.licences import licence_key, written_licence_number
from rumdoh.labour.services import registers as rs
from tests.conftest import login

pytestmark = pytest.mark.django_db

TAKEN = "Another recruitment agency holds this licence number."
KM_TAKEN = "ទីភ្នាក់ងារជ្រើសរើសកម្មករផ្សេងទៀតកាន់លេខអាជ្ញាប័ណ្ណនេះរួចហើយ។"
migration = importlib.import_module("rumdoh.labour.migrations.0008_licence_numbers_once")
keys_migration = importlib.import_module(
    "rumdoh.labour.migrations.0010_licence_keys_letters_and_digits"
)


@pytest.mark.parametrize(
    "typed",
    [
        "PRA-0101",
        "pra-0101",
        "  Pra-0101 ",
        "\uff30\uff32\uff21\uff0d\uff10\uff11\uff10\uff11",
        "PRA\u2013០១០១",
        "PRA-\u200b0101",
    ],
)
def test_every_spelling_of_a_number_is_one_number(typed):
    assert written_licence_number(typed) == "PRA-0101"
    assert migration.licence_key(typed) == "PRA-0101"
    assert licence_key(typed) == keys_migration.licence_key(typed) == "PRA0101"


@pytest.mark.parametrize(
    "typed", ["pra 0101", "PRA0101", "pra0101", "PRA/0101", "PRA_0101", "PRA.0101", "PRA - 0101"]
)
def test_a_number_typed_with_any_separator_or_none_is_one_number(typed):
    assert licence_key(typed) == keys_migration.licence_key(typed) == licence_key("PRA-0101")


def test_spaces_inside_a_number_are_kept_as_one():
    assert written_licence_number(" moLVT  12\t/ 2024 ") == "MOLVT 12 / 2024"
    assert licence_key(" moLVT  12\t/ 2024 ") == "MOLVT122024"
    assert licence_key(" - / ") == ""


def _register(lw, name: str, number: str):  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    return rs.register_agency(
        lw.licensing,
        name=name,
        licence_number=number,
        issued_on=today - timedelta(days=400),
        expires_on=today + timedelta(days=700),
        deposit_usd=100_000,
        province="12",
    )


def _golden(lw):  # type: ignore[no-untyped-def]
    return _register(lw, "Golden Bridge Manpower", "PRA-0101")


def _field_error(page, field: str) -> str:
    text = page.content.decode()
    found = re.search(rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', text, re.S)
    return html.unescape(found.group(1)) if found else ""


def _new(number: str) -> dict[str, str]:
    today = timezone.localdate()
    return {
        "name": "QA Recruit",
        "licence_number": number,
        "issued_on": (today - timedelta(days=10)).isoformat(),
        "expires_on": (today + timedelta(days=700)).isoformat(),
        "deposit_usd": "100000",
        "province": "12",
    }


def test_the_service_keeps_the_number_in_one_form_and_refuses_another_agencys(lw):
    assert _register(lw, "Golden Bridge Manpower", " pra-0101 ").licence_number == "PRA-0101"
    for typed in ("pra-0101", "PRA-0101 ", "\uff30\uff32\uff21-0101", "pra 0101", "PRA0101"):
        with translation.override("en"), pytest.raises(Refused, match=TAKEN):
            _register(lw, "QA Recruit", typed)
    assert RecruitmentAgency.objects.count() == 1


def test_an_edit_may_keep_its_own_number_but_not_take_anothers(lw):
    golden = _golden(lw)
    other = _register(lw, "QA Recruit", "PRA-0202")
    rs.update_agency(lw.licensing, golden, 1, licence_number="pra-0101", deposit_usd=90_000)
    with translation.override("en"), pytest.raises(Refused, match=TAKEN):
        rs.update_agency(lw.licensing, other, 1, licence_number="pra-0101")
    other.refresh_from_db()
    assert other.licence_number == "PRA-0202"
    client = login(lw.licensing)
    url = reverse("labour:recruiter_edit", args=[other.pk])
    page = client.post(url, {**_new("Pra-0101"), "version": "1"})
    assert _field_error(page, "licence_number") == f"<li>{TAKEN}</li>"


def test_the_new_recruiter_page_refuses_a_number_held_in_other_capitals(lw):
    _golden(lw)
    client = login(lw.licensing)
    client.cookies["django_language"] = "en"
    page = client.post(reverse("labour:recruiter_new"), _new("pra-0101"))
    assert page.status_code == 200
    assert _field_error(page, "licence_number") == f"<li>{TAKEN}</li>"
    client.cookies["django_language"] = "km"
    page = client.post(reverse("labour:recruiter_new"), _new(" pra-0101"))
    assert KM_TAKEN in _field_error(page, "licence_number")
    assert not RecruitmentAgency.objects.filter(name="QA Recruit").exists()
    for typed in ("pra 0101", "PRA0101"):
        page = client.post(reverse("labour:recruiter_new"), _new(typed))
        assert KM_TAKEN in _field_error(page, "licence_number")
    assert client.post(reverse("labour:recruiter_new"), _new(" pra-0102 ")).status_code == 302
    assert RecruitmentAgency.objects.get(name="QA Recruit").licence_number == "PRA-0102"


@pytest.mark.parametrize("typed", ["pra-0101", "PRA 0101", "PRA0101"])
def test_the_database_refuses_a_number_held_in_other_capitals_or_separators(lw, typed):
    golden = _golden(lw)
    with pytest.raises(IntegrityError), transaction.atomic():
        RecruitmentAgency.objects.create(
            name="QA Recruit",
            licence_number=typed,
            issued_on=golden.issued_on,
            expires_on=golden.expires_on,
            province="12",
            created_by=lw.licensing,
        )


def test_a_number_with_no_letter_or_digit_is_no_number(lw):
    page = login(lw.licensing).post(reverse("labour:recruiter_new"), _new(" - / "))
    assert _field_error(page, "licence_number")
    assert not RecruitmentAgency.objects.exists()


def test_the_public_check_and_the_api_find_the_holder_however_the_number_is_typed(lw):
    golden = _golden(lw)
    _register(lw, "QA Recruit", "PRA-01010")
    for typed in ("PRA-0101", "pra-0101", " Pra-0101 ", "pra0101", "PRA 0101", "pra/0101"):
        page = login(lw.licensing).get("/recruiters/", {"q": typed}).content.decode()
        public = re.findall(r'href="/recruiters/(\d+)/"', page)
        assert public == [str(golden.pk)], typed
        api = APIClient()
        api.force_authenticate(lw.licensing)
        found = api.get("/api/v1/recruitment-agencies/", {"q": typed}).json()["results"]
        assert [row["id"] for row in found] == [golden.pk]


def test_the_migration_keeps_the_first_holder_and_reports_each_later_one():
    rows = [(1, "PRA-0101"), (2, "pra-0101"), (3, " PRA-0101"), (4, "pra-0202"), (5, "A" * 40)]
    changed, duplicates = migration.renumbering([*rows, (6, "a" * 40)])
    assert changed == {
        2: "PRA-0101 DUPLICATE 2",
        3: "PRA-0101 DUPLICATE 3",
        4: "PRA-0202",
        6: "A" * 28 + " DUPLICATE 6",
    }
    assert duplicates == [
        (2, "pra-0101", "PRA-0101 DUPLICATE 2", 1),
        (3, " PRA-0101", "PRA-0101 DUPLICATE 3", 1),
        (6, "a" * 40, "A" * 28 + " DUPLICATE 6", 5),
    ]


def _as_registered_before(lw, rows):  # type: ignore[no-untyped-def]
    """Agencies with the numbers as they were typed before the register kept them in one form
    (written past the model's save, which keys each number, as the database then held them)."""
    today = timezone.localdate()
    made = []
    for name, number in rows:
        agency = RecruitmentAgency.objects.create(
            name=name,
            licence_number=f"TEMP-{len(made)}",
            issued_on=today,
            expires_on=today + timedelta(days=700),
            province="12",
            created_by=lw.licensing,
        )
        RecruitmentAgency.objects.filter(pk=agency.pk).update(licence_number=number)
        made.append(agency)
    return made


def test_the_migration_renumbers_the_register_without_losing_an_agency(lw, capsys):
    made = _as_registered_before(
        lw,
        [
            ("Golden Bridge Manpower", "PRA-0101"),
            ("QA Recruit", "PRA-0101 "),
            ("Angkor Labour Supply", "pra-0202"),
        ],
    )
    migration.normalise_licence_numbers(apps, None)
    numbers = dict(RecruitmentAgency.objects.values_list("name", "licence_number"))
    assert numbers == {
        "Golden Bridge Manpower": "PRA-0101",
        "QA Recruit": f"PRA-0101 DUPLICATE {made[1].pk}",
        "Angkor Labour Supply": "PRA-0202",
    }
    noted = AuditEvent.objects.get(action="recruiter.licence_number_duplicate")
    assert noted.object_id == str(made[1].pk)
    assert noted.data == {
        "was": "PRA-0101 ",
        "now": f"PRA-0101 DUPLICATE {made[1].pk}",
        "held_by": made[0].pk,
    }
    assert f"Recruitment agency {made[1].pk}" in capsys.readouterr().out


def test_the_key_migration_keeps_the_first_holder_and_reports_each_later_one():
    rows = [(1, "PRA-0101"), (2, "PRA 0101"), (3, "PRA0101"), (4, "PRA-0202"), (5, "A" * 39)]
    kept, duplicates = keys_migration.keyed([*rows, (6, "A-" + "A" * 38)])
    assert kept == {
        1: ("PRA-0101", "PRA0101"),
        2: ("PRA 0101 DUPLICATE 2", "PRA0101DUPLICATE2"),
        3: ("PRA0101 DUPLICATE 3", "PRA0101DUPLICATE3"),
        4: ("PRA-0202", "PRA0202"),
        5: ("A" * 39, "A" * 39),
        6: ("A-" + "A" * 26 + " DUPLICATE 6", "A" * 27 + "DUPLICATE6"),
    }
    assert [(pk, holder) for pk, _was, _now, holder in duplicates] == [(2, 1), (3, 1), (6, 5)]


def test_the_key_migration_keys_the_register_without_losing_an_agency(lw, capsys):
    made = _as_registered_before(
        lw,
        [
            ("Golden Bridge Manpower", "PRA-0101"),
            ("QA Recruit", "PRA 0101"),
            ("Angkor Labour Supply", "PRA-0202"),
        ],
    )
    keys_migration.key_licence_numbers(apps, None)
    rows = RecruitmentAgency.objects.values_list("name", "licence_number", "licence_key")
    assert {name: (number, key) for name, number, key in rows} == {
        "Golden Bridge Manpower": ("PRA-0101", "PRA0101"),
        "QA Recruit": (f"PRA 0101 DUPLICATE {made[1].pk}", f"PRA0101DUPLICATE{made[1].pk}"),
        "Angkor Labour Supply": ("PRA-0202", "PRA0202"),
    }
    noted = AuditEvent.objects.get(action="recruiter.licence_number_duplicate")
    assert noted.data == {
        "was": "PRA 0101",
        "now": f"PRA 0101 DUPLICATE {made[1].pk}",
        "held_by": made[0].pk,
    }
    assert f"Recruitment agency {made[1].pk}" in capsys.readouterr().out
    found = Client().get("/recruiters/", {"q": "pra0101"}).content.decode()
    assert re.findall(r'href="/recruiters/(\d+)/"', found) == [str(made[0].pk)]
