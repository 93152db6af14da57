from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from rumdoh.core.navigation import MENU


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"menu": []}
    items = []
    for entry in MENU:
        if any(user.can(c) for c in entry.needs):
            url = reverse(entry.url_name)
            items.append({"label": entry.label, "url": url, "active": request.path.startswith(url)})
    return {"menu": items}
