"""Plain makers for door-to-door tests: a grid, a building of households, a campaign under way."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from households.models import Building, Campaign, CarePairing, Grid, Household, HouseholdTag, Member, Question


def building(community, name: str = "1栋", *, worker=None, estate: str = "红星小区", doors: int = 4) -> Building:
    grid, _created = Grid.objects.get_or_create(community=community, name=f"{estate}网格", defaults={"worker": worker})
    b = Building.objects.create(community=community, estate=estate, name=name, grid=grid)
    for n in range(1, doors + 1):
        h = Household.objects.create(community=community, building=b, entrance="1", door=f"{100 + n}", name=f"住户{n}")
        Member.objects.create(community=community, household=h, name=f"户主{n}", phone=f"1391111{n:04d}")
    return b


def tag(household: Household, value: str) -> HouseholdTag:
    return HouseholdTag.objects.create(community=household.community, household=household, tag=value)


def campaign(community, *, staff, buildings, visitor=None, open_it: bool = True, max_tries: int = 2) -> Campaign:
    today = timezone.localdate()
    c = Campaign.objects.create(
        community=community,
        title="加装电梯征求意见",
        starts_on=today - timedelta(days=1),
        ends_on=today + timedelta(days=20),
        scope=Campaign.Scope.BUILDINGS,
        max_tries=max_tries,
        created_by=staff,
    )
    c.scope_buildings.set(buildings)
    Question.objects.create(campaign=c, order=1, kind=Question.Kind.OPINION, text="您是否同意加装电梯？")
    Question.objects.create(campaign=c, order=2, kind=Question.Kind.CHOICE, text="优先改造", options="屋面\n外墙")
    Question.objects.create(campaign=c, order=3, kind=Question.Kind.TEXT, text="其他意见")
    if open_it:
        c.open(by=staff)
        if visitor is not None:
            c.assign(staff, visitor, c.targets.all())
    return c


def pairing(household: Household, member, *, days_ago: int = 40, cadence: int = 30) -> CarePairing:
    today = timezone.localdate()
    return CarePairing.objects.create(
        community=household.community,
        household=household,
        member=member,
        cadence_days=cadence,
        started_on=today - timedelta(days=200),
        last_visit_on=today - timedelta(days=days_ago),
    )
