"""Tips without an outcome in time, checked while people use the system
(``manage.py intake_alerts`` does the same from a timer).

The once-a-minute check, its bound and its failure handling are core's
(``rumdoh.core.middleware.AlertsOnRequestMiddleware``).
"""

from rumdoh.core.middleware import AlertsOnRequestMiddleware
from rumdoh.intake.alerts import raise_tip_alerts


class TipAlertsMiddleware(AlertsOnRequestMiddleware):
    check_key = "intake:tips-checked"
    what = "tip"

    def raise_alerts(self, limit: int) -> None:
        raise_tip_alerts(limit=limit)
