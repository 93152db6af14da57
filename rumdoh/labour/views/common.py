"""The glue every labour page repeats, in one place: a form page that keeps the user's input
after a refusal or an edit someone else saved first, the edit of a versioned record, the way back
to a record's page, and a list narrowed by a filter form and shown a page at a time."""

from collections.abc import Callable, Iterable
from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from rumdoh.core.errors import Refused, StaleEdit
from rumdoh.core.filters import narrowed
from rumdoh.core.formfields import show_refusal
from rumdoh.core.pagination import page_of
from rumdoh.core.versions import keep_input_after_stale


def form_page(
    request: HttpRequest,
    form: forms.BaseForm,
    change: Callable[[dict[str, Any]], Any],
    *,
    title: str,
    success: str,
    done: Callable[[Any], HttpResponse],
    back: str = "",
    intro: str = "",
) -> HttpResponse:
    """Show ``form``; on a valid POST run ``change`` and go on, else show the errors in place,
    keeping the user's input after a refusal or an edit someone else saved first; a refusal
    naming a field of the form (``FieldRefused``) is shown beside it."""
    if request.method == "POST" and form.is_valid():
        try:
            result = change(dict(form.cleaned_data))
        except StaleEdit as exc:
            keep_input_after_stale(form, exc)
        except Refused as exc:
            show_refusal(form, exc)
        else:
            messages.success(request, success)
            return done(result)
    context = {"form": form, "title": title, "back": back, "intro": intro}
    return render(request, "labour/form.html", context)


def to_record(name: str, pk: int) -> dict[str, Any]:
    """``done`` and ``back`` of a form page that returns to a record's page: the ``name`` URL of
    the record ``pk``."""
    return {"done": lambda _result: redirect(name, pk), "back": reverse(name, args=[pk])}


def versioned_initial(record: Any, fields: Iterable[str]) -> dict[str, Any]:
    """The form's first values: the record's ``fields`` and the version it is read at."""
    return {f: getattr(record, f) for f in fields} | {"version": record.version}


def versioned_change(
    update: Callable[..., Any], user: Any, record: Model, request: HttpRequest
) -> Callable[[dict[str, Any]], Any]:
    """The change of an edit form: ``update(user, record, version, request=…, **fields)``, the
    version sent back by the form apart from the fields."""

    def change(data: dict[str, Any]) -> Any:
        version = data.pop("version")
        return update(user, record, version, request=request, **data)

    return change


def list_page(
    request: HttpRequest,
    template: str,
    rows: QuerySet[Any],
    *,
    form: forms.Form | None = None,
    narrow: Callable[..., QuerySet[Any]] | None = None,
    shown: Callable[[Any], dict[str, Any]] | None = None,
    size: int | None = None,
    **context: Any,
) -> HttpResponse:
    """A list page: ``rows`` narrowed by ``narrow(rows, **filters)``, the filters the ``form``
    validated (``core.filters.narrowed``: nothing listed when it refuses a value), one page of
    them, and what ``shown`` adds for that page (and writes, such as the audit of the
    persons listed). The list's API narrows by the same function (``queries.filtered_*``)."""
    if narrow is not None:
        rows = narrowed(form, narrow, rows)
    page = page_of(request, rows) if size is None else page_of(request, rows, size=size)
    found = {"form": form, "page": page, **context}
    if shown is not None:
        found.update(shown(page))
    return render(request, template, found)
