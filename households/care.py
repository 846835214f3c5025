"""The care list (关爱对象): vulnerable households, their paired party member and when the next visit is due."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.dashboard import Rate

from .models import CARE_TAGS, CarePairing, Household, HouseholdTag

DUE_SOON_DAYS = 7

__all__ = ["CARE_TAGS", "pairing_of", "with_due", "due_panel", "open_figures"]


@dataclass
class Due:
    pairing: CarePairing
    next_due: date
    overdue: bool


def pairing_of(household: Household) -> CarePairing | None:
    try:
        return household.pairing
    except CarePairing.DoesNotExist:
        return None


def with_due(pairings) -> list[Due]:
    today = timezone.localdate()
    rows = [Due(p, p.next_due, p.next_due < today) for p in pairings]
    return sorted(rows, key=lambda row: row.next_due)


def _due_by(community_id: int, day: date):
    """Pairings whose next visit falls on or before `day`: last visit (or the pairing's start) + cadence."""
    pairings = CarePairing.objects.filter(community_id=community_id)
    return pairings.filter(_due_condition(_cadences(pairings), day))


def _cadences(pairings) -> list[int]:
    return list(pairings.values_list("cadence_days", flat=True).distinct())


def _due_condition(cadences: list[int], day: date) -> Q:
    # next_due = coalesce(last_visit_on, started_on) + cadence_days, written without database date arithmetic:
    # the cadence is one of a few values, so the bound is checked per cadence.
    condition = Q(pk__in=[])
    for days in cadences:
        bound = day - timedelta(days=days)
        condition |= Q(cadence_days=days) & (
            Q(last_visit_on__lte=bound) | Q(last_visit_on__isnull=True, started_on__lte=bound)
        )
    return condition


def due_panel(user) -> dict:
    """The work page: care visits due within a week or overdue, the most overdue first."""
    today = timezone.localdate()
    due = list(
        _due_by(user.community_id, today + timedelta(days=DUE_SOON_DAYS)).select_related(
            "household__building", "member"
        )
    )
    rows = sorted(with_due(due), key=lambda row: row.next_due)
    overdue = sum(row.overdue for row in rows)
    return {
        "count": len(rows),
        "unit": _("care visits due or overdue (%(n)s overdue)") % {"n": overdue},
        "rows": [
            {
                "url": reverse("households:household", args=[row.pairing.household_id]),
                "label": str(row.pairing.household),
                "note": _("%(member)s · due %(day)s") % {"member": row.pairing.member, "day": row.next_due.isoformat()},
                "alert": _("Overdue") if row.overdue else "",
            }
            for row in rows[:8]
        ],
        "empty": _("No care visit is due this week."),
        "link": reverse("households:care"),
        "link_label": _("The care list"),
    }


def open_figures(community, year: int) -> dict:
    """/open/: how many vulnerable households are paired and visited on time. Counts only, no names or tags."""
    today = timezone.localdate()
    cared = HouseholdTag.objects.filter(community=community, tag__in=CARE_TAGS).values("household").distinct().count()
    pairings = CarePairing.objects.filter(community=community)
    cadences = _cadences(pairings)
    counts = {"paired": 0, "overdue": 0, "visits": 0}  # no cadence in use: no pairing at all
    if cadences:
        counts = pairings.aggregate(
            paired=Count("id"),
            overdue=Count("id", filter=_due_condition(cadences, today - timedelta(days=1))),
            visits=Count("id", filter=Q(last_visit_on__year=year)),  # pairings visited this year
        )
    paired, overdue, visits = counts["paired"], counts["overdue"], counts["visits"]
    return {
        "cared": cared,
        "paired": Rate(paired, cared),
        "on_time": Rate(paired - overdue, paired),
        "visited_in_year": visits,
        "year": year,
    }
