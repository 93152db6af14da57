"""What the tests of every list's filters share: walking an API list page by page, and the
messages a refused filter answers with, in English and Khmer (the page says the same)."""

from __future__ import annotations

from typing import Any

from django.test import Client

NOT_A_DATE = {
    "en": "Write the date as year-month-day, such as 2026-11-20.",
    "km": "សូមសរសេរកាលបរិច្ឆេទជា ឆ្នាំ-ខែ-ថ្ងៃ ដូចជា 2026-11-20។",
}
BACKWARDS = {"en": "The end date is before the start date.", "km": "ថ្ងៃបញ្ចប់នៅមុនថ្ងៃចាប់ផ្ដើម។"}
NOT_A_CHOICE = {
    "en": "Select a valid choice. {value} is not one of the available choices.",
    "km": "សូមជ្រើសរើសជម្រើសដែលត្រឹមត្រូវ។ {value} មិនមែនជាជម្រើសមួយក្នុងចំណោមជម្រើសដែលមានទេ។",
}
TOO_LONG = {
    "en": "Keep this to at most {limit} characters; it has {has}.",
    "km": "សូមសរសេរមិនឱ្យលើសពី {limit} តួអក្សរ។ អត្ថបទនេះមាន {has} តួអក្សរ។",
}


def too_long(limit: int, has: int) -> dict[str, str]:
    """``TOO_LONG`` said of a text of ``has`` characters where at most ``limit`` are taken."""
    return {language: text.format(limit=limit, has=has) for language, text in TOO_LONG.items()}


def walk_pages(client: Client, url: str, filters: dict[str, str]) -> tuple[list[Any], list[str]]:
    """The ids of the rows of every page of an API list, and the ``next`` links followed."""
    seen: list[Any] = []
    links: list[str] = []
    answer = client.get(url, filters)
    while True:
        assert answer.status_code == 200, answer.content
        body = answer.json()
        seen += [row["id"] for row in body["results"]]
        if not body["next"]:
            return seen, links
        links.append(body["next"])
        answer = client.get(body["next"])


def assert_refused(
    answer: Any, field: str, messages: dict[str, str], code: str, language: str, value: str = ""
) -> None:
    """A 400 naming ``field`` alone, with its message in ``language`` (``{value}`` filled in)."""
    assert answer.status_code == 400, answer.content
    message = messages[language].format(value=value)
    assert answer.json() == {field: [{"message": message, "code": code}]}
