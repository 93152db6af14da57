from pathlib import Path

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
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
