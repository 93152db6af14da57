"""The public report form at /report/ and the status check: no login, in six languages.

Nothing is asked of the reporter but what is happening. Spam is kept out without any service of
a third party (``rules.spam``): a hidden field, a signed time the form was handed out at, and a
limit per address and hour counted in the shared cache. The answer gives a reference and a
secret code, shown for a few minutes (``SHOW_MINUTES``); only a keyed hash of the code is kept.
"""

from __future__ import annotations

import hashlib
import secrets
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from rumdoh.accounts.throttle import client_address
from rumdoh.core.keys import sealer
from rumdoh.core.views import on_csrf_failure
from rumdoh.intake import services
from rumdoh.intake.choices import Concern, Urgency
from rumdoh.intake.forms import ReportForm, StatusForm, started_token
from rumdoh.intake.rules import spam
from rumdoh.intake.rules.spam import Verdict

# The reference and secret code of a report just sent are shown on /report/received/ for
# SHOW_MINUTES after sending, as often as that page is opened, and then never again. A reporter
# in a hurry, often on a phone lent by someone else, must be able to reload that page, or switch
# it to a language they read (the switch sends them back to it), while they find something to
# write with: the code was once taken away at its first showing, and the page in another
# language was the empty form, the code lost for good. The next person holding the phone must
# not find it there: after SHOW_MINUTES, or as soon as the reporter presses "I have written them
# down", the page leads to the form. Not only once they press it: someone in a hurry, or who
# must hand the phone back, leaves without pressing anything. The code waits in the shared
# cache, which forgets it by itself when the minutes are up even if the page is never opened
# again, under a random key that only the reporter's session holds (RECEIVED); the session
# itself, kept for hours, holds no code.
RECEIVED = "rumdoh.intake.report-received"
SHOW_MINUTES = 10

HOUR = 3600
STATUS_CHECKS_PER_HOUR = 30


def _count_key(kind: str, request: HttpRequest) -> str:
    return f"intake:{kind}:{client_address(request) or 'unknown'}"


def _recent(kind: str, request: HttpRequest) -> int:
    return int(cache.get(_count_key(kind, request), 0))


def _count(kind: str, request: HttpRequest) -> None:
    key = _count_key(kind, request)
    if not cache.add(key, 1, HOUR):
        try:
            cache.incr(key)
        except ValueError:  # expired between the two calls
            cache.add(key, 1, HOUR)


def _refusal(verdict: Verdict) -> str:
    messages = {
        Verdict.TOO_FAST: _(
            "That was very quick. Please read your report once more and send it again."
        ),
        Verdict.STALE: _("This form was open too long. Please send your report again."),
        Verdict.TRAP: _("Your report could not be accepted. Please send it again."),
        Verdict.TOO_MANY: _(
            "Too many reports came from your connection in the last hour. Please try again "
            "later, or call the hotline 1288."
        ),
    }
    return messages[verdict]


def shown_key(token: str) -> str:
    """The cache key of the reference and code a reporter's session may still show."""
    return f"intake:received:{token}"


def _keep_for_showing(request: HttpRequest, reference: str, secret: str) -> None:
    _forget(request)  # a second report from the same browser: only its own code is shown
    token = secrets.token_urlsafe(24)
    # Sealed, bound to its token: the cache (Redis, which a deployment may save to disk) never
    # holds a code in clear.
    shown = {"reference": reference, "secret": sealer().seal(secret, token.encode())}
    cache.set(shown_key(token), shown, SHOW_MINUTES * 60)
    request.session[RECEIVED] = token


def _still_shown(request: HttpRequest) -> dict[str, str] | None:
    """The reference and code of the report this session sent, while they may be shown."""
    token = request.session.get(RECEIVED)
    shown = cache.get(shown_key(token)) if isinstance(token, str) else None
    if not isinstance(shown, dict) or not isinstance(token, str):
        request.session.pop(RECEIVED, None)
        return None
    return {**shown, "secret": sealer().open(shown["secret"], token.encode())}


def _forget(request: HttpRequest) -> None:
    token = request.session.pop(RECEIVED, None)
    if isinstance(token, str):
        cache.delete(shown_key(token))


def _input(form: ReportForm) -> services.TipInput:
    data = form.cleaned_data
    return services.TipInput(
        channel="web_form",
        summary=data["summary"],
        concern=Concern.OTHER,
        urgency=Urgency.URGENT if data["urgent"] else Urgency.NORMAL,
        province=data["province"],
        place=data["place"],
        subject=data["subject"],
        reporter_contact=data["contact"],
        language=get_language() or "",
    )


def _expired(request: HttpRequest) -> HttpResponse:
    """The form again with what was typed, after the CSRF check refused it: the phone lost the
    site's cookie, or the page stayed open for days. Nothing was saved."""
    data = request.POST.copy()
    data["started"] = started_token(time.time())
    form = ReportForm(data)
    form.is_valid()
    form.add_error(
        None,
        _(
            "Your report was not sent because the page had expired. Check what you wrote and "
            "send it again."
        ),
    )
    return render(request, "public/intake/report.html", {"form": form}, status=403)


def _sent_key(form: ReportForm) -> str:
    """The cache key that says the form handed out with this ``started`` token was sent (a
    digest: the key names no time)."""
    token = str(form.data.get("started", ""))
    return "intake:report-sent:" + hashlib.sha256(token.encode()).hexdigest()


@on_csrf_failure(_expired)
@never_cache
def report(request: HttpRequest) -> HttpResponse:
    now = time.time()
    if request.method != "POST":
        form = ReportForm(initial={"started": started_token(now)})
        return render(request, "public/intake/report.html", {"form": form})
    form = ReportForm(request.POST)
    if form.is_valid():
        verdict = spam.judge(
            str(request.POST.get("website", "")),
            form.seconds_open(now),
            _recent("reports", request),
            min_seconds=getattr(settings, "RUMDOH_REPORT_MIN_SECONDS", spam.MIN_FILL_SECONDS),
            per_hour=getattr(settings, "RUMDOH_REPORTS_PER_HOUR", spam.REPORTS_PER_HOUR),
        )
        if verdict == Verdict.ACCEPT and not cache.add(_sent_key(form), 1, HOUR):
            # This form was sent already (a double tap, or sent again while the first was on
            # its way): one report, and the page of its reference and code.
            return redirect("report:received")
        if verdict == Verdict.ACCEPT:
            try:
                tip, secret = services.receive_public_report(_input(form), request)
            except services.NoReceiver as refusal:
                cache.delete(_sent_key(form))
                form.add_error(None, str(refusal))
                status = 503
            else:
                _count("reports", request)
                # Shown by the page the browser is sent to, so that reloading it (or going back
                # and forward) sends nothing again: a second report with a second code.
                _keep_for_showing(request, tip.reference, secret)
                return redirect("report:received")
        else:
            form.add_error(None, _refusal(verdict))
            status = 429 if verdict == Verdict.TOO_MANY else 400
    else:
        status = 400
    data = request.POST.copy()
    data["started"] = started_token(now)
    form.data = data
    return render(request, "public/intake/report.html", {"form": form}, status=status)


@never_cache
def received(request: HttpRequest) -> HttpResponse:
    """The reference and the secret code of the report just sent, for ``SHOW_MINUTES`` (a
    reload or a switch of language shows them again); posted to ("I have written them down"),
    they are forgotten at once and the reporter is taken to the status check. After either, and
    for any other browser, the page leads to the form: the code is kept nowhere else in clear."""
    if request.method == "POST":
        _forget(request)
        return redirect("report:status")
    shown = _still_shown(request)
    if shown is None:
        return redirect("report:form")
    return render(request, "public/intake/received.html", {**shown, "minutes": SHOW_MINUTES})


@never_cache
def status(request: HttpRequest) -> HttpResponse:
    form = StatusForm(request.POST or None)
    context: dict[str, object] = {"form": form}
    code = 200
    if request.method == "POST" and form.is_valid():
        if _recent("status", request) >= STATUS_CHECKS_PER_HOUR:
            form.add_error(None, _("Too many checks from your connection. Try again later."))
            code = 429
        else:
            _count("status", request)
            tip = services.check_status(form.cleaned_data["reference"], form.cleaned_data["secret"])
            if tip is None:
                form.add_error(None, _("No report matches this reference and secret code."))
                code = 404
            else:
                context["answer"] = services.status_label_for_public(tip)
                context["reference"] = tip.reference
    return render(request, "public/intake/status.html", context, status=code)
