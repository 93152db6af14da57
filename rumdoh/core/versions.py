"""Lost edits, one way for every app.

A record that two people may edit at once carries a version. A form sends back the version it
was opened at; the service saves only if that is still the version saved
(``require_version``), and otherwise refuses with ``StaleEdit`` and writes nothing. The page
then shows the form again with the user's changes kept (``keep_input_after_stale``), now at the
version saved, so that saving again overwrites the other change knowingly, not by accident.
"""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

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
