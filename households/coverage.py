"""Coverage of a campaign: households visited of those in scope, by building and by visitor; opinions tallied."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Q
from django.db.models.functions import Length

from portal.dashboard import Rate

from .models import Answer, Campaign, Outcome, Question, Target

STATUS_COUNTS = {
    "total": Count("id"),
    "visited": Count("id", filter=Q(status=Target.Status.VISITED)),
    "vacant": Count("id", filter=Q(status=Target.Status.VACANT)),
    "absent": Count("id", filter=Q(status=Target.Status.ABSENT)),
    "refused": Count("id", filter=Q(status=Target.Status.REFUSED)),
    "pending": Count("id", filter=Q(status=Target.Status.PENDING)),
}


def _settled(max_tries: int) -> Count:
    return Count("id", filter=Target.settled_q(max_tries))


@dataclass
class Tally:
    question: Question
    rows: list[tuple[str, int, Rate]]  # label, count, share of the answers
    total: int


def totals(campaign: Campaign) -> dict:
    counts = campaign.targets.aggregate(**STATUS_COUNTS, settled=_settled(campaign.max_tries))
    counts["rate"] = Rate(counts["visited"], counts["total"])
    counts["settled_rate"] = Rate(counts["settled"], counts["total"])
    return counts


def by_building(campaign: Campaign) -> list[dict]:
    rows = (
        campaign.targets.values("household__building", "household__building__estate", "household__building__name")
        .annotate(**STATUS_COUNTS, settled=_settled(campaign.max_tries))
        .order_by("household__building__estate", "household__building__name")
    )
    return [{**row, "rate": Rate(row["visited"], row["total"])} for row in rows]


def by_visitor(campaign: Campaign) -> list[dict]:
    rows = (
        campaign.targets.values("assignee", "assignee__real_name")
        .annotate(**STATUS_COUNTS)
        .order_by("assignee__real_name")
    )
    return [{**row, "rate": Rate(row["visited"], row["total"])} for row in rows]


def opinions(campaign: Campaign) -> list[Tally]:
    """Answers to the closed questions, counted over the visits where the door was opened."""
    questions = [q for q in campaign.questions.all() if q.kind != Question.Kind.TEXT]
    counted = Counter(
        {
            (row["question"], row["value"]): row["n"]
            for row in Answer.objects.filter(question__campaign=campaign, visit__outcome=Outcome.VISITED)
            .exclude(question__kind=Question.Kind.TEXT)
            .values("question", "value")
            .annotate(n=Count("id"))
        }
    )
    tallies = []
    for question in questions:
        total = sum(n for (qid, _value), n in counted.items() if qid == question.pk)
        rows = [
            (question.label_for(value), counted[(question.pk, value)], Rate(counted[(question.pk, value)], total))
            for value in question.answer_values()
        ]
        tallies.append(Tally(question, rows, total))
    return tallies


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
