from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, include, path
from django.views.defaults import page_not_found
from drf_spectacular.views import SpectacularAPIView

from rumdoh.labour.views import public as labour_public

api_patterns: list[URLPattern | URLResolver] = [
    path("", include("rumdoh.people.api_urls")),
    path("", include("rumdoh.screening.api_urls")),
    path("", include("rumdoh.protection.api_urls")),
    path("", include("rumdoh.statistics.api_urls")),
    path("", include("rumdoh.justice.api_urls")),
    path("", include("rumdoh.attachments.api_urls")),
    path("", include("rumdoh.intake.api_urls")),
    path("", include("rumdoh.crossborder.api_urls")),
    path("", include("rumdoh.operations.api_urls")),
    path("", include("rumdoh.linkage.api_urls")),
    path("", include("rumdoh.labour.api_urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
]

urlpatterns = [
    path("", include("rumdoh.portal.urls")),
    path("", include("rumdoh.core.urls")),
    path("", include("rumdoh.labour.public_urls")),
    path("account/", include("rumdoh.accounts.urls")),
    path("people/", include("rumdoh.people.urls")),
    path("screening/", include("rumdoh.screening.urls")),
    path("protection/", include("rumdoh.protection.urls")),
    path("statistics/", include("rumdoh.statistics.urls")),
    path("justice/", include("rumdoh.justice.urls")),
    path("labour/", include("rumdoh.labour.urls")),
    path("notifications/", include("rumdoh.notices.urls")),
    path("attachments/", include("rumdoh.attachments.urls")),
    path("tips/", include("rumdoh.intake.urls")),
    path("report/", include("rumdoh.intake.public_urls")),
    path("crossborder/", include("rumdoh.crossborder.urls")),
    path("operations/", include("rumdoh.operations.urls")),
    path("linkage/", include("rumdoh.linkage.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include(api_patterns)),
    path("admin/", admin.site.urls),
]

# The public site (no login): a visitor who lands on an address that names nothing there gets
# its own page, in the visitor's language, not the staff page that points to a sign-in.
PUBLIC_PREFIXES = ("/recruiters/", "/rights/", "/report/")


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if request.path.startswith(PUBLIC_PREFIXES):
        return labour_public.not_found(request)
    return page_not_found(request, exception)


handler404 = not_found
