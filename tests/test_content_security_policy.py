"""Every response carries a strict Content-Security-Policy, and no template needs it loosened."""

import re
from pathlib import Path

import pytest
from django.test import Client

from tests.conftest import login

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent / "rumdoh"


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    parsed = {}
    for part in header.split(";"):
        name, *sources = part.split()
        parsed[name] = sources
    return parsed


@pytest.mark.parametrize(
    "url", ["/account/login/", "/people/", "/api/v1/persons/", "/no-such-page/"]
)
def test_every_response_carries_the_policy_signed_in_or_not(world, url):
    for client in (Client(), login(world.owner)):
        assert "Content-Security-Policy" in client.get(url)


def test_static_files_carry_the_policy_too():
    assert "Content-Security-Policy" in Client().get("/static/rumdoh/site.css")


def test_the_policy_is_strict(world):
    policy = directives(login(world.owner).get("/people/"))
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    scripts = policy["script-src"]
    assert scripts[0] == "'self'" and re.fullmatch(r"'nonce-[\w-]{16,}'", scripts[1])
    assert len(scripts) == 2
    assert all("unsafe" not in source for source in policy["script-src"])


def test_each_response_has_its_own_nonce(world):
    client = login(world.owner)
    first = directives(client.get("/people/"))["script-src"]
    second = directives(client.get("/people/"))["script-src"]
    assert first != second


TEMPLATES = sorted(ROOT.rglob("templates/**/*.html"))
INLINE_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\b(src|nonce)=)[^>]*>", re.IGNORECASE)


def test_templates_are_found():
    assert len(TEMPLATES) > 20


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_template_has_an_inline_handler_or_script(template):
    text = template.read_text(encoding="utf-8")
    assert not INLINE_HANDLER.search(text)
    assert not INLINE_SCRIPT.search(text)
    assert "javascript:" not in text.lower()
