"""What the roster adds to the open figures (/open/)."""

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractMonth
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from portal.charts import BarChart
from portal.dashboard import Section

from .models import Activity, CommitteeSeat, Participation, PartyMember, Unit


def as_of(year: int) -> date:
    """The day a year's figures are counted to: its last day, or today for the year under way."""
    return min(timezone.localdate(), date(year, 12, 31))


def open_figures(community, year: int) -> dict:
    """The committee and members as of the year's end (today for this year), and the activities held in the
    year up to that day (planned ones are not counted as held), from a handful of aggregate queries."""
    day = as_of(year)
    registered = Q(kind=PartyMember.Kind.IN_SERVICE) & (Q(registered_on__isnull=True) | Q(registered_on__lte=day))
    members = PartyMember.objects.filter(community=community).aggregate(
        in_service=Count("pk", filter=registered & Q(status=PartyMember.Status.CONFIRMED)),
        registered_in_year=Count(
            "pk", filter=Q(kind=PartyMember.Kind.IN_SERVICE, registered_on__year=year, registered_on__lte=day)
        ),
    )
    activities = Activity.objects.filter(community=community, date__year=year, date__lte=day).aggregate(
        total=Count("pk"), fulfilling=Count("pk", filter=Q(commitment__isnull=False))
    )
    monthly, units = _hours(community, year, day)
    hours = [float(monthly.get(month, 0) or 0) for month in range(1, 13)]
    chart = BarChart(
        _("Volunteer hours by month, %(year)s") % {"year": year},
        _("Hours party members served in the community's activities, month by month."),
        [_("Month %(month)s") % {"month": month} for month in range(1, 13)],
        [(_("Volunteer hours"), hours)],
        unit="",
    )
    return {
        "as_of": day,
        "units": Unit.objects.filter(
            Q(joined_on__isnull=True) | Q(joined_on__lte=day), Q(left_on__isnull=True) | Q(left_on__gt=day)
        )
        .filter(community=community)
        .count(),
        "seats": CommitteeSeat.objects.active(on=day).filter(community=community).count(),
        "in_service": members["in_service"],
        "registered_in_year": members["registered_in_year"],
        "activities": activities["total"],
        "fulfilling": activities["fulfilling"],
        "hours": sum(hours),
        "chart": chart,
        "chart_id": "roster-hours",
        "units_chart": _units_chart(year, units),
    }


def _hours(community, year: int, day: date) -> tuple[dict, dict]:
    """The year's volunteer hours up to `day`, by month and by the home unit of the members who served them.

    One query grouped by both, added up each way here (two grouped queries over the same rows before).
    """
    rows = (
        Participation.objects.filter(community=community, activity__date__year=year, activity__date__lte=day)
        .annotate(month=ExtractMonth("activity__date"))
        .values_list("month", "member__home_unit__name")
        .annotate(hours=Sum("hours"))
        .order_by("member__home_unit__name")  # the units in the database's order of their names
    )
    monthly: dict[int, Decimal] = defaultdict(Decimal)
    units: dict[str | None, Decimal] = defaultdict(Decimal)
    for month, unit, hours in rows:
        monthly[month] += hours or 0
        units[unit] += hours or 0
    return monthly, units


def hours_per_unit(community, year: int, day: date | None = None) -> BarChart | None:
    """The year's volunteer hours (up to `day`) grouped by the home unit of the party members who served them."""
    day = day or as_of(year)
    return _units_chart(year, _hours(community, year, day)[1])


def _units_chart(year: int, units: dict) -> BarChart | None:
    named = [(name, float(hours)) for name, hours in units.items() if name]
    others = sum(float(hours) for name, hours in units.items() if not name)
    if others:
        named.append((_("Community party members (no unit)"), others))
    if not named:
        return None
    return BarChart(
        _("Volunteer hours per unit, %(year)s") % {"year": year},
        _("Hours served in the year, grouped by the unit where each party member works (in-service members)."),
        [name for name, _hours in named],
        [(_("Volunteer hours"), [hours for _name, hours in named])],
        horizontal=True,
    )


SECTIONS = [
    Section("roster", _lazy("Big committee and volunteers"), "members/open_section.html", open_figures, order=20),
]
