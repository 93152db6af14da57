"""Justice deadlines checked while people use the system: an arrest held 48 hours without charge
or release, a missed supervision check-in, an overdue compensation order
(``manage.py justice_alerts`` does the same from a timer).

The once-a-minute check, its bound and its failure handling are core's
(``rumdoh.core.middleware.AlertsOnRequestMiddleware``).
"""

from rumdoh.core.middleware import AlertsOnRequestMiddleware
from rumdoh.justice.alerts import raise_due_alerts


class DueAlertsMiddleware(AlertsOnRequestMiddleware):
    check_key = "justice:deadlines-checked"
    what = "deadline"

    def raise_alerts(self, limit: int) -> None:
        raise_due_alerts(limit=limit)
