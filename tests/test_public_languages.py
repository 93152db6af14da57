"""Staff pages speak Khmer and English; the public pages every language of the foreign victims."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import translation

from rumdoh.core.middleware import StaffLanguageMiddleware


def _language_seen(path: str, chosen: str) -> str:
    seen: list[str] = []

    def view(request):
        seen.append(translation.get_language())
        return HttpResponse()

    translation.activate(chosen)
    StaffLanguageMiddleware(view)(RequestFactory().get(path))
    return seen[0]


@pytest.mark.parametrize("chosen", ["zh-hans", "vi", "th", "id"])
def test_a_public_page_keeps_the_visitors_language(chosen):
    assert _language_seen("/report/", chosen) == chosen
    assert _language_seen("/rights/victims/", chosen) == chosen


@pytest.mark.parametrize("chosen", ["zh-hans", "th"])
def test_a_staff_page_falls_back_to_the_default_language(chosen):
    assert _language_seen("/people/", chosen) == settings.LANGUAGE_CODE


@pytest.mark.parametrize("chosen", ["km", "en"])
def test_a_staff_page_keeps_khmer_or_english(chosen):
    assert _language_seen("/people/", chosen) == chosen


@pytest.mark.django_db
def test_the_sign_in_page_offers_only_the_staff_languages(client):
    client.cookies["django_language"] = "th"
    page = client.get("/account/login/").content.decode()
    assert f'<html lang="{settings.LANGUAGE_CODE}">' in page
    assert 'value="km"' in page and 'value="en"' in page
    assert 'value="th"' not in page


def test_the_public_base_page_offers_every_language_in_its_own_name(rf):
    from django.template.loader import render_to_string

    request = rf.get("/report/")
    translation.activate("vi")
    html = render_to_string("public/base.html", request=request)
    assert '<html lang="vi">' in html
    for code in ("km", "en", "zh-hans", "vi", "th", "id"):
        assert f'value="{code}"' in html
    assert translation.get_language_info("th")["name_local"] in html
    assert "Những gì bạn gửi ở đây được giữ bí mật." in html
