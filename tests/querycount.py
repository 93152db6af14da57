"""Count the queries of a page before and after more rows are added to it."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


def count_queries(client: Client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries), response.content.decode()


def assert_flat(
    clients: Client | Sequence[Client], url: str, grow: Callable[[], list[str]]
) -> list[tuple[int, int]]:
    """Render ``url``, let ``grow`` add rows (it returns text the new rows show), render again:
    the page must cost the same number of queries for each client, and show the new rows to the
    first (the others may see less of the record)."""
    clients = [clients] if isinstance(clients, Client) else list(clients)
    before = []
    for client in clients:
        client.get(url)
        before.append(count_queries(client, url)[0])
    shown = grow()
    assert shown, "the test must add rows the page shows"
    counts = []
    for n, (client, few) in enumerate(zip(clients, before, strict=True)):
        many, page = count_queries(client, url)
        for text in shown if n == 0 else []:
            assert text in page, f"{url} does not show {text!r}"
        assert many == few, f"{url}: {few} queries with few rows, {many} with more"
        counts.append((few, many))
    return counts


def assert_same_cost(client: Client, few_url: str, many_url: str, shown: list[str]) -> int:
    """Two records of one kind, the second with more rows: their pages cost the same."""
    client.get(few_url)
    few, _page = count_queries(client, few_url)
    many, page = count_queries(client, many_url)
    for text in shown:
        assert text in page, f"{many_url} does not show {text!r}"
    assert many == few, f"{few_url}: {few} queries; {many_url}, with more rows: {many}"
    return few
