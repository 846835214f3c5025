"""Bench-sized desk data: catalogs, residents, and requests with timelines, ratings and attachments.

Proportions follow a busy desk over three years: most requests are closed
(about seven in ten of those with an account rated), a few rejected, the
recent ones still open in every state, a handful overdue. Timelines carry the
status changes plus internal and public notes; one request in seven has
attachment rows (all pointing at one small placeholder file each, so the
pages' links work without writing thousands of files).
"""

from __future__ import annotations

import functools
from datetime import date, datetime, time, timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from portal.models import User
from services import workdays
from services.models import (
    Attachment,
    FollowUp,
    HomeStep,
    Rating,
    ReferenceCounter,
    RequestEvent,
    ServiceItem,
    ServiceRequest,
)

from ..demo.services import ADDRESSES, APPEALS, ITEMS, PLACE, SUGGESTIONS
from .core import BenchPage, BenchSeed, demo_login

CHUNK = 2000
SPAN_DAYS = 3 * 365
RESIDENTS_PER_REQUEST = 0.2  # a resident with an account files five requests in three years
PHONE_PREFIX = "16"  # 16x xxxx xxxx numbers are bench residents only
PHOTO = "bench/placeholder.png"
DOCUMENT = "bench/placeholder.pdf"
SURNAMES = "王李张刘陈杨黄赵周吴徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢"
GIVEN = "桂兰德顺晓燕建国秀英玉兰长友淑珍春生立新丽华志强海燕文博红梅国庆明辉"
SCORES = [5] * 60 + [4] * 25 + [3] * 8 + [2] * 4 + [1] * 3
# a 1x1 PNG and a minimal PDF: enough for the file links of the request page to answer
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415408d763f8ffff3f0005fe02fe"
    "a7d6a4c60000000049454e44ae426082"
)
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\n%%EOF\n"


def seed_desk_bench(bench: BenchSeed) -> None:
    missing = bench.sizes["requests"] - ServiceRequest.objects.count()
    if missing <= 0:
        bench.say(f"requests: {ServiceRequest.objects.count()} already, nothing to add")
        return
    _placeholders()
    counters = {(c, d): n for c, d, n in ReferenceCounter.objects.values_list("community_id", "day", "last")}
    for community, count in bench.split(missing):
        items = _catalog(community)
        residents = _residents(bench, community, max(int(count * RESIDENTS_PER_REQUEST), 1))
        staff = bench.staff[community.pk]
        done = 0
        while done < count:
            size = min(CHUNK, count - done)
            with transaction.atomic():
                _chunk(bench, community, items, residents, staff, counters, size)
            done += size
        bench.say(f"requests: {count} for {community.name}")
    ReferenceCounter.objects.bulk_create(
        [ReferenceCounter(community_id=c, day=d, last=n) for (c, d), n in counters.items()],
        update_conflicts=True,
        unique_fields=["community", "day"],
        update_fields=["last"],
        batch_size=5000,
    )


def _placeholders() -> None:
    for name, content in ((PHOTO, PNG), (DOCUMENT, PDF)):
        if not default_storage.exists(name):
            default_storage.save(name, ContentFile(content))


def _catalog(community) -> list[ServiceItem]:
    for order, (name, summary, conditions, materials, days, home_visit) in enumerate(ITEMS, start=1):
        ServiceItem.objects.get_or_create(
            community=community,
            name=name,
            defaults={
                "summary": summary,
                "conditions": conditions,
                "materials": materials,
                "time_limit_days": days,
                "fee": "免费",
                "place": PLACE,
                "phone": community.phone,
                "home_visit": home_visit,
                "order": order * 10,
            },
        )
    return list(ServiceItem.objects.filter(community=community))


def _residents(bench: BenchSeed, community, wanted: int) -> list[User]:
    """Residents with an account (no usable password), topped up to `wanted` for this community."""
    have = User.objects.filter(community=community, phone__startswith=PHONE_PREFIX).count()
    start = User.objects.filter(phone__startswith=PHONE_PREFIX).count()
    rng = bench.rng
    User.objects.bulk_create(
        [
            User(
                phone=f"{PHONE_PREFIX}{start + n:09d}",
                real_name=rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
                community=community,
                password="!bench",
                is_verified=n % 3 == 0,
            )
            for n in range(max(wanted - have, 0))
        ],
        batch_size=5000,
    )
    return list(
        User.objects.filter(community=community, phone__startswith=PHONE_PREFIX).only("pk", "phone", "real_name")
    )


@functools.cache
def _due(day: date, limit: int) -> date:
    return workdays.add_workdays(day, limit)


def _status(age: int, rng) -> str:
    """Where a request filed `age` days ago stands now."""
    if age <= 2:
        return rng.choices(["submitted", "accepted", "in_progress", "waiting"], [40, 25, 30, 5])[0]
    if age <= 20:
        return rng.choices(
            ["accepted", "in_progress", "waiting", "completed", "delivered", "closed", "rejected"],
            [3, 25, 8, 12, 4, 45, 3],
        )[0]
    # A few old ones still running: the desk's overdue list.
    return rng.choices(["closed", "rejected", "in_progress"], [955, 40, 5])[0]


def _chunk(bench: BenchSeed, community, items, residents, staff, counters, size: int) -> None:
    rng = bench.rng
    now = timezone.now()
    today = timezone.localdate()
    requests, plans = [], []
    for _n in range(size):
        age = min(int(rng.expovariate(1 / 250)), SPAN_DAYS) if rng.random() > 0.02 else rng.randint(0, 2)
        day = today - timedelta(days=age)
        key = (community.pk, day)
        counters[key] = counters.get(key, 0) + 1
        req, plan = _request(rng, community, items, residents, staff, day, counters[key], age, now)
        requests.append(req)
        plans.append(plan)
    ServiceRequest.objects.bulk_create(requests, batch_size=CHUNK)
    events, attachments, steps, ratings = [], [], [], []
    for req, plan in zip(requests, plans, strict=True):
        for kind, status, text, author, at, public in plan:
            events.append(
                RequestEvent(
                    request=req, kind=kind, status=status, text=text, author=author, created_at=at, public=public
                )
            )
        if rng.random() < 0.15:
            for k in range(rng.choice([1, 1, 2])):
                photo = k == 0 and rng.random() < 0.6
                attachments.append(
                    Attachment(
                        request=req,
                        file=PHOTO if photo else DOCUMENT,
                        thumbnail=PHOTO if photo else "",
                        name="现场照片.png" if photo else "申请材料.pdf",
                        uploaded_by=req.applicant,
                        created_at=req.created_at,
                    )
                )
        if req.wants_home_visit and req.accepted_at:
            steps.append(
                HomeStep(
                    request=req,
                    kind=HomeStep.Kind.VISIT,
                    appointment_at=req.accepted_at + timedelta(days=1),
                    staff=req.assignee,
                    note="上门核实情况，代填申请表。",
                    done_at=req.accepted_at + timedelta(days=1) if req.completed_at else None,
                )
            )
        if req.rating:
            ratings.append(
                Rating(
                    request=req,
                    score=req.rating,
                    comment="" if req.rating > 2 else "办理太慢，来回跑了两趟。",
                    rated_by=req.applicant,
                    created_at=req.closed_at,
                )
            )
    RequestEvent.objects.bulk_create(events, batch_size=5000)
    Attachment.objects.bulk_create(attachments, batch_size=5000)
    HomeStep.objects.bulk_create(steps, batch_size=5000)
    Rating.objects.bulk_create(ratings, batch_size=5000)
    FollowUp.objects.bulk_create(
        [
            FollowUp(
                community=community,
                request=r.request,
                rating=r,
                owner=staff[0],
                due_date=_due(timezone.localdate(r.created_at), 5),
                status=FollowUp.Status.RESOLVED if r.created_at < now - timedelta(days=10) else FollowUp.Status.OPEN,
                resolution="已回访，居民表示理解，流程已改进。",
                created_at=r.created_at,
            )
            for r in ratings
            if r.score <= 2
        ],
        batch_size=5000,
    )


def _request(rng, community, items, residents, staff, day, seq, age, now) -> tuple[ServiceRequest, list]:
    kind = rng.choices(["service", "appeal", "suggestion"], [70, 20, 10])[0]
    item = rng.choice(items) if kind == "service" else None
    channel = rng.choices(["online", "phone", "walk_in", "visit"], [45, 25, 20, 10])[0]
    applicant = rng.choice(residents) if channel == "online" or rng.random() < 0.3 else None
    name = applicant.real_name if applicant else rng.choice(SURNAMES) + rng.choice(GIVEN)
    phone = applicant.phone if applicant else f"137{rng.randint(0, 99999999):08d}"
    filed = timezone.make_aware(datetime.combine(day, time(rng.randint(8, 17), rng.randint(0, 59))))
    filed = min(filed, now - timedelta(minutes=5))
    if kind == "service":
        description = f"申请办理{item.name}，材料已基本备齐，请工作人员指导。"
    else:
        description = rng.choice(APPEALS if kind == "appeal" else SUGGESTIONS)
    req = ServiceRequest(
        community=community,
        reference=f"{community.code}{day:%Y%m%d}{seq:04d}",
        kind=kind,
        item=item,
        channel=channel,
        applicant=applicant,
        applicant_name=name,
        applicant_phone=phone,
        address=rng.choice(ADDRESSES),
        wants_home_visit=channel == "visit",
        needs_delivery=channel == "visit" and kind == "service" and rng.random() < 0.5,
        description=description,
        status=_status(age, rng),
        submitted_by=applicant or rng.choice(staff),
        created_at=filed,
    )
    return req, _lifecycle(req, rng, staff, now)


def _lifecycle(req: ServiceRequest, rng, staff, now) -> list[tuple]:
    """Fill the request's dates and return its timeline as (kind, status, text, author, at, public)."""
    handler = rng.choice(staff)
    filed = req.created_at
    events = [("status", "submitted", f"申请已提交（{req.get_channel_display()}）。", req.applicant, filed, True)]
    if req.status == "submitted":
        return events
    if req.status == "rejected":
        req.rejection_reason = "不属于社区受理范围，已告知到区政务服务中心办理。"
        req.closed_at = filed + timedelta(hours=3)
        events.append(("status", "rejected", f"不予受理：{req.rejection_reason}", handler, req.closed_at, True))
        return events
    req.assignee = handler
    req.accepted_at = min(filed + timedelta(hours=rng.choice([1, 2, 4, 20, 30])), now - timedelta(minutes=1))
    limit = req.item.time_limit_days if req.item else 5
    req.due_date = _due(timezone.localdate(req.accepted_at), limit)
    events.append(("status", "accepted", "已受理，工作人员将按时限办理。", handler, req.accepted_at, True))
    if rng.random() < 0.3:
        events.append(("assign", "", f"转交{handler.real_name}办理。", staff[0], req.accepted_at, False))
    if req.status == "accepted":
        return events
    moment = min(req.accepted_at + timedelta(hours=2), now)
    events.append(("status", "in_progress", "开始办理。", handler, moment, True))
    if rng.random() < 0.4:
        events.append(("note", "", "已电话联系居民，约定材料递交时间。", handler, moment, True))
    if rng.random() < 0.2:
        events.append(("note", "", "需街道复核，已报送。", handler, moment, False))
    if req.status == "waiting":
        req.paused_on = timezone.localdate(moment)
        req.missing_materials = "户口簿复印件\n近期一寸照片"
        events.append(("status", "waiting", "请补充：户口簿复印件；近期一寸照片", handler, moment, True))
        return events
    if req.status == "in_progress":
        return events
    done = timezone.make_aware(datetime.combine(req.due_date, time(10))) - timedelta(days=rng.randint(0, 3))
    done = max(min(done, now - timedelta(hours=2)), moment)
    req.completed_at = done
    events.append(("status", "completed", "已办结。", handler, done, True))
    if req.needs_delivery and req.status in ("delivered", "closed"):
        events.append(("status", "delivered", "已送达上门，居民签收。", handler, done, True))
    elif req.status == "delivered":
        req.status = "completed"
    if req.status == "closed":
        req.closed_at = min(done + timedelta(days=1), now)
        events.append(("status", "closed", "办结归档。", handler, req.closed_at, True))
        if req.applicant_id and rng.random() < 0.7:
            req.rating = rng.choice(SCORES)
            events.append(("rating", "closed", "已评价。", req.applicant, req.closed_at, True))
    return events


# --- the desk's pages in `manage.py bench` ---


def a_finished_request() -> ServiceRequest:
    """A rated request of the demo community, with attachments if any: the longest timeline a page shows."""
    rated = ServiceRequest.objects.filter(community__code="HX", status="closed", rating__isnull=False)
    rated = rated.exclude(applicant=None).order_by("-created_at")
    return rated.filter(attachments__isnull=False).first() or rated.first()


def _tracking_form() -> dict:
    req = a_finished_request()
    return {"ref": req.reference, "digits": req.applicant_phone[-4:]}


def _staff():
    return demo_login("staff")


PAGES = [
    BenchPage("catalog", lambda: "/services/", order=20),
    BenchPage("desk", lambda: "/services/desk/", _staff, order=21),
    BenchPage("desk filtered", lambda: "/services/desk/?kind=appeal&status=closed&page=3", _staff, order=22),
    BenchPage("request", lambda: a_finished_request().get_absolute_url(), _staff, order=23),
    BenchPage("my requests", lambda: "/services/mine/", lambda: demo_login("resident"), order=24),
    BenchPage("tracking", lambda: "/services/track/", order=25, form=_tracking_form),
]
