"""Working days on China's official calendar.

Deadlines for residents' requests are promised in working days (工作日). The
`chinesecalendar` library knows the State Council's holiday and make-up
workday (调休) notices for the years it was released with. Later years come
from the deployment's own table (`CalendarPeriod`, `CalendarYear`), kept by the
deployment admin: holidays and make-up workdays by date range, and a mark that
a year's notice is entered in full. A year neither knows is *unknown*: its
deadlines are counted Monday to Friday but shown as provisional.

Every worker reads the table from the database. A process keeps its parsed copy
only as long as the version number stored with the table (`CalendarVersion`) is
unchanged, and checks that number on each use, so an edit counts everywhere at
once.
"""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass, field
from datetime import date, timedelta

import chinese_calendar


@functools.cache
def library_knows(year: int) -> bool:
    """Whether the installed chinesecalendar carries the State Council notice for `year`."""
    try:
        chinese_calendar.is_workday(date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


@dataclass(frozen=True)
class Calendar:
    """One state of the deployment's calendar table, with the library behind it."""

    version: str = ""
    overrides: dict[date, bool] = field(default_factory=dict)
    confirmed_years: frozenset[int] = frozenset()
    names: dict[date, str] = field(default_factory=dict)

    def is_known(self, year: int) -> bool:
        return year in self.confirmed_years or library_knows(year)

    def is_workday(self, day: date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        if library_knows(day.year):
            return chinese_calendar.is_workday(day)
        # An unknown year: weekends off; deadlines reaching here are shown as provisional.
        return day.weekday() < 5

    def add_workdays(self, start: date, days: int) -> date:
        """The date that is `days` working days after `start` (start itself not counted)."""
        current, remaining = start, days
        while remaining > 0:
            current += timedelta(days=1)
            if self.is_workday(current):
                remaining -= 1
        return current

    def workdays_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (0 if end is not later)."""
        count, current = 0, start
        while current < end:
            current += timedelta(days=1)
            count += self.is_workday(current)
        return count

    def provisional(self, start: date, end: date) -> bool:
        """Whether counting from `start` to `end` passes through a year nobody has entered yet."""
        return any(not self.is_known(year) for year in range(start.year, end.year + 1))

    def unknown_years_ahead(self, on: date) -> list[int]:
        """This year if unknown, and from 1 November next year too: what admins must be warned of."""
        years = [on.year, on.year + 1] if on.month >= 11 else [on.year]
        return [year for year in years if not self.is_known(year)]


_lock = threading.Lock()
_loaded: Calendar | None = None


def stored_version() -> str:
    from .models import CalendarVersion

    stamp = CalendarVersion.objects.filter(pk=1).values_list("stamp", flat=True).first()
    return str(stamp or "")


def load(version: str) -> Calendar:
    from .models import CalendarPeriod, CalendarYear

    overrides: dict[date, bool] = {}
    names: dict[date, str] = {}
    for period in CalendarPeriod.objects.order_by("first", "id"):
        day = period.first
        while day <= period.last:
            overrides[day] = period.is_workday
            names[day] = period.name
            day += timedelta(days=1)
    years = frozenset(CalendarYear.objects.filter(confirmed=True).values_list("year", flat=True))
    return Calendar(version=version, overrides=overrides, confirmed_years=years, names=names)


def current() -> Calendar:
    """The calendar as stored now: one small query for its version, the table re-read when it moved."""
    global _loaded
    version = stored_version()
    loaded = _loaded
    if loaded is not None and loaded.version == version:
        return loaded
    fresh = load(version)
    with _lock:
        _loaded = fresh
    return fresh


def is_workday(day: date) -> bool:
    return current().is_workday(day)


def add_workdays(start: date, days: int) -> date:
    return current().add_workdays(start, days)


def workdays_between(start: date, end: date) -> int:
    return current().workdays_between(start, end)


def deadline(start: date, days: int) -> tuple[date, bool]:
    """(due date, provisional): the due date, and whether it rests on a year not yet entered."""
    calendar = current()
    due = calendar.add_workdays(start, days)
    return due, calendar.provisional(start, due)


class WorkdayCounter:
    """Working days between many pairs of dates in one range, from a running count built once."""

    def __init__(self, first: date, last: date) -> None:
        calendar = current()
        self.first = first
        self.running: list[int] = []
        count, day = 0, first
        while day <= last:
            count += calendar.is_workday(day)
            self.running.append(count)
            day += timedelta(days=1)

    def between(self, start: date, end: date) -> int:
        """The same as workdays_between(start, end), for dates inside the range."""
        if end <= start:
            return 0
        return self.running[(end - self.first).days] - self.running[(start - self.first).days]
