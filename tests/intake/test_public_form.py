"""The public report form: no login, six languages, spam kept out, a reference and a secret."""

import re
import time

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client

from rumdoh.core.keys import sealer
from rumdoh.intake.choices import Channel
from rumdoh.intake.forms import started_token
from rumdoh.intake.models import Tip
from rumdoh.intake.public import RECEIVED, SHOW_MINUTES, shown_key
from tests.conftest import login

LANGUAGES = {
    "km": "រាយការណ៍ករណីជួញដូរមនុស្ស ឬពលកម្មដោយបង្ខំ",
    "en": "Report a case of trafficking or forced labour",
    "zh-hans": "举报人口贩运或强迫劳动案件",
    "vi": "Báo cáo một vụ buôn bán người hoặc lao động cưỡng bức",
    "th": "แจ้งเหตุการค้ามนุษย์หรือการบังคับใช้แรงงาน",
    "id": "Laporkan kasus perdagangan orang atau kerja paksa",
}


def _post(client: Client, ago: float = 30, **fields: str):
    data = {
        "summary": "Five young men locked in a building; they are beaten if they do not work.",
        "province": "18",
        "place": "Compound near the old casino",
        "started": started_token(time.time() - ago),
        "website": "",
    }
    data.update(fields)
    return client.post("/report/", data, follow=True)


@pytest.fixture
def agency(db, settings, tips):
    settings.RUMDOH_PUBLIC_REPORT_AGENCY = tips.police_agency.name
    return tips.police_agency


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_the_form_speaks_each_public_language(db, client, language):
    client.cookies["django_language"] = language
    page = client.get("/report/")
    assert page.status_code == 200
    html = page.content.decode()
    assert LANGUAGES[language] in html
    assert 'name="website"' in html and 'name="started"' in html
    assert 'name="viewport"' in html


def test_a_report_needs_no_login_and_is_stored_sealed_and_assigned(agency, client):
    response = _post(client, contact="Telegram @worried_sister")
    assert response.status_code == 200
    html = response.content.decode()
    reference = re.search(r'id="reference">(T-\d{7})<', html).group(1)
    secret = re.search(r'id="secret">([A-Z0-9]{12})<', html).group(1)
    tip = Tip.objects.get()
    assert tip.reference == reference and tip.channel == Channel.WEB_FORM
    assert tip.assigned_agency == agency and tip.recorded_by is None
    assert tip.reporter_contact == "Telegram @worried_sister"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT summary, place, reporter_contact, status_secret_hash FROM intake_tip"
        )
        row = cursor.fetchone()
    assert "beaten" not in row[0] and "casino" not in row[1] and "worried" not in row[2]
    assert secret not in row[3]


def test_the_status_check_answers_with_the_secret_only(agency, client):
    html = _post(client).content.decode()
    reference = re.search(r'id="reference">(T-\d{7})<', html).group(1)
    secret = re.search(r'id="secret">([A-Z0-9]{12})<', html).group(1)
    good = client.post("/report/status/", {"reference": reference, "secret": secret})
    assert good.status_code == 200 and "responsible agency" in good.content.decode()
    assert "beaten" not in good.content.decode()
    bad = client.post("/report/status/", {"reference": reference, "secret": "ABCDEFGHJKLM"})
    assert bad.status_code == 404 and "responsible agency" not in bad.content.decode()


def test_the_hidden_field_filled_in_is_refused(agency, client):
    assert _post(client, website="http://spam.example").status_code == 400
    assert not Tip.objects.exists()


def test_a_form_sent_too_fast_or_with_a_forged_time_is_refused(agency, client):
    assert _post(client, ago=1).status_code == 400
    assert _post(client, started="12345:forged").status_code == 400
    assert _post(client, started="").status_code == 400
    assert not Tip.objects.exists()


def test_one_address_may_send_a_few_reports_an_hour(agency, client, settings):
    settings.RUMDOH_REPORTS_PER_HOUR = 2
    assert _post(client).status_code == 200
    assert _post(client).status_code == 200
    refused = _post(client)
    assert refused.status_code == 429 and "1288" in refused.content.decode()
    other = Client(REMOTE_ADDR="203.0.113.9")
    assert _post(other).status_code == 200
    assert Tip.objects.count() == 3


def test_a_refusal_is_said_in_the_visitors_language(agency, client):
    client.cookies["django_language"] = "th"
    html = _post(client, ago=1).content.decode()
    assert "คุณส่งเร็วเกินไป" in html


def test_only_what_is_happening_is_required(agency, client):
    assert _post(client, province="", place="").status_code == 200
    assert _post(client, summary="").status_code == 400


@pytest.mark.parametrize(
    ("language", "words"),
    [("km", "ទំព័រនេះបានផុតកំណត់"), ("en", "the page had expired")],
)
def test_a_report_refused_by_the_csrf_check_comes_back_with_what_was_typed(agency, language, words):
    # A phone that lost the site's cookie, or a form left open for days: nothing is saved,
    # the visitor is told why in their language and sends again without typing it all again.
    client = Client(enforce_csrf_checks=True)
    client.cookies["django_language"] = language
    response = _post(client, contact="Telegram @worried_sister")
    html = response.content.decode()
    assert response.status_code == 403
    assert words in html
    assert "beaten if they do not work" in html and "@worried_sister" in html
    assert not Tip.objects.exists()
    again = _post(
        client, summary="Sent again", csrfmiddlewaretoken=client.cookies["csrftoken"].value
    )
    assert again.status_code == 200 and Tip.objects.get().summary == "Sent again"


def test_a_staff_form_refused_by_the_csrf_check_says_why_in_khmer(tips):
    # A tip typed in a window opened before its user signed in again elsewhere.
    client = login(tips.operator)
    client.handler.enforce_csrf_checks = True
    client.cookies["django_language"] = "km"
    response = client.post("/tips/new/", {"channel": "ahjpd_hotline", "summary": "A long call"})
    html = response.content.decode()
    assert response.status_code == 403
    assert "ទម្រង់នេះបានផុតកំណត់" in html and "CSRF" not in html
    assert not Tip.objects.exists()


@pytest.mark.parametrize("named", ["Phnom Penh Court", "", "Nobody Known"])
def test_without_an_agency_to_receive_it_a_report_is_refused_and_kept_on_the_page(
    db, client, settings, tips, caplog, named
):
    """A court may not hold a tip, and a name nobody holds receives nothing: the report is not
    saved to be seen by nobody; the reporter is told to call the hotline, and keeps her text."""
    from rumdoh.accounts.models import AgencyKind
    from tests.conftest import make_agency

    make_agency("Phnom Penh Court", AgencyKind.COURT, "12")
    settings.RUMDOH_PUBLIC_REPORT_AGENCY = named
    response = _post(client)
    assert response.status_code == 503
    html = response.content.decode()
    assert "call the hotline 1288" in html and "they are beaten if they do not work" in html
    assert not Tip.objects.exists()
    assert "RUMDOH_PUBLIC_REPORT_AGENCY" in caplog.text


def test_the_deployment_check_warns_when_no_agency_receives_public_reports(db, settings, tips):
    from django.core.checks import run_checks

    def warnings():  # type: ignore[no-untyped-def]
        return [m.id for m in run_checks(databases=["default"]) if m.id.startswith("intake.")]

    settings.RUMDOH_PUBLIC_REPORT_AGENCY = tips.police_agency.name
    assert warnings() == []
    settings.RUMDOH_PUBLIC_REPORT_AGENCY = "Nobody Known"
    assert warnings() == ["intake.W001"]


def _secret(html: str) -> str | None:
    found = re.search(r'id="secret">([A-Z0-9]{12})<', html)
    return found.group(1) if found else None


def test_a_reload_shows_the_same_code_and_sends_nothing_again(agency, client):
    """The page of the reference and code answered the POST itself: reloading it sent the
    report again, a second tip with a second code."""
    sent = _post(client)
    assert sent.redirect_chain == [("/report/received/", 302)]
    secret = _secret(sent.content.decode())
    again = client.get("/report/received/")
    assert again.status_code == 200 and _secret(again.content.decode()) == secret
    assert Tip.objects.count() == 1


def test_the_code_survives_a_switch_of_language(agency, client):
    """The language switch sends the reporter back to the page they were on: the code was taken
    out of the session at its first showing, and the page in Khmer was the empty form, the code
    lost for good."""
    secret = _secret(_post(client).content.decode())
    switched = client.post(
        "/i18n/setlang/", {"language": "km", "next": "/report/received/"}, follow=True
    )
    assert switched.redirect_chain == [("/report/received/", 302)]
    html = switched.content.decode()
    assert _secret(html) == secret and 'lang="km"' in html
    assert "សូមកត់ត្រាលេខកូដទាំងពីរនេះឥឡូវនេះ" in html


def test_the_code_is_gone_after_a_few_minutes(agency, client, monkeypatch, settings):
    """The next person holding a shared phone does not find it. The clock is moved in a cache of
    this process's memory: Redis (CI's cache) counts its own time."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    _post(client)
    later = time.time() + SHOW_MINUTES * 60 + 1
    monkeypatch.setattr(time, "time", lambda: later)
    gone = client.get("/report/received/")
    assert gone.status_code == 302 and gone.url == "/report/"
    assert not client.session.get(RECEIVED)


def test_the_code_is_gone_once_the_reporter_says_they_wrote_it_down(agency, client):
    sent = _post(client).content.decode()
    assert "I have written them down" in sent
    token = client.session[RECEIVED]
    key = shown_key(token)
    kept = cache.get(key)["secret"]
    assert _secret(sent) not in kept, "the cache holds the code sealed, never in clear"
    assert sealer().open(kept, token.encode()) == _secret(sent)
    done = client.post("/report/received/", follow=True)
    assert done.redirect_chain == [("/report/status/", 302)]
    assert cache.get(key) is None
    gone = client.get("/report/received/")
    assert gone.status_code == 302 and gone.url == "/report/"


def test_the_code_is_not_kept_in_the_session_store(agency, client):
    """The session outlives the few minutes by hours: it holds only a key to the code, which
    the cache forgets by itself."""
    secret = _secret(_post(client).content.decode())
    assert secret and secret not in str(dict(client.session))
