"""Whether a day falls in its time, said in the reader's language (the bounds: ``rules.days``).

Kept apart from ``core.errors`` so that the API's fields can use it while models load.
"""

from datetime import date, datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from rumdoh.core.rules.days import FIRST_DAY


def out_of_time(
    day: date, since: date = FIRST_DAY, ahead: timedelta | None = timedelta(0)
) -> str | None:
    """What is wrong with ``day``, in the reader's language, or None: not before ``since``, and
    not after today by more than ``ahead`` (None: any day ahead; zero: nothing in the future,
    the day of something that has happened). A moment is judged by its day on its own clock
    (moving a moment near year 1 to another zone overflows), and, with nothing ahead, not
    after now."""
    if isinstance(day, datetime):
        if ahead is not None and not ahead and day > timezone.now():
            return _("The date cannot be in the future.")
        day = day.date()
    if day < since:
        return _("The date cannot be before %(first)s: check the year.") % {
            "first": since.isoformat()
        }
    if ahead is not None and day > timezone.localdate() + ahead:
        if not ahead:
            return _("The date cannot be in the future.")
        return _("The date cannot be later than %(last)s: check the year.") % {
            "last": (timezone.localdate() + ahead).isoformat()
        }
    return None
