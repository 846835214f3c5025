"""Working days on China's official calendar.

Deadlines for residents' requests are promised in working days (工作日). The
`chinesecalendar` library knows the State Council's holiday and make-up
workday (调休) notices for the years it was released with; the admin-editable
`CalendarDay` table overrides it and fills in later years, for which plain
weekends are the default until someone enters the new notice.
"""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
from django.core.cache import cache

OVERRIDES_CACHE_KEY = "services:calendar-overrides"


def _overrides() -> dict[date, bool]:
    overrides = cache.get(OVERRIDES_CACHE_KEY)
    if overrides is None:
        from .models import CalendarDay

        overrides = dict(CalendarDay.objects.values_list("day", "is_workday"))
        cache.set(OVERRIDES_CACHE_KEY, overrides, 300)
    return overrides


def overrides() -> dict[date, bool]:
    """The admin's calendar table (days that differ from the library), read once for many dates."""
    return _overrides()


def forget_overrides() -> None:
    """Called when the table changes, so the next deadline sees the edit."""
    cache.delete(OVERRIDES_CACHE_KEY)


def is_workday(day: date, overrides: dict[date, bool] | None = None) -> bool:
    overrides = _overrides() if overrides is None else overrides
    if day in overrides:
        return overrides[day]
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        # A year the library does not know yet: weekends off, until the table says otherwise.
        return day.weekday() < 5


def add_workdays(start: date, days: int, overrides: dict[date, bool] | None = None) -> date:
    """The date that is `days` working days after `start` (start itself not counted).

    A caller adding to many dates reads the admin's table once (`overrides()`) and passes it in.
    """
    overrides = _overrides() if overrides is None else overrides
    current = start
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if is_workday(current, overrides):
            remaining -= 1
    return current


def workdays_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (0 if end is not later)."""
    overrides = _overrides()
    count = 0
    current = start
    while current < end:
        current += timedelta(days=1)
        if is_workday(current, overrides):
            count += 1
    return count


class WorkdayCounter:
    """Working days between many pairs of dates in one range, from a running count built once."""

    def __init__(self, first: date, last: date) -> None:
        overrides = _overrides()
        self.first = first
        self.running: list[int] = []
        count, day = 0, first
        while day <= last:
            count += is_workday(day, overrides)
            self.running.append(count)
            day += timedelta(days=1)

    def between(self, start: date, end: date) -> int:
        """The same as workdays_between(start, end), for dates inside the range."""
        if end <= start:
            return 0
        return self.running[(end - self.first).days] - self.running[(start - self.first).days]
