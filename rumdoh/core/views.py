from collections.abc import Callable
from pathlib import Path

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

# The Khmer font comes from the operating system (Debian's fonts-khmeros), not from this project.
FONT_DIRS = [Path("/usr/share/fonts/truetype/khmeros"), Path("/usr/share/fonts/khmeros")]
FONTS = {"khmer-os.ttf": "KhmerOS.ttf", "khmer-os-battambang.ttf": "KhmerOSbattambang.ttf"}


@require_GET
@cache_control(public=True, max_age=30 * 24 * 3600)
def font(request: HttpRequest, name: str) -> FileResponse:
    filename = FONTS.get(name)
    if filename:
        for folder in FONT_DIRS:
            path = folder / filename
            if path.is_file():
                return FileResponse(path.open("rb"), content_type="font/ttf")
    raise Http404


def health(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


View = Callable[..., HttpResponse]


def on_csrf_failure(again: Callable[[HttpRequest], HttpResponse]) -> Callable[[View], View]:
    """Marks a view whose form, refused by the CSRF check, is shown again by ``again`` with
    what was typed in it."""

    def mark(view: View) -> View:
        view.csrf_failure = again  # type: ignore[attr-defined]
        return view

    return mark


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form the CSRF check refused: one left open while its user signed in again elsewhere,
    or sent from a browser that lost the site's cookie. Nothing is saved; the reader is told so
    in their language, and a view marked with ``on_csrf_failure`` shows its form again."""
    match = getattr(request, "resolver_match", None)
    again = getattr(match.func, "csrf_failure", None) if match else None
    if again is not None and request.method == "POST":
        return again(request)
    return render(request, "403_csrf.html", status=403)
