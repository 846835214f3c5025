"""Bench-sized meeting history: monthly and quarterly meetings going back years, held and closed,
with attendance for every seat, agenda, published minutes, resolutions, co-units and progress."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from meetings.models import AgendaItem, Attendance, Meeting, Resolution, ResolutionUpdate, month_period, quarter_period
from members.models import CommitteeSeat

from ..demo.meetings import AGENDA_TOPICS, RESOLUTIONS
from .core import BenchPage, BenchSeed, demo_login

QUARTERLY_SHARE = 4  # one meeting in four is a quarterly joint meeting
ATTENDANCE = [Attendance.Status.PRESENT] * 8 + [Attendance.Status.LEAVE, Attendance.Status.ABSENT]


def seed_meetings_bench(bench: BenchSeed) -> None:
    missing = bench.sizes["meetings"] - Meeting.objects.count()
    if missing <= 0:
        bench.say(f"meetings: {Meeting.objects.count()} already, nothing to add")
        return
    for community, count in bench.split(missing):
        seats = list(CommitteeSeat.objects.active().filter(community=community).select_related("unit"))
        if not seats:
            continue
        with transaction.atomic():
            _history(bench, community, seats, count)
        bench.say(f"meetings: {count} for {community.name}")


def _free_periods(community, kind: str, count: int) -> list[tuple[str, date]]:
    """The `count` most recent past periods of `kind` without a meeting: (period, meeting day)."""
    taken = set(Meeting.objects.filter(community=community, kind=kind).values_list("period", flat=True))
    today = timezone.localdate()
    first = today.replace(day=1)
    found = []
    while len(found) < count:
        first = (first - timedelta(days=1)).replace(day=1)
        if kind == Meeting.Kind.QUARTERLY:
            if first.month % 3 != 0:
                continue
            period, day = quarter_period(first), first.replace(day=25)
        else:
            period, day = month_period(first), first.replace(day=10)
        if period not in taken:
            found.append((period, day))
    return found


def _history(bench: BenchSeed, community, seats, count: int) -> None:
    rng = bench.rng
    quarterly = count // QUARTERLY_SHARE
    plan = [(Meeting.Kind.MONTHLY, *p) for p in _free_periods(community, Meeting.Kind.MONTHLY, count - quarterly)]
    plan += [(Meeting.Kind.QUARTERLY, *p) for p in _free_periods(community, Meeting.Kind.QUARTERLY, quarterly)]
    secretary = next((s for s in seats if s.role == CommitteeSeat.Role.SECRETARY), seats[0]).holder_name
    meetings = []
    for kind, period, day in plan:
        starts = timezone.make_aware(datetime.combine(day, time(14 if kind == Meeting.Kind.MONTHLY else 9, 30)))
        meetings.append(
            Meeting(
                community=community,
                kind=kind,
                period=period,
                starts_at=starts,
                place="社区党群服务中心三楼会议室",
                convener=secretary,
                status=Meeting.Status.HELD,
                opened_at=starts,
                closed_at=starts + timedelta(hours=2),
                minutes="会议听取了上次会议议定事项落实情况汇报，围绕议题进行了协商讨论，形成议定事项。",
                minutes_status=Meeting.MinutesStatus.PUBLISHED,
                minutes_approved_by=bench.staff[community.pk][0],
                minutes_published_at=starts + timedelta(days=7),
                created_at=starts - timedelta(days=20),
            )
        )
    attendance, agenda, resolutions = [], [], []
    for meeting in meetings:
        statuses = [rng.choice(ATTENDANCE) for _seat in seats]
        meeting.bench_statuses = statuses
        meeting.seat_count = len(seats)
        meeting.present_count = sum(1 for s in statuses if s == Attendance.Status.PRESENT)
    Meeting.objects.bulk_create(meetings, batch_size=1000)
    units = list(dict.fromkeys(seat.unit for seat in seats))
    for meeting in meetings:
        for seat, status in zip(seats, meeting.bench_statuses, strict=True):
            attendance.append(Attendance(community=community, meeting=meeting, seat=seat, status=status))
        for order in range(1, rng.randint(2, 4) + 1):
            title, details = rng.choice(AGENDA_TOPICS)
            agenda.append(
                AgendaItem(
                    community=community,
                    meeting=meeting,
                    order=order,
                    title=title,
                    details=details,
                    proposing_unit=rng.choice(units),
                )
            )
        wanted = 3 if meeting.kind == Meeting.Kind.QUARTERLY else rng.choice([0, 1, 1, 2])
        for number in range(1, wanted + 1):
            text, _updates, public = rng.choice(RESOLUTIONS)
            done = rng.random() < 0.8
            resolutions.append(
                Resolution(
                    community=community,
                    meeting=meeting,
                    number=number,
                    text=text,
                    lead_unit=rng.choice(units),
                    owner=secretary,
                    due_date=timezone.localdate(meeting.starts_at) + timedelta(days=rng.choice([30, 60, 90])),
                    status=Resolution.Status.DONE if done else Resolution.Status.IN_PROGRESS,
                    progress=100 if done else rng.choice([20, 40, 60]),
                    is_public=public,
                    created_at=meeting.starts_at,
                )
            )
    Attendance.objects.bulk_create(attendance, batch_size=5000)
    AgendaItem.objects.bulk_create(agenda, batch_size=5000)
    Resolution.objects.bulk_create(resolutions, batch_size=2000)
    _progress(rng, community, units, resolutions)


def _progress(rng, community, units, resolutions) -> None:
    links, updates = [], []
    through = Resolution.co_units.through
    for resolution in resolutions:
        for unit in rng.sample(units, rng.randint(0, 2)):
            if unit != resolution.lead_unit:
                links.append(through(resolution_id=resolution.pk, unit_id=unit.pk))
        steps = [40, 100] if resolution.status == Resolution.Status.DONE else [resolution.progress]
        for k, percent in enumerate(steps, start=1):
            status = Resolution.Status.DONE if percent == 100 else Resolution.Status.IN_PROGRESS
            updates.append(
                ResolutionUpdate(
                    community=community,
                    resolution=resolution,
                    text="已召开协调会，明确分工，按计划推进。" if percent < 100 else "已全部完成并验收。",
                    progress=percent,
                    status=status,
                    created_at=resolution.created_at + timedelta(days=15 * k),
                )
            )
    through.objects.bulk_create(links, batch_size=5000)
    ResolutionUpdate.objects.bulk_create(updates, batch_size=5000)


# --- the meeting pages in `manage.py bench` ---


def a_held_meeting() -> Meeting:
    """The demo community's latest closed meeting with resolutions."""
    return (
        Meeting.objects.filter(community__code="HX", closed_at__isnull=False, resolutions__isnull=False)
        .order_by("-starts_at")
        .first()
    )


PAGES = [
    BenchPage("meeting", lambda: f"/meetings/{a_held_meeting().pk}/", lambda: demo_login("staff"), order=30),
    BenchPage("resolutions", lambda: "/meetings/resolutions/", order=31),
]
