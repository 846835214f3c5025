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


def run_together(n: int, work: Callable[[int], object]) -> list:
    """Run work(i) in n threads released at the same moment; return each result or the exception it raised.

    Each thread has its own database connection, closed when it ends; use with
    `django_db(transaction=True)` so the threads see the test's rows.
    """
    import threading

    from django.db import connections

    barrier = threading.Barrier(n)
    results: list = [None] * n

    def target(i: int) -> None:
        try:
            barrier.wait()
            results[i] = work(i)
        except Exception as exc:  # noqa: BLE001 - the test inspects what each thread met
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=target, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
