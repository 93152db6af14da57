"""Labour complaints' passed deadlines, checked while people use the system
(``manage.py labour_alerts`` does the same from a timer).

The once-a-minute check, its bound and its failure handling are core's
(``rumdoh.core.middleware.AlertsOnRequestMiddleware``).
"""

from rumdoh.core.middleware import AlertsOnRequestMiddleware
from rumdoh.labour.alerts import raise_due_alerts


class LabourAlertsMiddleware(AlertsOnRequestMiddleware):
    check_key = "labour:deadlines-checked"
    what = "labour"

    def raise_alerts(self, limit: int) -> None:
        raise_due_alerts(limit=limit)
