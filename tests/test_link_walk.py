"""Every link works: each demo user follows the links of their pages, three clicks deep (DEPTH).

The demo data is generated small (a few dozen persons, every stage of the flow present), every
demo user signs in, and every same-site link reachable from their start page in three clicks is
opened. A link that answers 403, 404 or 500 is a defect: either the page links to something the
reader may not open, or the address is wrong.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client

from rumdoh.accounts.models import User
from rumdoh.demo.agencies import USERS
from tests.conftest import login

DEPTH = 3
BROKEN = {403, 404, 500}
# Addresses that are not pages to read: signing out, switching language, files to download.
SKIP_PREFIXES = ("/account/logout", "/i18n/", "/static/", "/fonts/", "/api/", "/admin/logout")
# The administration site is Django's own; its links are walked one click deep only.
SHALLOW_PREFIXES = ("/admin/",)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def links_of(page_url: str, html: str) -> Iterator[str]:
    parser = _Links()
    parser.feed(html)
    for href in parser.hrefs:
        url, _fragment = urldefrag(urljoin(page_url, href))
        parts = urlsplit(url)
        if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if not path or path.startswith(SKIP_PREFIXES):
            continue
        yield path


def walk(client: Client) -> tuple[int, list[tuple[str, str, int]]]:
    """Follow links from the start page to DEPTH clicks; return (followed, failures)."""
    start = client.get("/", follow=True)
    start_url = start.request["PATH_INFO"]
    assert start.status_code == 200, start_url
    seen = {start_url, "/"}
    frontier = [(start_url, start.content.decode())]
    followed = 0
    failures: list[tuple[str, str, int]] = []
    for depth in range(1, DEPTH + 1):
        next_frontier = []
        for page_url, html in frontier:
            for link in links_of(page_url, html):
                if link in seen:
                    continue
                seen.add(link)
                response = client.get(link)
                followed += 1
                if response.status_code in BROKEN:
                    failures.append((page_url, link, response.status_code))
                elif (
                    response.status_code == 200
                    and depth < DEPTH
                    and not link.startswith(SHALLOW_PREFIXES)
                    and response.get("Content-Type", "").startswith("text/html")
                ):
                    next_frontier.append((link, response.content.decode()))
        frontier = next_frontier
    return followed, failures


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock():
        call_command("generate_demo_data", persons=40, seed=3, stdout=io.StringIO())
        yield
        # The module's data is not rolled back by a transaction: leave an empty database behind.
        call_command("flush", interactive=False, verbosity=0)


@pytest.mark.django_db
def test_every_link_of_every_demo_user_opens(
    demo_data: None, capsys: pytest.CaptureFixture
) -> None:  # type: ignore[type-arg]
    broken: list[tuple[str, str, str, int]] = []
    counts: list[str] = []
    for username, *_rest in USERS:
        user = User.objects.get(username=username)
        client = login(user)
        # A page that fails is recorded as its 500, not raised, so the walk reports them all.
        client.raise_request_exception = False
        followed, failures = walk(client)
        counts.append(f"{username}: {followed} links followed, {len(failures)} failures")
        broken += [(username, page, link, status) for page, link, status in failures]
    with capsys.disabled():
        print(f"\nLink walk, {DEPTH} clicks deep from each start page:")
        print("\n".join(f"  {line}" for line in counts))
    report = "\n".join(
        f"{role}: {page} -> {link} answered {status}" for role, page, link, status in broken
    )
    assert not broken, f"{len(broken)} broken links:\n{report}"
