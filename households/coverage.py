"""Coverage of a campaign: households visited of those in scope, by building and by visitor; opinions tallied.

The figures are read from the counts the database keeps (CoverageCount, AnswerCount): a campaign over ten
thousand households reads a few hundred counts, not ten thousand rows.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from operator import itemgetter

from django.db.models import F
from django.db.models.functions import Length

from portal.dashboard import Rate
from portal.models import User

from .models import NOBODY, AnswerCount, Campaign, CoverageCount, Question, Target, door_address

STATUSES = Target.Status.values
FIGURES = ["total", "settled", *STATUSES]


@dataclass
class Tally:
    question: Question
    rows: list[tuple[str, int, Rate]]  # label, count, share of the answers
    total: int


@dataclass
class Coverage:
    """A campaign's households: in all, by building (in address order) and by visitor (nobody yet last).

    Each row has the FIGURES and the rates visited and settled; a building row its id, estate, name and grid, a
    visitor row the assignee's id and name (both None for the households nobody has been given yet).
    """

    totals: dict
    buildings: list[dict]
    visitors: list[dict]


def _with_rates(row: dict) -> dict:
    row["rate"] = Rate(row["visited"], row["total"])
    row["settled_rate"] = Rate(row["settled"], row["total"])
    return row


def of(campaign: Campaign) -> Coverage:
    """The campaign's figures, added up from its counts (a few per building and visitor)."""
    counts = CoverageCount.objects.filter(campaign=campaign, n__gt=0).values_list(
        "building", "building__estate", "building__name", "building__grid", "assignee", "status", "tries", "n"
    )
    totals = dict.fromkeys(FIGURES, 0)
    buildings: dict[int, dict] = {}
    visitors: dict[int, dict] = {}
    settled = {}  # (status, tries) -> whether it counts as settled
    for building, estate, name, grid, assignee, status, tries, n in counts:
        if (status, tries) not in settled:
            settled[status, tries] = Target.counts_as_settled(status, tries, campaign.max_tries)
        if (row := buildings.get(building)) is None:
            row = buildings[building] = {"building": building, "estate": estate, "name": name, "grid": grid}
            row |= dict.fromkeys(FIGURES, 0)
        if (visitor := visitors.get(assignee)) is None:
            visitor = visitors[assignee] = {"assignee": assignee} | dict.fromkeys(FIGURES, 0)
        for figures in (totals, row, visitor):
            figures["total"] += n
            figures[status] += n
            if settled[status, tries]:
                figures["settled"] += n
    people = [pk for pk in visitors if pk != NOBODY]
    names = dict(User.objects.filter(pk__in=people).values_list("pk", "real_name")) if people else {}
    for row in visitors.values():
        row["assignee"] = None if row["assignee"] == NOBODY else row["assignee"]
        row["name"] = names.get(row["assignee"])
    by_address = sorted(buildings.values(), key=itemgetter("estate", "name", "building"))
    by_name = sorted(visitors.values(), key=lambda row: (row["name"] is None, row["name"] or "", row["assignee"] or 0))
    return Coverage(
        totals=_with_rates(totals),
        buildings=[_with_rates(row) for row in by_address],
        visitors=[_with_rates(row) for row in by_name],
    )


def totals(campaign: Campaign) -> dict:
    """The campaign's households in all: the FIGURES, the rate visited and the rate settled."""
    return of(campaign).totals


def opinions(campaign: Campaign, questions: list[Question] | None = None) -> list[Tally]:
    """Answers to the closed questions, counted over the visits where the door was opened."""
    if questions is None:
        questions = list(campaign.questions.all())
    closed = [q for q in questions if q.kind != Question.Kind.TEXT]
    counted = Counter()
    if closed:
        rows = AnswerCount.objects.filter(question__in=closed, n__gt=0).values_list("question", "value", "n")
        counted.update({(question, value): n for question, value, n in rows})
    tallies = []
    for question in closed:
        total = sum(n for (qid, _value), n in counted.items() if qid == question.pk)
        rows = [
            (question.label_for(value), counted[(question.pk, value)], Rate(counted[(question.pk, value)], total))
            for value in question.answer_values()
        ]
        tallies.append(Tally(question, rows, total))
    return tallies


ADDRESS = ["household__building__estate", "household__building__name", "household__entrance", "household__door"]


def _door(row: dict) -> str:
    estate, name, entrance, door = (row[key] for key in ADDRESS)
    return door_address(f"{estate}{name}", entrance, door)


def latest_concerns(campaign: Campaign, limit: int) -> list[dict]:
    """The last concerns raised at the doors: the visit's id, what was said, when, by whom (visitor), where (door),
    and the desk request made of it, if any (reference and status, else None)."""
    rows = (
        campaign.visits.exclude(concerns="")
        .order_by("-visited_at", "-id")
        .values("id", "concerns", "visited_at", "visitor__real_name", *ADDRESS)
        .annotate(reference=F("desk_request__request__reference"), status=F("desk_request__request__status"))
    )
    return [
        {
            "id": row["id"],
            "concerns": row["concerns"],
            "visited_at": row["visited_at"],
            "visitor": row["visitor__real_name"],
            "door": _door(row),
            "request": None if row["reference"] is None else (row["reference"], row["status"]),
        }
        for row in rows[:limit]
    ]


def first_unsettled(campaign: Campaign, buildings: list[dict], limit: int) -> list[dict]:
    """The first households not yet accounted for, in address order: the campaign household's id, its door, its
    status, tries and visitor (None for nobody yet).

    Only the first buildings that have any are read (Coverage.buildings tells which), not the thousands of
    households left in a large campaign.
    """
    chosen, left = [], limit
    for row in buildings:
        if left <= 0:
            break
        if row["total"] > row["settled"]:
            chosen.append(row["building"])
            left -= row["total"] - row["settled"]
    if not chosen:
        return []
    rows = (
        campaign.unsettled()
        .filter(household__building__in=chosen)
        .order_by(*ADDRESS)
        .values("id", "status", "tries", "assignee__real_name", *ADDRESS)
    )
    return [
        {
            "id": row["id"],
            "door": _door(row),
            "status": row["status"],
            "tries": row["tries"],
            "visitor": row["assignee__real_name"],
        }
        for row in rows[:limit]
    ]


def building_grid(campaign: Campaign, building) -> list[tuple[str, list[Target]]]:
    """The building's doors in the campaign, entrance by entrance."""
    targets = (
        campaign.targets.filter(household__building=building)
        .select_related("household", "assignee")
        .order_by("household__entrance", Length("household__door"), "household__door")
    )
    entrances: dict[str, list[Target]] = {}
    for target in targets:
        entrances.setdefault(target.household.entrance, []).append(target)
    return list(entrances.items())
