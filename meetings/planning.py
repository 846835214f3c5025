"""Cadence: plan the regular meetings of the coming periods, find the periods that were missed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from services import workdays

from .models import Meeting, next_periods, past_periods, period_label

# Habit of the reference community: the monthly meeting on the 10th, the joint
# meeting on the 25th of the quarter's last month, both in the afternoon; when
# that day is a weekend or a public holiday, the next working day.
MONTHLY_DAY, QUARTERLY_DAY = 10, 25
DEFAULT_TIME = time(14, 30)
LOOKBACK = {Meeting.Kind.MONTHLY: 12, Meeting.Kind.QUARTERLY: 4}


def default_place(community) -> str:
    return _("Meeting room, community party and public service centre")


def _meeting_day(kind: str, first: date) -> date:
    if kind == Meeting.Kind.MONTHLY:
        day = first.replace(day=MONTHLY_DAY)
    else:
        day = date(first.year, first.month + 2, QUARTERLY_DAY)
    while not workdays.is_workday(day):
        day += timedelta(days=1)
    return day


def plan_coming(community, months: int = 3, quarters: int = 2, today: date | None = None) -> list[Meeting]:
    """Create the regular meetings of the current and coming periods that do not exist yet.

    Running it again creates nothing: each (community, kind, period) exists at
    most once, which the database enforces too.
    """
    today = today or timezone.localdate()
    created = []
    for kind, count in ((Meeting.Kind.MONTHLY, months), (Meeting.Kind.QUARTERLY, quarters)):
        for period, first in next_periods(kind, today, count):
            if Meeting.objects.filter(community=community, kind=kind, period=period).exists():
                continue
            day = _meeting_day(kind, first)
            if day <= today:
                continue  # this period's usual day has passed: staff plan it by hand if still wanted
            meeting = _create(community, kind, period, day)
            if meeting is not None:
                created.append(meeting)
    return created


def _create(community, kind: str, period: str, day: date) -> Meeting | None:
    starts_at = timezone.make_aware(datetime.combine(day, DEFAULT_TIME))
    try:
        with transaction.atomic():
            meeting = Meeting.objects.create(
                community=community, kind=kind, period=period, starts_at=starts_at, place=default_place(community)
            )
    except IntegrityError:  # planned concurrently by someone else
        return None
    meeting.carry_over_open_resolutions()
    return meeting


@dataclass
class CadenceGap:
    kind: str
    period: str

    @property
    def kind_label(self) -> str:
        return Meeting.Kind(self.kind).label

    @property
    def period_label(self) -> str:
        return period_label(self.period)


def period_start(period: str) -> date:
    year, rest = period.split("-")
    month = (int(rest[1]) - 1) * 3 + 1 if rest.startswith("Q") else int(rest)
    return date(int(year), month, 1)


def cadence_gaps(community, today: date | None = None) -> list[CadenceGap]:
    """Whole past periods (last 12 months, last 4 quarters) with no held meeting of that kind.

    Periods before the community's first regular meeting are not counted: a
    community that starts using the portal is not blamed for the year before.
    """
    today = today or timezone.localdate()
    rows = Meeting.objects.filter(community=community, kind__in=Meeting.REGULAR_KINDS).values_list(
        "kind", "period", "status", "starts_at"
    )
    held = {(kind, period) for kind, period, status, _s in rows if status == Meeting.Status.HELD}
    starts = [timezone.localdate(s) for *_r, s in rows]
    if not starts:
        return []
    first = min(starts).replace(day=1)
    first_quarter = first.replace(month=(first.month - 1) // 3 * 3 + 1)
    gaps = []
    for kind, count in LOOKBACK.items():
        floor = first if kind == Meeting.Kind.MONTHLY else first_quarter
        for period in past_periods(kind, today, count):
            if period_start(period) >= floor and (kind, period) not in held:
                gaps.append(CadenceGap(kind, period))
    return gaps
