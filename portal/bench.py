"""Pages the benchmark drives (`manage.py bench`), contributed by each app.

A BenchPage names a page, how to find a representative URL in the seeded
data, and who is logged in to load it (None: a visitor).
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class BenchPage:
    name: str
    path: Callable[[], str]
    user: Callable[[], object] = lambda: None
    order: int = 50


_pages: dict[str, BenchPage] = {}


def register_bench_page(page: BenchPage) -> None:
    _pages[page.name] = page


def bench_pages() -> list[BenchPage]:
    return sorted(_pages.values(), key=lambda p: (p.order, p.name))


def _register_portal_pages() -> None:
    register_bench_page(BenchPage("floor", lambda: "/bench-floor", order=0))
    register_bench_page(BenchPage("home", lambda: "/", order=1))


_register_portal_pages()
