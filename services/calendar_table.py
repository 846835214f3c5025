"""Changes to the deployment's working-day table, and what follows from them.

Every change is serialised on the table's version row, moves the version on (so
every worker re-reads the table) and recounts the due dates of open requests
that the change can reach, each with a note on the request's timeline.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from django.db import transaction
from django.utils import timezone

from portal.versioning import EditConflict, lock_version

from . import workdays
from .models import CalendarPeriod, CalendarVersion, CalendarYear, ServiceRequest


@contextmanager
def changing(by, since: date) -> Iterator[None]:
    """Wrap one change of the table; open deadlines due on or after `since` are recounted afterwards."""
    with transaction.atomic():
        version, _created = CalendarVersion.objects.select_for_update().get_or_create(pk=1)
        before = workdays.load(str(version.stamp))
        yield
        version.number += 1
        version.stamp = uuid.uuid4()
        version.changed_at = timezone.now()
        version.save(update_fields=["number", "stamp", "changed_at"])
        after = workdays.load(str(version.stamp))
        recount_open_deadlines(before, after, by, since)


def recount_open_deadlines(before: workdays.Calendar, after: workdays.Calendar, by, since: date) -> int:
    """Recount every running request due on or after `since`; a due date before it cannot be affected."""
    running = ServiceRequest.objects.filter(
        status__in=(*ServiceRequest.CLOCK_RUNNING, ServiceRequest.Status.WAITING),
        due_date__gte=since,
        accepted_at__isnull=False,
    ).select_for_update()
    return sum(req.recount_deadline(before, after, by) for req in running.order_by("pk"))


def enter_period(by, *, first: date, last: date, is_workday: bool, name: str) -> CalendarPeriod:
    with changing(by, min(first, last)):
        return CalendarPeriod.objects.create(first=first, last=last, is_workday=is_workday, name=name)


def change_period(period: CalendarPeriod, by, expected_version: int | None, **fields) -> CalendarPeriod:
    """Save an edit of a period; raises EditConflict if someone saved it after this editor opened it."""
    since = min(period.first, fields.get("first", period.first))
    with changing(by, since):
        lock_version(period, expected_version)
        for name, value in fields.items():
            setattr(period, name, value)
        period.save(update_fields=[*fields, "version"])
    return period


def remove_period(period: CalendarPeriod, by) -> None:
    with changing(by, period.first):
        period.delete()


def save_year(by, *, year: int, notice: str, confirmed: bool, expected_version: int | None = None) -> CalendarYear:
    """Record a year's notice and whether it is entered in full; confirming it ends 'provisional'."""
    with changing(by, date(year, 1, 1)):
        entry, created = CalendarYear.objects.get_or_create(year=year)
        if not created:
            lock_version(entry, expected_version)
        elif expected_version is not None:
            # The editor saw a saved year that someone has since removed and re-created.
            raise EditConflict(entry.version)
        entry.notice, entry.confirmed = notice, confirmed
        entry.save()
    return entry


def warning_context(user) -> dict:
    """What the desk and the admins' work page need to warn of a year nobody has entered yet."""
    from portal.access import is_deployment_admin

    from .models import today

    return {
        "unknown_years": workdays.current().unknown_years_ahead(today()),
        "can_edit_calendar": is_deployment_admin(user),
    }
