"""Bench data for Open311: one community of its own whose public item holds as many requests as asked.

`manage.py seed_open311_bench` (run by `make bench` after seed_bench, kept apart so the desk's own bench
data keeps its shape) fills it; `GET requests` is benched on it (100,000 requests by default), all filed
within the API's default 90-day window, so the newest page is found among all of them.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from portal.models import Community
from services.models import ReferenceCounter, RequestEvent, ServiceItem, ServiceRequest

from .core import BenchPage

CODE, NAME = "KF", "开放社区"
CHUNK = 2000
SPAN_DAYS = 89
STATUSES = ["closed"] * 6 + ["completed", "in_progress", "accepted", "submitted"]
SUMMARIES = ["路灯不亮", "楼道灯损坏", "健身器材松动", "井盖缺失", ""]


def seed_open311_bench(requests: int, say=lambda text: None) -> None:
    community, _created = Community.objects.get_or_create(code=CODE, defaults={"name": NAME})
    item, _created = ServiceItem.objects.get_or_create(
        community=community, name="公共设施报修", defaults={"public": True, "summary": "公共设施损坏的报修"}
    )
    have = ServiceRequest.objects.filter(community=community).count()
    missing = requests - have
    if missing <= 0:
        say(f"open311: {have} requests in {NAME} already")
        return
    per_day = -(-(have + missing) // (SPAN_DAYS + 1))
    now = timezone.now()
    for start in range(have, have + missing, CHUNK):
        with transaction.atomic():
            _chunk(community, item, now, per_day, range(start, min(start + CHUNK, have + missing)))
    days = {}
    for n in range(have + missing):
        day = timezone.localdate(now - timedelta(days=n // per_day))
        days[day] = days.get(day, 0) + 1
    ReferenceCounter.objects.bulk_create(
        [ReferenceCounter(community=community, day=day, last=last) for day, last in days.items()],
        update_conflicts=True,
        unique_fields=["community", "day"],
        update_fields=["last"],
    )
    say(f"open311: {missing} requests for {NAME}")


def _chunk(community, item, now, per_day: int, numbers: range) -> None:
    rows = []
    for n in numbers:
        at = now - timedelta(days=n // per_day, seconds=n % per_day)
        rows.append(
            ServiceRequest(
                community=community,
                reference=f"{CODE}{timezone.localdate(at):%Y%m%d}{n % per_day + 1:05d}",
                item=item,
                channel=ServiceRequest.Channel.API,
                applicant_name="热线转办",
                applicant_phone="",
                address=f"幸福路{n % 50 + 1}号{n % 12 + 1}栋{n % 6 + 1}单元{n % 30 + 1}01",
                description="路灯报修",
                public_summary=SUMMARIES[n % len(SUMMARIES)],
                status=STATUSES[n % len(STATUSES)],
                created_at=at,
                due_date=timezone.localdate(at) + timedelta(days=5),
            )
        )
    created = ServiceRequest.objects.bulk_create(rows)
    RequestEvent.objects.bulk_create(
        [
            RequestEvent(
                request=req,
                kind=RequestEvent.Kind.STATUS,
                status=req.status,
                text="已受理。",
                created_at=req.created_at,
            )
            for req in created
        ]
    )


def _listing(fmt: str) -> str:
    # Without seed_open311_bench (seed_bench alone), the demo community's public requests are listed.
    code = CODE if Community.objects.filter(code=CODE).exists() else "HX"
    return f"/open311/v2/requests.{fmt}?jurisdiction_id={code}"


PAGES = [
    BenchPage("open311 GET requests", lambda: _listing("json"), order=26),
    BenchPage("open311 GET requests (XML)", lambda: _listing("xml"), order=27),
]
