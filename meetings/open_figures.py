"""The committee's figures on the open dashboard (/open/): cadence, attendance per unit, resolutions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from portal.charts import BarChart
from portal.dashboard import Rate, Section

from .models import Attendance, Meeting, Resolution, month_period, quarter_period


@dataclass(frozen=True)
class Period:
    """One month or quarter of the year and whether its regular meeting was held."""

    label: str
    state: str  # held, missed, coming, unrecorded

    @property
    def state_label(self) -> str:
        return {
            "held": _("held"),
            "missed": _("not held"),
            "coming": _("not yet due"),
            "unrecorded": _("before the records"),
        }[self.state]


def open_figures(community, year: int) -> dict:
    today = timezone.localdate()
    return {
        **_cadence(community, year, today),
        "attendance": _attendance(community, year),
        "resolutions": _resolutions(community, year, today),
    }


def _cadence(community, year: int, today: date) -> dict:
    """Held versus required, per kind: a period is required once it has ended or its meeting was held.

    As on the staff cadence warning, periods before the community's first
    regular meeting on the portal are not counted against it.
    """
    meetings = Meeting.objects.filter(community=community)
    first = meetings.filter(kind__in=Meeting.REGULAR_KINDS).aggregate(first=Min("starts_at"))["first"]
    in_year = Q(period__startswith=f"{year}-") | Q(kind=Meeting.Kind.ADHOC, starts_at__year=year)
    rows = list(meetings.filter(in_year, status=Meeting.Status.HELD).values_list("kind", "period"))
    held = set(rows)
    floor = timezone.localdate(first).replace(day=1) if first else None
    result = {"held_total": len(rows), "adhoc": sum(1 for kind, _p in rows if kind == Meeting.Kind.ADHOC)}
    kinds = ((Meeting.Kind.MONTHLY, 12, 1, "monthly"), (Meeting.Kind.QUARTERLY, 4, 3, "quarterly"))
    for kind, count, step, key in kinds:
        periods = []
        for i in range(count):
            start = date(year, i * step + 1, 1)
            end = date(year + 1, 1, 1) if i == count - 1 else date(year, (i + 1) * step + 1, 1)
            code = month_period(start) if step == 1 else quarter_period(start)
            label = _("Month %(month)s") % {"month": i + 1} if step == 1 else _("Q%(quarter)s") % {"quarter": i + 1}
            periods.append(Period(label, _state((kind, code) in held, start, end, floor, step, today)))
        required = [p for p in periods if p.state in ("held", "missed")]
        result[key] = {
            "periods": periods,
            "rate": Rate(sum(p.state == "held" for p in required), len(required)),
        }
    return result


def _state(held: bool, start: date, end: date, floor: date | None, step: int, today: date) -> str:
    if held:
        return "held"
    first_period = floor.replace(month=(floor.month - 1) // step * step + 1) if floor else None
    if first_period is None or start < first_period:
        return "unrecorded"
    return "missed" if end <= today else "coming"


def _attendance(community, year: int) -> dict:
    """Seats present in person or by delegate, out of the seats recorded at the year's held meetings."""
    rows = list(
        Attendance.objects.filter(
            community=community, meeting__status=Meeting.Status.HELD, meeting__starts_at__year=year
        )
        .exclude(status=Attendance.Status.UNRECORDED)
        .values("seat__unit_id", "seat__unit__name")
        .annotate(expected=Count("pk"), present=Count("pk", filter=Q(status__in=Attendance.PRESENT)))
        .order_by("seat__unit__name")
    )
    units = [(row["seat__unit__name"], Rate(row["present"], row["expected"])) for row in rows]
    chart = BarChart(
        _("Attendance rate per unit, %(year)s") % {"year": year},
        _("For each member unit, the share of its seats present at the year's meetings."),
        [name for name, _rate in units],
        [(_("Attendance rate"), [rate.percent for _name, rate in units])],
        unit="%",
        horizontal=True,
        scale_max=100,
    )
    overall = Rate(sum(r["present"] for r in rows), sum(r["expected"] for r in rows))
    return {"overall": overall, "units": units, "chart": chart}


def _resolutions(community, year: int, today: date) -> dict:
    """Published resolutions of the year's meetings by where they stand (what the public list shows)."""
    open_states = Q(status__in=Resolution.OPEN_STATES)
    return (
        Resolution.objects.published()
        .filter(community=community, meeting__starts_at__year=year)
        .aggregate(
            total=Count("pk"),
            done=Count("pk", filter=Q(status=Resolution.Status.DONE)),
            in_progress=Count("pk", filter=open_states & Q(due_date__gte=today)),
            overdue=Count("pk", filter=open_states & Q(due_date__lt=today)),
            dropped=Count("pk", filter=Q(status=Resolution.Status.DROPPED)),
        )
    )


def _escalations(community, year: int) -> dict:
    from .escalation import open_figures as escalation_figures

    return escalation_figures(community, year)


SECTIONS = [
    Section("meetings", _lazy("Big committee meetings"), "meetings/open_section.html", open_figures, order=15),
    Section(
        "escalations", _lazy("Escalated to the joint meeting"), "meetings/open_escalations.html", _escalations, order=16
    ),
]
