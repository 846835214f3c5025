"""Bench-sized roster: each neighbour community gets a committee like the demo's; party members,
activities and volunteer hours are topped up to the size asked for, spread over the communities."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from members.models import Activity, CommitteeSeat, Participation, PartyMember, Unit

from ..demo.members import GIVEN, SEATS, SURNAMES, TERM_START, UNITS
from .core import BenchPage, BenchSeed

ACTIVITIES_PER_MEMBER = 0.2
TEAM = (3, 12)
HOURS = [Decimal("1"), Decimal("1.5"), Decimal("2"), Decimal("2.5"), Decimal("3"), Decimal("4")]
ACTIVITY_TITLES = [
    ("志愿服务：小区环境清洁", Activity.Kind.VOLUNTEER),
    ("结对帮扶：走访独居老人", Activity.Kind.PAIRING),
    ("主题党日：重温入党誓词", Activity.Kind.PARTY_DAY),
    ("共建活动：义诊进社区", Activity.Kind.CO_BUILDING),
    ("志愿服务：护学岗执勤", Activity.Kind.VOLUNTEER),
]


def seed_roster_bench(bench: BenchSeed) -> None:
    for community in bench.communities[1:]:
        _committee(community)
    missing = bench.sizes["members"] - PartyMember.objects.count()
    if missing <= 0:
        bench.say(f"party members: {PartyMember.objects.count()} already, nothing to add")
        return
    for community, count in bench.split(missing):
        with transaction.atomic():
            _members(bench, community, count)
            _activities(bench, community, max(int(count * ACTIVITIES_PER_MEMBER), 1))
        bench.say(f"party members: {count} for {community.name}")


@transaction.atomic
def _committee(community) -> None:
    """The demo's units and seats, renamed for a neighbour community (once)."""
    if Unit.objects.filter(community=community).exists():
        return
    own = UNITS[0][0]
    units = {}
    for name, kind, org, level, contact, phone, address, joined in UNITS:
        renamed = community.name if name == own else name
        units[name] = Unit.objects.create(
            community=community,
            name=renamed,
            kind=kind,
            party_org_name=org.replace(own, community.name),
            party_org_level=level,
            contact_name=contact,
            contact_phone=phone,
            address=address,
            joined_on=joined,
        )
    CommitteeSeat.objects.bulk_create(
        [
            CommitteeSeat(
                community=community,
                unit=units[unit_name],
                holder_name=holder,
                holder_title=title,
                role=role,
                term_start=start,
                term_end=end,
            )
            for unit_name, holder, title, role, start, end, _user in SEATS
        ]
    )


def _members(bench: BenchSeed, community, count: int) -> None:
    rng = bench.rng
    units = [u for u in Unit.objects.filter(community=community) if u.kind != Unit.Kind.COMMUNITY]
    K = PartyMember.Kind
    members = []
    for _n in range(count):
        kind = rng.choices([K.COMMUNITY, K.IN_SERVICE, K.MOBILE], [60, 30, 10])[0]
        unit = rng.choice(units) if kind == K.IN_SERVICE and units else None
        members.append(
            PartyMember(
                community=community,
                name=rng.choice(SURNAMES) + rng.choice(GIVEN),
                phone=f"135{rng.randint(0, 99999999):08d}",
                kind=kind,
                home_unit=unit,
                party_org=unit.party_org_name if unit else f"中共{community.name}委员会第{rng.randint(1, 6)}党支部",
                registered_on=TERM_START + timedelta(days=rng.randint(0, 700)) if unit else None,
                status=PartyMember.Status.PENDING if rng.random() < 0.02 else PartyMember.Status.CONFIRMED,
            )
        )
    PartyMember.objects.bulk_create(members, batch_size=2000)


def _activities(bench: BenchSeed, community, count: int) -> None:
    """Activities over the last three years, each with a team of confirmed members and their hours."""
    rng = bench.rng
    today = timezone.localdate()
    units = list(Unit.objects.filter(community=community))
    members = list(
        PartyMember.objects.filter(community=community, status=PartyMember.Status.CONFIRMED).values_list(
            "pk", flat=True
        )
    )
    activities = []
    for _n in range(count):
        title, kind = rng.choice(ACTIVITY_TITLES)
        day = today - timedelta(days=rng.randint(0, 3 * 365))
        activities.append(
            Activity(
                community=community,
                title=f"{title}（{day:%Y年%m月%d日}）",  # seed_demo names its own by month: never the same
                kind=kind,
                date=day,
                place="社区党群服务中心",
                organizer=rng.choice(units) if units else None,
            )
        )
    Activity.objects.bulk_create(activities, batch_size=2000)
    participations = [
        Participation(community=community, activity=activity, member_id=member, hours=rng.choice(HOURS))
        for activity in activities
        for member in rng.sample(members, min(len(members), rng.randint(*TEAM)))
    ]
    Participation.objects.bulk_create(participations, batch_size=5000)


def a_staff_member():
    """Who loads the staff roster pages in the benchmark."""
    from portal.access import STAFF_GROUP
    from portal.models import User

    return User.objects.filter(groups__name=STAFF_GROUP).order_by("pk").first()


PAGES = [
    BenchPage("committee", lambda: "/members/committee/", order=40),
    BenchPage("party members", lambda: "/members/party-members/", user=a_staff_member, order=41),
]
