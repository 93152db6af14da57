"""Messages are translated as whole sentences, and every template string has its Khmer."""

from __future__ import annotations

import ast
import re
from collections import Counter
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.template import engines
from django.templatetags.i18n import BlockTranslateNode, TranslateNode
from django.urls import reverse

from tests.conftest import World, login
from tests.justice.helpers import JusticeWorld
from tests.justice.scenario import everything

ROOT = Path(settings.BASE_DIR) / "rumdoh"
# Public pages (templates under ``public/``) speak every language of LANGUAGES; the others
# Khmer (and English, the language of the source).
PUBLIC_LANGUAGES = ("km", "zh_Hans", "vi", "th", "id")


def catalogues(language: str) -> list[Path]:
    """The project's catalogue of a language and those of the apps that keep their own."""
    return sorted(ROOT.glob(f"**/locale/{language}/LC_MESSAGES/django.po"))


def translated_in(language: str) -> set[tuple[str | None, str]]:
    return {
        (e.msgctxt, e.msgid)
        for path in catalogues(language)
        for e in polib.pofile(str(path))
        if e.translated()
    }


# A translated word glued to a value:
# `{% translate "due" %} {{ date }}` or `{{ n }} {% translate "riel" %}`.
_TRANSLATE = r"""\{% translate (?:"[^"]*"|'[^']*') %\}"""
FRAGMENT = re.compile(rf"{_TRANSLATE}[ :,]*\{{\{{|\}}\}}[ ]*{_TRANSLATE}")


def _templates() -> list[tuple[str, str]]:
    """(name as the loader knows it, source) of every template of the project."""
    found = []
    for path in sorted(ROOT.glob("**/templates/**/*.html")):
        parts = path.relative_to(ROOT).parts
        found.append(("/".join(parts[parts.index("templates") + 1 :]), path.read_text()))
    return found


def test_no_template_glues_a_translated_fragment_to_a_value():
    glued = [
        (name, match.group(0))
        for name, source in _templates()
        for match in FRAGMENT.finditer(source)
    ]
    assert glued == []


def _template_msgids(prefix: str = "") -> set[tuple[str | None, str]]:
    """(context, msgid) of every translated string of the templates whose name starts so."""
    engine = engines["django"].engine  # type: ignore[attr-defined]
    found: set[tuple[str | None, str]] = set()
    for name, _source in _templates():
        if not name.startswith(prefix):
            continue
        nodelist = engine.get_template(name).nodelist
        for node in nodelist.get_nodes_by_type(TranslateNode):
            literal = getattr(node.filter_expression.var, "literal", None)
            if isinstance(literal, str):
                context = node.message_context.var if node.message_context else None
                found.add((context, literal))
        for node in nodelist.get_nodes_by_type(BlockTranslateNode):
            msgid, _vars = node.render_token_list(node.singular)
            context = node.message_context.var if node.message_context else None
            found.add((context, msgid))
    return found


def test_every_template_message_has_a_khmer_translation():
    translated = translated_in("km")
    missing = sorted(m for m in _template_msgids() if m not in translated)
    assert missing == []


# The functions of django.utils.translation that mark a message, and the position of its msgid
# (the context comes first in the p- forms).
GETTEXT = {
    "gettext": 0,
    "gettext_lazy": 0,
    "gettext_noop": 0,
    "ngettext": 0,
    "ngettext_lazy": 0,
    "pgettext": 1,
    "pgettext_lazy": 1,
    "npgettext": 1,
    "npgettext_lazy": 1,
}


def _literal(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _python_msgids(source: str) -> set[tuple[str | None, str]]:
    """(context, msgid) of every literal message a module marks, under whatever name it imports
    the translation function (``gettext_lazy as _``)."""
    tree = ast.parse(source)
    marks = {
        alias.asname or alias.name: GETTEXT[alias.name]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation"
        for alias in node.names
        if alias.name in GETTEXT
    }
    found: set[tuple[str | None, str]] = set()
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            continue
        position = marks.get(node.func.id)
        if position is None or len(node.args) <= position:
            continue
        msgid = _literal(node.args[position])
        context = _literal(node.args[0]) if position else None
        if msgid is not None:
            found.add((context, msgid))
    return found


def test_python_messages_are_found_under_any_name():
    source = (
        "from django.utils.translation import gettext_lazy as _, pgettext, ngettext\n"
        "a = _('Tips')\n"
        "b = pgettext('verb', 'Charge')\n"
        "c = ngettext('%(n)d pair', '%(n)d pairs', 2)\n"
        "d = len('not a message')\n"
    )
    assert _python_msgids(source) == {
        (None, "Tips"),
        ("verb", "Charge"),
        (None, "%(n)d pair"),
    }


def test_every_python_message_has_a_khmer_translation():
    translated = translated_in("km")
    messages = {
        (message, str(path.relative_to(ROOT)))
        for path in sorted(ROOT.glob("**/*.py"))
        for message in _python_msgids(path.read_text())
    }
    assert ((None, "Requests abroad"), "portal/navigation.py") in messages
    missing = sorted((where, message) for message, where in messages if message not in translated)
    assert missing == []


@pytest.mark.parametrize("language", PUBLIC_LANGUAGES)
def test_every_public_page_message_speaks_every_public_language(language):
    public = _template_msgids("public/")
    assert (None, "Skip to content") in public
    translated = translated_in(language)
    missing = sorted(m for m in public if m not in translated)
    assert missing == []


@pytest.fixture
def jw(world: World) -> JusticeWorld:
    return JusticeWorld(world)


@pytest.mark.django_db
def test_the_case_record_reads_as_khmer_sentences(jw):
    e = everything(jw)
    client = login(jw.prosecutor)
    client.cookies["django_language"] = "km"
    case_page = client.get(reverse("justice:case_detail", args=[e.case.pk])).content.decode()
    issued = e.warrant.issued_on.isoformat()
    assert f"ចេញនៅថ្ងៃទី {issued} ដោយ Judge Chea" in case_page
    agency = e.supervision.reporting_agency.name
    assert f"បង្ហាញខ្លួននៅ {agency} រៀងរាល់ 7 ថ្ងៃម្ដង" in case_page
    timeline = client.get(reverse("justice:case_timeline", args=[e.case.pk])).content.decode()
    due = e.order.due_on.isoformat()
    assert re.search(rf"សំណងជំងឺចិត្ត៖ [\d,.]+ រៀល ត្រូវបង់ត្រឹមថ្ងៃទី {due}", timeline)


@pytest.mark.django_db
def test_the_case_record_reads_as_english_sentences(jw):
    e = everything(jw)
    client = login(jw.prosecutor)
    client.cookies["django_language"] = "en"
    case_page = client.get(reverse("justice:case_detail", args=[e.case.pk])).content.decode()
    assert f"issued on {e.warrant.issued_on.isoformat()} by Judge Chea" in case_page
    agency = e.supervision.reporting_agency.name
    assert f"reports to {agency} every 7 days" in case_page


@pytest.mark.parametrize("language", PUBLIC_LANGUAGES)
def test_each_language_holds_each_message_once(language):
    """Across the project's catalogue and the apps' own: one message, one translation."""
    entries = Counter(
        (e.msgctxt, e.msgid) for path in catalogues(language) for e in polib.pofile(str(path))
    )
    assert [key for key, n in entries.items() if n > 1] == []


# A placeholder: %(name)s, %s, or the REST framework's {name}.
PLACEHOLDER = re.compile(
    r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]|%[-#0 +]*\d*(?:\.\d+)?[sdifr]|\{\w*(?::[^{}]*)?\}"
)


def _placeholders(text: str) -> Counter[str]:
    return Counter(PLACEHOLDER.findall(text.replace("%%", "")))


@pytest.mark.parametrize("language", PUBLIC_LANGUAGES)
def test_every_translation_keeps_the_placeholders_of_its_message(language):
    """A placeholder lost or renamed breaks the message where it is shown. These languages have
    one plural form, which says what the English plural says."""
    changed = [
        (e.msgid, text)
        for path in catalogues(language)
        for e in polib.pofile(str(path))
        for text in (e.msgstr_plural.values() if e.msgid_plural else [e.msgstr])
        if text and _placeholders(text) != _placeholders(e.msgid_plural or e.msgid)
    ]
    assert changed == []
