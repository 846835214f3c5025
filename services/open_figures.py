"""The desk's figures on the open dashboard (/open/): 三率, requests by month, time to complete.

Three grouped queries per year; the working-day arithmetic runs in Python on
the grouped dates (a few hundred distinct days), not on every request.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db.models import Count, Q
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from portal.charts import BarChart
from portal.dashboard import Rate, Section

from . import workdays
from .models import Rating, ServiceItem, ServiceRequest

RESOLVED = (ServiceRequest.Status.COMPLETED, ServiceRequest.Status.DELIVERED, ServiceRequest.Status.CLOSED)
SATISFIED = (Rating.Score.VERY_SATISFIED, Rating.Score.SATISFIED, Rating.Score.BASICALLY_SATISFIED)


def open_figures(community, year: int) -> dict:
    today = timezone.localdate()
    filed = _filed(community, year, today)
    return {
        "response": filed["response"],
        "resolution": _resolution(community, year, today),
        "satisfaction": _satisfaction(community, year),
        "solved": _solved(community, year),
        "filed": filed["total"],
        "monthly_chart": filed["chart"],
        "completion": _completion(community, year),
        "year": year,
    }


def _filed(community, year: int, today: date) -> dict:
    """One query grouped by filing day, first answer day and kind: response rate and the monthly chart."""
    rows = (
        ServiceRequest.objects.filter(community=community, created_at__year=year)
        # accepted_at is empty only while submitted or once rejected; a rejection is dated by closed_at.
        .annotate(filed=TruncDate("created_at"), answered=TruncDate(Coalesce("accepted_at", "closed_at")))
        .values("filed", "answered", "kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    kinds = ServiceRequest.Kind
    monthly = {kind: [0] * 12 for kind in kinds.values}
    responded = judged = total = 0
    deadlines: dict[date, date] = {}
    calendar = workdays.current()  # read once: a year's figures walk hundreds of days
    for row in rows:
        day, answered, n = row["filed"], row["answered"], row["n"]
        total += n
        monthly[row["kind"]][day.month - 1] += n
        if day not in deadlines:
            deadlines[day] = calendar.add_workdays(day, 1)
        deadline = deadlines[day]
        if answered is not None and answered <= deadline:
            responded += n
            judged += n
        elif answered is not None or today > deadline:
            judged += n  # answered late, or still unanswered after its working day
    chart = BarChart(
        _("Requests filed per month by kind, %(year)s") % {"year": year},
        _("Service matters, requests for help and suggestions filed with the desk, month by month."),
        [_("Month %(month)s") % {"month": month} for month in range(1, 13)],
        [(str(kind.label), monthly[kind.value]) for kind in kinds],
    )
    return {"response": Rate(responded, judged), "total": total, "chart": chart}


def _resolution(community, year: int, today: date) -> Rate:
    figures = ServiceRequest.objects.filter(community=community, due_date__year=year, due_date__lt=today).aggregate(
        due=Count("pk"), resolved=Count("pk", filter=Q(status__in=RESOLVED))
    )
    return Rate(figures["resolved"], figures["due"])


def _satisfaction(community, year: int) -> dict:
    counts = dict(
        Rating.objects.filter(request__community=community, created_at__year=year)
        .values_list("score")
        .annotate(n=Count("pk"))
        .order_by()
    )
    rated = sum(counts.values())
    satisfied = sum(counts.get(score, 0) for score in SATISFIED)
    scores = [(label, counts.get(score, 0)) for score, label in Rating.Score.choices]
    return {"rate": Rate(satisfied, rated), "scores": scores}


def _solved(community, year: int) -> Rate:
    """解决率: ratings answering "was your problem solved?" with yes, out of the ratings that answered it."""
    figures = Rating.objects.filter(
        request__community=community, created_at__year=year, solved__isnull=False
    ).aggregate(answered=Count("pk"), solved=Count("pk", filter=Q(solved=True)))
    return Rate(figures["solved"], figures["answered"])


def _completion(community, year: int) -> dict:
    """Median working days from filing to completion, per catalog item, for requests completed in the year."""
    rows = list(
        ServiceRequest.objects.filter(community=community, item__isnull=False, completed_at__year=year)
        .annotate(filed=TruncDate("created_at"), done=TruncDate("completed_at"))
        .values_list("item_id", "filed", "done")
        .annotate(n=Count("pk"))
        .order_by()
    )
    days = [row[1] for row in rows] + [row[2] for row in rows]
    counter = workdays.WorkdayCounter(min(days), max(days)) if days else None
    spans: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for item_id, filed, done, n in rows:
        spans[item_id].append((counter.between(filed, done), n))
    catalog = ServiceItem.objects.filter(community=community, pk__in=list(spans)).order_by("order", "name")
    lines = [
        {
            "name": name,
            "limit": limit,
            "completed": sum(n for _days, n in spans[pk]),
            "median": median(spans[pk]),
        }
        for pk, name, limit in catalog.values_list("pk", "name", "time_limit_days")
    ]
    chart = BarChart(
        _("Working days to complete, %(year)s") % {"year": year},
        _("For each service, the median number of working days from filing to completion, beside its promised limit."),
        [line["name"] for line in lines],
        [
            (_("Median working days"), [line["median"] for line in lines]),
            (_("Promised limit"), [line["limit"] for line in lines]),
        ],
        horizontal=True,
    )
    return {"lines": lines, "chart": chart}


def median(counted: list[tuple[int, int]]) -> float:
    """The median of values given with their counts: [(3, 2), (5, 1)] is the median of 3, 3, 5."""
    values = sorted(counted)
    size = sum(n for _value, n in values)
    middle = [(size - 1) // 2, size // 2]
    found, seen = [], 0
    for value, n in values:
        while len(found) < 2 and middle[len(found)] < seen + n:
            found.append(value)
        seen += n
    return sum(found) / 2


SECTIONS = [Section("desk", _lazy("Service desk"), "services/open_section.html", open_figures, order=10)]
