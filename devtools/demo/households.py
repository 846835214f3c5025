"""Demo data for door to door: five buildings with 300 households, a campaign under way with the demo
party member among its visitors, a care list with pairings. Made-up people; running it again changes nothing."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from households.models import (
    CARE_TAGS,
    Building,
    Campaign,
    CarePairing,
    Grid,
    Household,
    HouseholdTag,
    Member,
    Outcome,
    Question,
    Tag,
    Target,
    Visit,
)
from members.models import PartyMember
from portal.models import User

from . import clock, names
from .core import DEMO_PASSWORD, SeedContext
from .residents import BUILDINGS, ESTATE, HOMES, doors

TEAM_MEMBER = (
    "team_member",
    "13900000022",
    "周建国",
    "Service-team member (党员服务队)",
)  # renamed after its roster entry
TAG_EVERY = {
    Tag.ELDERLY_ALONE: 17,
    Tag.DISABLED: 29,
    Tag.ALLOWANCE: 23,
    Tag.ENTITLED: 31,
    Tag.VACANT: 37,
    Tag.RENTED: 11,
}
QUESTIONS = [
    (Question.Kind.OPINION, "您对本小区老旧小区改造方案（加装电梯、屋面防水、外墙保温）的意见？", ""),
    (Question.Kind.YESNO, "是否需要社区工作人员上门协助办理相关手续？", ""),
    (Question.Kind.CHOICE, "您最希望优先改造的项目", "屋面防水\n外墙保温\n楼道照明\n停车管理"),
    (Question.Kind.TEXT, "其他意见和建议", ""),
]
CONCERNS = ["担心施工期间噪音影响老人休息", "加装电梯费用如何分摊", "一楼住户担心采光受影响", "希望先修楼道照明"]


def seed_households(ctx: SeedContext) -> None:
    community = ctx.community
    team = _team(ctx)
    with transaction.atomic():
        grids = _grids(ctx)
        if not Household.objects.filter(community=community, building__estate=ESTATE).exists():
            _households(community, grids)
        _care(community, ctx.users["party_member"], team)
        _campaign(ctx, team)


def _team(ctx: SeedContext) -> User:
    key, phone, name, label = TEAM_MEMBER
    user, created = User.objects.get_or_create(
        phone=phone, defaults={"real_name": name, "community": ctx.community, "is_verified": True}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    if not PartyMember.objects.filter(user=user).exists():
        # A community party member of the roster gets the login: the team is drawn from the roster.
        member = (
            PartyMember.objects.filter(community=ctx.community, kind=PartyMember.Kind.COMMUNITY, user__isnull=True)
            .order_by("pk")
            .first()
        )
        member.user = user
        member.save(update_fields=["user"])
        user.real_name = member.name
        user.save(update_fields=["real_name"])
    ctx.users[key] = user
    ctx.logins.append((label, phone, DEMO_PASSWORD))
    return user


def _grids(ctx: SeedContext) -> list[Grid]:
    workers = [ctx.users["staff2"], ctx.users["staff"]]
    grids = []
    for name, worker in zip(["第一网格", "第二网格"], workers, strict=True):
        grid, _created = Grid.objects.get_or_create(community=ctx.community, name=name, defaults={"worker": worker})
        grids.append(grid)
    return grids


def _households(community, grids: list[Grid]) -> None:
    buildings = {}
    for b_index, building_name in enumerate(BUILDINGS):
        buildings[building_name] = Building.objects.create(
            community=community, estate=ESTATE, name=building_name, grid=grids[0 if b_index < 3 else 1]
        )
    all_doors = doors()
    Household.objects.bulk_create(
        Household(
            community=community,
            building=buildings[door.building],
            entrance=door.entrance,
            door=door.door,
            name=door.head,
        )
        for door in all_doors
    )
    households = list(Household.objects.filter(community=community, building__estate=ESTATE).order_by("pk"))
    accounts = {user.phone: user for user in User.objects.filter(community=community)}
    husbands, wives = names.men(300, 200), names.women(300, 200)
    members, tags = [], []
    for i, (household, door) in enumerate(zip(households, all_doors, strict=True), start=1):
        members.append(
            Member(
                community=community,
                household=household,
                name=household.name,
                relation=Member.Relation.HEAD,
                phone=door.phone,
                user=accounts.get(door.phone),
            )
        )
        if i % 3 and door.phone not in HOMES:
            # heads alternate woman, man (names.people); the spouse is of the other sex
            spouse = husbands.pop() if (i - 1) % 2 == 0 else wives.pop()
            members.append(
                Member(community=community, household=household, name=spouse, relation=Member.Relation.SPOUSE)
            )
        for tag, every in TAG_EVERY.items():
            if i % every == 0:
                tags.append(HouseholdTag(community=community, household=household, tag=tag))
    Member.objects.bulk_create(members)
    HouseholdTag.objects.bulk_create(tags)


def _care(community, party_member: User, team: User) -> None:
    today = timezone.localdate()
    cared = Household.objects.filter(community=community, tags__tag__in=CARE_TAGS).distinct().order_by("pk")
    for index, household in enumerate(cared):
        member = party_member if index % 3 == 0 else team
        last = today - timedelta(days=[10, 25, 3, 5, 33, 18, 12][index % 7])  # a few are late
        CarePairing.objects.get_or_create(
            community=community,
            household=household,
            defaults={
                "member": member,
                "cadence_days": 30,
                "started_on": today - timedelta(days=120),
                "last_visit_on": last,
            },
        )


def _campaign(ctx: SeedContext, team: User) -> None:
    community = ctx.community
    today = timezone.localdate()
    campaign, created = Campaign.objects.get_or_create(
        community=community,
        title="老旧小区改造方案入户征求意见",
        defaults={
            "description": "向住户讲解改造方案，逐户听取意见，做到不漏一户。",
            "starts_on": today - timedelta(days=10),
            "ends_on": today + timedelta(days=20),
            "scope": Campaign.Scope.BUILDINGS,
            "created_by": ctx.users["staff2"],
        },
    )
    if not created:
        return
    buildings = list(Building.objects.filter(community=community, estate=ESTATE, name__in=BUILDINGS[:3]))
    campaign.scope_buildings.set(buildings)
    for order, (kind, text, options) in enumerate(QUESTIONS, start=1):
        Question.objects.create(campaign=campaign, order=order, kind=kind, text=text, options=options)
    campaign.open(by=ctx.users["staff2"])
    targets = campaign.targets.select_related("household__building")
    by_building = {b.name: b for b in buildings}
    campaign.assign(
        ctx.users["staff2"], ctx.users["party_member"], targets.filter(household__building=by_building["1栋"])
    )
    campaign.assign(ctx.users["staff2"], team, targets.exclude(household__building=by_building["1栋"]))
    _visits(campaign, team)


def _visits(campaign: Campaign, team: User) -> None:
    """The team member has been through much of 2栋: most doors opened, some not at home, a few refused."""
    questions = list(campaign.questions.all())
    opinion, yesno, choice = questions[0], questions[1], questions[2]
    options = choice.answer_values()
    rows = Target.objects.filter(campaign=campaign, household__building__name="2栋").order_by(
        "household__entrance", "household__door"
    )
    today = timezone.localdate()
    for index, target in enumerate(rows[:48]):
        outcome = Outcome.ABSENT if index % 9 == 4 else Outcome.REFUSED if index % 16 == 7 else Outcome.VISITED
        answers = {}
        if outcome == Outcome.VISITED:
            answers = {
                opinion.pk: ["agree", "agree", "agree", "concerns", "agree", "disagree"][index % 6],
                yesno.pk: "yes" if index % 4 == 0 else "no",
                choice.pk: options[index % len(options)],
            }
        Visit.store(
            visitor=team,
            client_id=f"demo-{campaign.pk}-{target.household_id}",
            fields={
                "household_id": target.household_id,
                "campaign": campaign,
                "outcome": outcome,
                "concerns": CONCERNS[index % len(CONCERNS)] if outcome == Outcome.VISITED and index % 5 == 0 else "",
                # from yesterday back: in the daytime and early evening, when people are at home
                "visited_at": clock.at(today - timedelta(days=1 + index % 8), 9 + (index * 5) % 11, (index * 7) % 60),
            },
            answers=answers,
        )
