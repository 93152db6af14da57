"""The period a report covers: a preset, or two dates."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rumdoh.statistics.rules.periods import (
    EARLIEST_START,
    Period,
    PeriodProblem,
    Preset,
    preset_period,
)

PRESET_CHOICES = [
    ("", _("Choose dates below")),
    (Preset.THIS_YEAR.value, _("This year so far")),
    (Preset.LAST_YEAR.value, _("Last year")),
    (Preset.THIS_QUARTER.value, _("This quarter so far")),
    (Preset.LAST_QUARTER.value, _("Last quarter")),
]

PROBLEM_MESSAGES = {
    PeriodProblem.START_AFTER_END: _("The start date must be on or before the end date."),
    PeriodProblem.IN_FUTURE: _("The period cannot reach past today; choose dates up to today."),
    PeriodProblem.BEFORE_EARLIEST: _(
        "The statistics begin in %(year)s, the year the trafficking law took effect: choose a "
        "start date from %(earliest)s on."
    ),
}
# A problem of one date is shown by its field; the others by the whole form.
PROBLEM_FIELDS = {PeriodProblem.BEFORE_EARLIEST: "start"}


def problem_message(problem: PeriodProblem) -> str:
    """The message of ``problem``, with the earliest start it may name."""
    earliest = {"year": EARLIEST_START.year, "earliest": EARLIEST_START.isoformat()}
    return str(PROBLEM_MESSAGES[problem]) % earliest


class PeriodForm(forms.Form):
    preset = forms.ChoiceField(label=_("Period"), choices=PRESET_CHOICES, required=False)
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        period = self._period(data, timezone.localdate())
        if period is not None:
            for problem in period.problems(timezone.localdate()):
                self.add_error(PROBLEM_FIELDS.get(problem), problem_message(problem))
            data["period"] = period
        return data

    def _period(self, data: dict[str, Any], today: date) -> Period | None:
        if data.get("preset"):
            return preset_period(Preset(data["preset"]), today)
        if "start" in self.errors or "end" in self.errors:
            return None
        start, end = data.get("start"), data.get("end")
        if start is None and end is None:
            return preset_period(Preset.THIS_YEAR, today)
        if start is None or end is None:
            self.add_error(None, _("Give both a start and an end date, or choose a period."))
            return None
        return Period(start, end)

    @property
    def period(self) -> Period:
        return self.cleaned_data["period"]


def period_form(params: Any) -> PeriodForm:
    """The form bound to the query string; an empty query means this year so far."""
    data = {k: params.get(k, "") for k in ("preset", "start", "end")}
    return PeriodForm(data)
