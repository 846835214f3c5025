"""Small test helpers shared by every app's tests."""

import re
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


def assert_printed_list(page: str) -> None:
    """The page is drawn by the one print layout (includes/printed_list.html): no site navigation or footer on
    screen or paper, a print button, and the shared sheet whose @page is A4 landscape with page numbers."""
    from django.contrib.staticfiles import finders

    assert "<nav" not in page and 'class="site-header' not in page and 'class="site-footer' not in page
    assert 'class="printed-table"' in page and 'class="no-print' in page and "data-print" in page
    assert re.search(r'<link rel="stylesheet" href="[^"]*/css/printed-list\.[^"]*css">', page)
    with open(finders.find("css/printed-list.css"), encoding="utf-8") as css:
        sheet = css.read()
    # Every printed page, not a named one: the body of the first unnamed @page rule, nested braces included.
    start = re.search(r"@page\s*\{", sheet).end()
    depth, end = 1, start
    while depth:
        depth += {"{": 1, "}": -1}.get(sheet[end], 0)
        end += 1
    rule = sheet[start:end]
    assert re.search(r"(^|[;{\s])size:\s*A4 landscape\s*(;|\})", rule), rule
    assert re.search(r'@bottom-\w+\s*\{[^}]*content:\s*counter\(page\)\s*" / "\s*counter\(pages\)', rule), rule


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
