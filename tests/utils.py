"""Small test helpers shared by every app's tests."""

from collections.abc import Callable

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


def count_queries(client: Client, url: str, status: int = 200) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == status, response.status_code
    return len(ctx)


def assert_constant_queries(client: Client, url: str, add_rows: Callable[[], None]) -> None:
    """The page's query count with few rows equals the count after `add_rows()` adds many."""
    count_queries(client, url)  # warm caches (content types, sessions) first
    few = count_queries(client, url)
    add_rows()
    many = count_queries(client, url)
    assert many == few, f"{url}: {few} queries with few rows, {many} with many"
