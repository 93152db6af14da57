"""The site's URLs plus pages that raise each refusal without catching it."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from rumdoh.core.errors import DomainError, NotAllowed, Refused, StaleEdit
from rumdoh.urls import urlpatterns as site


def raising(error: DomainError):  # type: ignore[no-untyped-def]
    def view(request: HttpRequest) -> HttpResponse:
        raise error

    return view


urlpatterns = [
    *site,
    path("raise/not-allowed/", raising(NotAllowed("Only the court decides this."))),
    path("raise/refused/", raising(Refused("This case is closed."))),
    path("raise/stale/", raising(StaleEdit("Someone else saved this case first.", 3))),
]
