"""A list page whose filter form refuses a value lists nothing, and says why beside the field.

Listing every row instead would pass a mistyped filter off as the whole answer, and read (and
log as read) every person on the page that nobody asked for; the list's API answers 400. Each
list of the demo is opened as a demo user who sees rows in it, then with one value its form
refuses: a choice it does not offer, a text longer than it takes, a date it cannot read.
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from django import forms
from django.core.management import call_command
from django.urls import reverse

from rumdoh.accounts.models import User
from rumdoh.crossborder.services import lists_for
from rumdoh.operations.access import visible_operations
from tests.conftest import login

# (demo user, list page): every list page with a filter form.
LISTS = [
    ("hotline", "intake:list"),
    ("screener", "screening:list"),
    ("caseworker", "people:list"),
    ("caseworker", "protection:cases"),
    ("caseworker", "protection:referrals"),
    ("caseworker", "protection:providers"),
    ("police", "notices:inbox"),
    ("police", "justice:cases"),
    ("immigration", "operations:list"),
    ("immigration", "operations:detail"),
    ("caseworker", "crossborder:lists"),
    ("caseworker", "crossborder:list_detail"),
    ("caseworker", "crossborder:repatriations"),
    ("police", "crossborder:requests"),
    ("inspector", "labour:complaints"),
    ("inspector", "labour:worksites"),
    ("inspector", "labour:inspections"),
    ("inspector", "labour:prevention"),
    ("licensing", "labour:recruiters"),
    ("ptc.admin", "accounts:users"),
    ("ptc.admin", "accounts:audit"),
    ("steward", "linkage:queue"),
    ("steward", "linkage:runs"),
]


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock():
        call_command("setup_demo", persons=40, stdout=io.StringIO())
        yield
        # The module's data is not rolled back by a transaction: leave an empty database behind.
        call_command("flush", interactive=False, verbosity=0)


def address(name: str, user: User) -> str:
    """The list page ``name``; a list inside a record is that of the first record ``user`` sees."""
    if name == "operations:detail":
        return reverse(name, args=[visible_operations(user).order_by("pk")[0].pk])
    if name == "crossborder:list_detail":
        return reverse(name, args=[lists_for(user).order_by("pk")[0].pk])
    return reverse(name)


def refused_value(form: forms.Form) -> tuple[str, str]:
    """A field of ``form`` and a value it refuses."""
    for name, field in form.fields.items():
        if isinstance(field, forms.ChoiceField):
            return name, "no-such-choice"
        if isinstance(field, forms.DateField):
            return name, "2026-13-45"
        if isinstance(field, forms.CharField) and field.max_length:
            return name, "x" * (field.max_length + 1)
    raise AssertionError(f"{type(form).__name__} refuses nothing this test knows how to type")


def rows(page: Any) -> list[Any]:
    return list(page.context["page"])


@pytest.mark.django_db
@pytest.mark.parametrize(("username", "name"), LISTS)
def test_a_refused_filter_lists_nothing_and_says_why(
    demo_data: None, username: str, name: str
) -> None:
    user = User.objects.get(username=username)
    client = login(user)
    url = address(name, user)
    whole = client.get(url)
    assert whole.status_code == 200
    assert rows(whole), f"{name} lists nothing for {username} in the demo: nothing to refuse"
    field, value = refused_value(whole.context["form"])
    refused = client.get(url, {field: value})
    assert refused.status_code == 200
    assert refused.context["form"].errors.get(field), f"{name} took {field}={value!r}"
    assert rows(refused) == []
