"""Bench-sized door to door: 10,000 households in the demo community and a campaign over all of them,
most doors already visited; the benchmark drives the visit-sync endpoint and that campaign's coverage page."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from households.models import Answer, Building, Campaign, Household, Outcome, Question, Target, Visit

from .core import UNIQUE, BenchPage, BenchSeed, demo_login

HOUSEHOLDS = 10_000  # `seed_bench --households N` asks for another size
ESTATE = "基准小区"
ENTRANCES = 4
DOORS_PER_ENTRANCE = 25
TITLE = "基准走访（一万户）"
PARTY_MEMBER_PHONE = "13900000021"  # the demo party member (devtools/demo/members.py)
CHUNK = 2000


def seed_households_bench(bench: BenchSeed) -> None:
    community = bench.communities[0]
    wanted = bench.sizes.get("households", HOUSEHOLDS)
    have = Household.objects.filter(community=community, building__estate=ESTATE).count()
    if have:
        bench.say(f"households: {have} in {ESTATE} already, nothing to add")
        return
    _households(community, wanted)
    _campaign(bench, community)
    bench.say(f"households: {wanted} in {ESTATE}, with a campaign over all of them")


@transaction.atomic
def _households(community, wanted: int) -> None:
    per_building = ENTRANCES * DOORS_PER_ENTRANCE
    Building.objects.bulk_create(
        [Building(community=community, estate=ESTATE, name=f"{n}栋") for n in range(1, -(-wanted // per_building) + 1)]
    )
    buildings = list(Building.objects.filter(community=community, estate=ESTATE).order_by("pk"))
    rows = [
        Household(
            community=community, building=b, entrance=str(e), door=f"{d // 2 + 1}{d % 2 + 1:02d}", name=f"住户{i}"
        )
        for i, (b, e, d) in enumerate(
            (b, e, d) for b in buildings for e in range(1, ENTRANCES + 1) for d in range(DOORS_PER_ENTRANCE)
        )
    ][:wanted]
    Household.objects.bulk_create(rows, batch_size=CHUNK)


def _status(i: int) -> str:
    bucket = i % 100
    if bucket < 60:
        return Target.Status.VISITED
    if bucket < 70:
        return Target.Status.ABSENT
    if bucket < 75:
        return Target.Status.REFUSED
    if bucket < 78:
        return Target.Status.VACANT
    return Target.Status.PENDING


@transaction.atomic
def _campaign(bench: BenchSeed, community) -> None:
    from portal.models import User

    visitor = User.objects.get(phone=PARTY_MEMBER_PHONE)
    today = timezone.localdate()
    campaign = Campaign.objects.create(
        community=community,
        title=TITLE,
        starts_on=today,
        ends_on=today + timezone.timedelta(days=30),
        scope=Campaign.Scope.BUILDINGS,
        status=Campaign.Status.OPEN,
    )
    campaign.scope_buildings.set(Building.objects.filter(community=community, estate=ESTATE))
    opinion = Question.objects.create(
        campaign=campaign, order=1, kind=Question.Kind.OPINION, text="您对改造方案的意见？"
    )
    yesno = Question.objects.create(campaign=campaign, order=2, kind=Question.Kind.YESNO, text="是否需要上门办理？")
    ids = list(Household.objects.filter(community=community, building__estate=ESTATE).values_list("pk", flat=True))
    Target.objects.bulk_create(
        [
            Target(
                community=community,
                campaign=campaign,
                household_id=pk,
                assignee=visitor if i % 4 == 0 else None,
                status=_status(i),
                tries=1 if _status(i) in (Target.Status.ABSENT, Target.Status.REFUSED) else 0,
            )
            for i, pk in enumerate(ids)
        ],
        batch_size=CHUNK,
    )
    now = timezone.now()
    visits = [
        Visit(
            community=community,
            client_id=f"bench-{pk}",
            visitor=visitor,
            household_id=pk,
            campaign=campaign,
            outcome=_status(i),
            concerns="希望尽快开工" if i % 40 == 0 else "",
            visited_at=now,
        )
        for i, pk in enumerate(ids)
        if _status(i) != Target.Status.PENDING
    ]
    Visit.objects.bulk_create(visits, batch_size=CHUNK)
    visited = Visit.objects.filter(campaign=campaign, outcome=Outcome.VISITED).values_list("pk", flat=True)
    answers = []
    for n, pk in enumerate(visited):
        answers.append(Answer(visit_id=pk, question=opinion, value=["agree", "agree", "concerns", "disagree"][n % 4]))
        answers.append(Answer(visit_id=pk, question=yesno, value="yes" if n % 3 else "no"))
    Answer.objects.bulk_create(answers, batch_size=CHUNK)


def _bench_campaign() -> Campaign:
    return Campaign.objects.get(title=TITLE)


def _sync_form() -> dict:
    """One visit to a door of the bench campaign assigned to the demo party member; the id is new each time."""
    campaign = _bench_campaign()
    target = campaign.targets.filter(assignee__phone=PARTY_MEMBER_PHONE).order_by("pk").first()
    return {
        "id": UNIQUE,
        "household": target.household_id,
        "campaign": campaign.pk,
        "outcome": Outcome.VISITED,
        "answers": "{}",
        "concerns": "",
        "visited_at": timezone.now().isoformat(),
    }


def _party_member():
    from portal.models import User

    return User.objects.get(phone=PARTY_MEMBER_PHONE)


PAGES = [
    BenchPage("visit sync", lambda: "/households/visit/sync/", _party_member, order=60, form=_sync_form),
    BenchPage(
        "campaign coverage",
        # Asked of every page, seeded or not (a roster test lists the pages on the demo alone).
        lambda: f"/households/campaigns/{Campaign.objects.filter(title=TITLE).values_list('pk', flat=True).first()}/",
        lambda: demo_login("staff"),
        order=61,
    ),
]
