"""Reading the query string the same way on every page."""

from django.http import Http404, HttpRequest
from django.utils import timezone


def year_param(request: HttpRequest, first: int = 2000, last: int = 2100, *, strict: bool = False) -> int:
    """The year asked for in ?year=, this year when none is asked for.

    A number outside first…last is brought to the nearest end, and anything else means this year; with
    `strict` (a printed ledger, which must not silently show another year) both answer 404 instead.
    """
    this_year = timezone.localdate().year
    raw = request.GET.get("year", "").strip()
    if not raw:
        return min(max(this_year, first), last)
    try:
        year = int(raw)
    except ValueError as exc:
        if strict:
            raise Http404 from exc
        return min(max(this_year, first), last)
    if strict and not first <= year <= last:
        raise Http404
    return min(max(year, first), last)
