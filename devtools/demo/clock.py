"""When things happen in the demo: desk work on working days in office hours, nothing done in the future.

The office keeps 08:30–12:00 and 13:30–17:30 on China's working-day calendar (holidays and make-up workdays counted by
services.workdays). Every seeder dates its rows through these helpers, so the demo reads the same whatever
time of day it is loaded at.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from portal.models import AuditLog, Notification, OutboxMessage
from services import workdays

OPENS, CLOSES = time(8, 30), time(17, 30)
LUNCH = (time(12, 0), time(13, 30))  # the window closes for lunch, as the community's office hours say
# Deliveries (in-app notifications, the outbox) stay inside this window, Beijing time.
DELIVERY_HOURS = (time(8, 0), time(20, 0))


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def workday_on_or_after(day: date) -> date:
    while not workdays.is_workday(day):
        day += timedelta(days=1)
    return day


def workday_on_or_before(day: date) -> date:
    while not workdays.is_workday(day):
        day -= timedelta(days=1)
    return day


def in_office(moment: datetime) -> bool:
    local = timezone.localtime(moment)
    at_lunch = LUNCH[0] < local.time() < LUNCH[1]
    return workdays.is_workday(local.date()) and OPENS <= local.time() <= CLOSES and not at_lunch


def office(moment: datetime) -> datetime:
    """The moment itself if the office is open then, else a morning moment of the next working day."""
    local = timezone.localtime(moment)
    if in_office(local):
        return local
    if workdays.is_workday(local.date()) and LUNCH[0] < local.time() < LUNCH[1]:
        return at(local.date(), 13, 35) + timedelta(minutes=local.minute % 25)
    day = local.date() if local.time() < OPENS else local.date() + timedelta(days=1)
    # Spread over the first hours of the morning, the same way for the same moment.
    return at(workday_on_or_after(day), 8, 40) + timedelta(minutes=(local.hour * 13 + local.minute * 7) % 150)


def last_office_moment(now: datetime | None = None, margin: timedelta = timedelta(minutes=30)) -> datetime:
    """The latest office moment at least `margin` before now: the cap for anything already done."""
    local = timezone.localtime((now or timezone.now()) - margin)
    if in_office(local):
        return local.replace(second=0, microsecond=0)
    if workdays.is_workday(local.date()) and LUNCH[0] < local.time() < LUNCH[1]:
        return at(local.date(), 11, 50)
    day = local.date() if local.time() > CLOSES else local.date() - timedelta(days=1)
    return at(workday_on_or_before(day), 17, 10)


def done_by(moment: datetime, now: datetime | None = None) -> datetime:
    """Office time for a piece of desk work planned at `moment`, never later than the last office moment."""
    return min(office(moment), last_office_moment(now))


def in_delivery_hours(moment: datetime) -> bool:
    start, end = DELIVERY_HOURS
    return start <= timezone.localtime(moment).time() <= end


@contextmanager
def dated(moment: datetime):
    """Rows the app writes as it goes (notifications, the outbox, the audit log) get `moment` as their time.

    The demo calls the app's own workflow methods, which stamp what they write with the clock; without this
    a demo loaded at 05:00 would show deliveries at 05:00.
    """
    marks = {model: model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0 for model in _STAMPED}
    yield
    for model, fields in _STAMPED.items():
        model.objects.filter(pk__gt=marks[model]).update(**dict.fromkeys(fields, moment))


_STAMPED = {
    Notification: ["created_at"],
    OutboxMessage: ["created_at", "next_attempt_at"],
    AuditLog: ["created_at"],
}
