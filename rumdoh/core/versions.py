"""Lost edits, one way for every app.

A record that two people may edit at once carries a version. A form sends back the version it
was opened at; the service saves only if that is still the version saved
(``require_version``), and otherwise refuses with ``StaleEdit`` and writes nothing. The page
then shows the form again with the user's changes kept (``keep_input_after_stale``), now at the
version saved, so that saving again overwrites the other change knowingly, not by accident.
"""

from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rumdoh.core.errors import StaleEdit


def require_version(current: int, expected: int, message: str | None = None) -> None:
    """Refuse an edit opened at another version than the one saved now; ``message`` says which
    record (the API answers with it), else a record."""
    if current != expected:
        raise StaleEdit(
            message or _("Someone else saved this record while you were editing it."), current
        )


OUT_OF_DATE = gettext_lazy("This page is out of date: open it again before saving.")


class VersionField(forms.IntegerField):
    """The version the page was opened at, sent back hidden with the changes. Missing or
    malformed only when the page itself is broken or old: the message says to open it again."""

    widget = forms.HiddenInput
    default_error_messages = {"required": OUT_OF_DATE, "invalid": OUT_OF_DATE}

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        super().__init__(**kwargs)
        self.error_messages["min_value"] = OUT_OF_DATE


class Versioned(forms.Form):
    """An edit form of a record with a version."""

    version = VersionField()


def keep_input_after_stale(form: forms.BaseForm, exc: StaleEdit) -> None:
    """Show the refusal with the form and the user's input kept, at the version saved now."""
    form.add_error(None, str(exc))
    form.add_error(
        None,
        _(
            "Your changes are still in the form below, not saved: check the record in another "
            "tab, then save again."
        ),
    )
    if "version" in form.fields and exc.current_version is not None:
        data = form.data.copy() if isinstance(form.data, QueryDict) else dict(form.data)
        data["version"] = str(exc.current_version)
        form.data = data
