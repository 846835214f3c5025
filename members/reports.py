"""Year figures: a member's hours, an agreement's promised versus delivered, a home unit's sheet."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from .models import Activity, Agreement, Commitment, Participation, PartyMember, Post, Unit


def commitments_for_year(agreements: QuerySet, year: int) -> QuerySet:
    """Commitments with what was delivered against them in `year` (activities, hours)."""
    in_year = Q(activities__date__year=year)
    activities = Activity.objects.filter(date__year=year).order_by("date", "pk")
    return (
        Commitment.objects.filter(agreement__in=agreements)
        .annotate(
            delivered=Count("activities", filter=in_year, distinct=True),
            delivered_hours=Sum("activities__participations__hours", filter=in_year),
        )
        .prefetch_related(Prefetch("activities", queryset=activities, to_attr="year_activities"))
    )


def agreements_with_delivery(agreements: QuerySet, year: int) -> QuerySet:
    return agreements.select_related("unit").prefetch_related(
        Prefetch("commitments", queryset=commitments_for_year(agreements, year).order_by("pk"), to_attr="year_items")
    )


@dataclass
class CommitmentLine:
    commitment: Commitment
    delivered: int
    hours: Decimal

    @property
    def promised(self) -> int:
        return self.commitment.activities_per_year

    @property
    def kept(self) -> bool:
        enough_hours = self.commitment.hours_per_year is None or self.hours >= self.commitment.hours_per_year
        return self.delivered >= self.promised and enough_hours


def lines(agreement: Agreement) -> list[CommitmentLine]:
    return [CommitmentLine(c, c.delivered, c.delivered_hours or Decimal("0")) for c in agreement.year_items]


def member_year(member: PartyMember, year: int) -> QuerySet:
    """The member's participations in `year`, newest first, with their activities."""
    return (
        Participation.objects.filter(member=member, activity__date__year=year)
        .select_related("activity", "activity__organizer")
        .order_by("-activity__date", "-pk")
    )


def total_hours(participations) -> Decimal:
    return sum((p.hours for p in participations), Decimal("0"))


def home_unit_members(unit: Unit, year: int) -> QuerySet:
    """The unit's members registered here, with their posts and year totals."""
    in_year = Q(participations__activity__date__year=year)
    return (
        PartyMember.objects.filter(home_unit=unit, community_id=unit.community_id)
        .exclude(status=PartyMember.Status.DECLINED)
        .annotate(
            year_activities=Count("participations", filter=in_year),
            year_hours=Sum("participations__hours", filter=in_year),
        )
        .prefetch_related(Prefetch("posts", queryset=Post.objects.order_by("name")))
        .order_by("name")
    )
