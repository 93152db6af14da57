"""PDF of a printable page through WeasyPrint, when it is installed.

The page is self-contained (inline styles, no links), so nothing is fetched while rendering;
Khmer text is set in Khmer OS, found through fontconfig from Debian's fonts-khmeros.
"""

from importlib.util import find_spec

from django.http import HttpResponse


def available() -> bool:
    return find_spec("weasyprint") is not None


def response(html: str, filename: str) -> HttpResponse:
    from weasyprint import HTML

    document = HTML(string=html).write_pdf()
    reply = HttpResponse(document, content_type="application/pdf")
    reply["Content-Disposition"] = f'inline; filename="{filename}"'
    return reply
