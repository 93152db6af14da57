"""Helpers shared by the labour pages."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from rumdoh.core.errors import Refused, StaleEdit
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
    keeping the user's input after a refusal or an edit someone else saved first."""
    if request.method == "POST" and form.is_valid():
        try:
            result = change(dict(form.cleaned_data))
        except StaleEdit as exc:
            keep_input_after_stale(form, exc)
        except Refused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, success)
            return done(result)
    context = {"form": form, "title": title, "back": back, "intro": intro}
    return render(request, "labour/form.html", context)
