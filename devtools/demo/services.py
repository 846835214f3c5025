"""Demo data for the service desk: a service guide and a year of requests (fictional people)."""

import random
from datetime import datetime, time, timedelta

from django.utils import timezone

from portal.models import User
from services import workdays
from services.models import (
    FollowUp,
    Rating,
    ReferenceCounter,
    RequestEvent,
    ServiceItem,
    ServiceRequest,
)

from .core import DEMO_PASSWORD

PLACE = "社区党群服务中心一楼 一站式服务窗口"

# name, summary, conditions, materials, working days, home visits
ITEMS = [
    (
        "生育登记",
        "为本社区户籍或常住居民办理生育登记，享受孕产期相关服务。",
        "夫妻一方户籍在本社区，或在本社区居住满半年",
        "夫妻双方居民身份证\n户口簿\n结婚证（未婚生育的提供情况说明）",
        3,
        False,
    ),
    (
        "城乡居民医保参保登记",
        "未参加职工医保的居民参加城乡居民基本医疗保险，协助缴费和信息变更。",
        "未参加职工基本医疗保险的本社区居民\n新生儿出生后可随时参保",
        "居民身份证或户口簿\n新生儿出生医学证明（新生儿参保时）",
        5,
        True,
    ),
    (
        "最低生活保障申请（低保）",
        "家庭人均收入低于当地低保标准的家庭，由社区受理初审后报街道审核。",
        "共同生活家庭成员人均收入低于当地低保标准\n家庭财产状况符合规定",
        "户口簿、家庭成员身份证\n收入证明或无收入情况说明\n家庭财产申报表（窗口领取）\n残疾证、病历等（如有）",
        20,
        True,
    ),
    (
        "残疾人证办理协助",
        "协助残疾人及其家属预约评残、准备材料，行动不便的可上门办理。",
        "本社区户籍的残疾人",
        "居民身份证、户口簿\n近期一寸免冠照片3张\n既往病历或诊断证明",
        15,
        True,
    ),
    (
        "居住证明开具",
        "为在本社区实际居住的居民出具居住情况证明。",
        "在本社区实际居住",
        "居民身份证\n房屋产权证明或租房合同",
        2,
        False,
    ),
    (
        "高龄津贴申领",
        "80周岁以上老年人按月领取高龄津贴，可由家属代办或上门办理。",
        "本社区户籍，年满80周岁",
        "老人居民身份证、户口簿\n本人银行卡（社保卡）\n代办人身份证（代办时）",
        10,
        True,
    ),
    (
        "临时救助申请",
        "因突发事件、意外事故、重大疾病等导致基本生活暂时困难的家庭申请临时救助。",
        "家庭遭遇突发困难，基本生活暂时出现严重困难",
        "申请人身份证、户口簿\n困难情况说明及相关证明（医疗票据等）",
        10,
        True,
    ),
    (
        "老年人优待证办理",
        "60周岁以上老年人办理优待证，享受公交、景点等优待。",
        "年满60周岁",
        "居民身份证\n近期一寸免冠照片1张",
        5,
        True,
    ),
    (
        "就业失业登记",
        "为失业居民办理失业登记，提供就业信息和技能培训报名。",
        "法定劳动年龄内、有劳动能力和就业要求的失业人员",
        "居民身份证\n解除劳动合同证明（如有）",
        3,
        False,
    ),
    (
        "独生子女父母奖励申请",
        "符合条件的独生子女父母申领奖励扶助金。",
        "只生育一个子女并领取独生子女父母光荣证",
        "夫妻双方身份证、户口簿\n独生子女父母光荣证",
        10,
        False,
    ),
]

RESIDENTS = [
    ("resident2", "13900000011", "赵德顺", "Resident, elderly (居民，高龄老人)"),
    ("resident3", "13900000012", "周晓燕", "Resident (居民，年轻家庭)"),
]

OFFLINE_PEOPLE = [
    ("刘大爷", "13712340001"),
    ("孙桂芝", "13712340002"),
    ("马春生", "13712340003"),
    ("何淑珍", "13712340004"),
    ("高建国", "13712340005"),
    ("吴秀英", "13712340006"),
    ("郑玉兰", "13712340007"),
    ("冯长友", "13712340008"),
]

POOR_COMMENT = "上门时间一改再改，等了很久。"

APPEALS = [
    "3号楼2单元楼道灯坏了一个多星期，晚上老人上下楼不安全，请尽快修理。",
    "小区东门附近垃圾箱满了没人清运，气味很大。",
    "楼上住户装修噪音太大，中午和晚上也在施工，希望社区协调。",
    "我家暖气不热，室温只有十四度，物业一直没来看。",
    "小区里有人私拉电线给电动车充电，存在火灾隐患。",
    "独居老人家里水管漏水，自己不会处理，请帮忙联系维修。",
]

SUGGESTIONS = [
    "建议在小区中心广场增加几把休息座椅，方便老人歇脚。",
    "希望社区能组织智能手机使用培训，教老人用手机挂号、缴费。",
    "建议在学校门口增设护学岗，早晚高峰车太多。",
    "建议社区食堂增加适合糖尿病老人的低糖菜品。",
]

ADDRESSES = [
    "红星路88号院3号楼2单元401",
    "红星路90号院1号楼1单元102",
    "向阳街12号6号楼3单元502",
    "红星路88号院7号楼1单元301",
]

# status -> share of the ~300 requests (the rest are closed)
STATUS_MIX = [
    ("submitted", 12),
    ("accepted", 10),
    ("in_progress", 22),
    ("waiting", 8),
    ("completed", 10),
    ("delivered", 6),
    ("rejected", 8),
]
TOTAL = 300


def seed_desk(ctx) -> None:
    community = ctx.community
    items = _seed_items(community)
    _seed_residents(ctx)
    if ServiceRequest.objects.filter(community=community).exists():
        return  # already seeded: the demo requests are created once
    _seed_requests(ctx, items)


def _seed_items(community) -> list[ServiceItem]:
    result = []
    for order, (name, summary, conditions, materials, days, home_visit) in enumerate(ITEMS, start=1):
        item, _created = ServiceItem.objects.get_or_create(
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
        result.append(item)
    return result


def _seed_residents(ctx) -> None:
    for key, phone, name, label in RESIDENTS:
        user, created = User.objects.get_or_create(
            phone=phone, defaults={"real_name": name, "community": ctx.community, "is_verified": True}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        ctx.users[key] = user
        ctx.logins.append((label, phone, DEMO_PASSWORD))


def _at(day, rng) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(rng.randint(8, 16), rng.randint(0, 59))))


def _statuses(rng) -> list[str]:
    statuses = [status for status, n in STATUS_MIX for _ in range(n)]
    statuses += ["closed"] * (TOTAL - len(statuses))
    rng.shuffle(statuses)
    return statuses


def _seed_requests(ctx, items: list[ServiceItem]) -> None:
    rng = random.Random(2026)
    community = ctx.community
    staff = [ctx.users["staff"], ctx.users["staff2"], ctx.users["admin"]]
    residents = [ctx.users["resident"], ctx.users["resident2"], ctx.users["resident3"]]
    now = timezone.localdate()
    sequences: dict = {}
    requests, plans = [], []
    overdue_left = 6
    for n, status in enumerate(_statuses(rng)):
        if status in ("accepted", "in_progress") and overdue_left:
            # A handful filed long ago and still running: the desk shows them red.
            overdue_left -= 1
            age = rng.randint(40, 60)
        else:
            age = _age(status, rng)
        filed_day = now - timedelta(days=age)
        sequences[filed_day] = sequences.get(filed_day, 0) + 1
        kind = rng.choices(["service", "appeal", "suggestion"], weights=[70, 20, 10])[0]
        item = rng.choice(items) if kind == "service" else None
        channel = rng.choices(["online", "phone", "walk_in", "visit"], weights=[45, 25, 20, 10])[0]
        if channel == "online" or n % 7 == 0:
            applicant = residents[n % len(residents)]
            name, phone = applicant.real_name, applicant.phone
        else:
            applicant = None
            name, phone = OFFLINE_PEOPLE[n % len(OFFLINE_PEOPLE)]
        if kind == "service":
            description = f"申请办理{item.name}，材料已基本备齐，请工作人员指导。"
        else:
            description = rng.choice(APPEALS if kind == "appeal" else SUGGESTIONS)
        filed_at = _at(filed_day, rng)
        req = ServiceRequest(
            community=community,
            reference=f"{community.code}{filed_day:%Y%m%d}{sequences[filed_day]:04d}",
            kind=kind,
            item=item,
            channel=channel,
            applicant=applicant,
            applicant_name=name,
            applicant_phone=phone,
            address=rng.choice(ADDRESSES),
            contact_time=rng.choice(["工作日上午", "下午三点以后", "随时", ""]),
            wants_home_visit=channel == "visit" or (item is not None and item.home_visit and n % 5 == 0),
            needs_delivery=channel in ("visit", "phone") and kind == "service" and n % 2 == 0,
            description=description,
            status=status,
            submitted_by=applicant or rng.choice(staff),
            created_at=filed_at,
        )
        plans.append((req.reference, _lifecycle(req, rng, staff, now)))
        requests.append(req)
    _rate(requests, rng)
    ServiceRequest.objects.bulk_create(requests, batch_size=500)
    ReferenceCounter.objects.bulk_create(
        [ReferenceCounter(community=community, day=day, last=last) for day, last in sequences.items()],
        ignore_conflicts=True,
    )
    _store_history(plans, ctx)


def now_moment() -> datetime:
    return timezone.now().replace(minute=0, second=0, microsecond=0)


def _lifecycle(req: ServiceRequest, rng, staff, now) -> list[tuple]:
    """Fill the request's dates and return its timeline as (kind, status, text, author, at, public)."""
    handler = rng.choice(staff)
    filed = req.created_at
    events = [("status", "submitted", f"申请已提交（{req.get_channel_display()}）。", None, filed, True)]
    if req.status == "submitted":
        return events
    if req.status == "rejected":
        req.rejection_reason = "不属于社区受理范围，已告知到区政务服务中心办理。"
        req.closed_at = filed + timedelta(hours=3)
        events.append(("status", "rejected", f"不予受理：{req.rejection_reason}", handler, req.closed_at, True))
        return events
    req.assignee = handler
    # Most are accepted within the working day; never later than a few hours ago.
    req.accepted_at = min(
        filed + timedelta(hours=rng.choice([1, 2, 4, 20, 30])), max(filed, now_moment() - timedelta(hours=4))
    )
    req.due_date, req.due_provisional = workdays.deadline(timezone.localdate(req.accepted_at), req.time_limit())
    events.append(("status", "accepted", "已受理，工作人员将按时限办理。", handler, req.accepted_at, True))
    if req.status == "accepted":
        return events
    moment = req.accepted_at + timedelta(hours=2)
    events.append(("status", "in_progress", "开始办理。", handler, moment, True))
    if req.status == "waiting":
        req.paused_on = timezone.localdate(moment)
        req.missing_materials = "户口簿复印件\n近期一寸照片"
        events.append(("status", "waiting", "请补充：户口簿复印件；近期一寸照片", handler, moment, True))
        return events
    if req.status == "in_progress":
        return events
    done = timezone.make_aware(datetime.combine(req.due_date, time(10))) - timedelta(days=rng.randint(0, 2))
    done = max(min(done, now_moment() - timedelta(days=1)), moment + timedelta(hours=1))
    req.completed_at = done
    events.append(("status", "completed", "已办结。", handler, done, True))
    if req.status == "delivered":
        req.needs_delivery = True
    if req.needs_delivery and req.status in ("delivered", "closed"):
        events.append(("status", "delivered", "已送达上门，居民签收。", handler, done + timedelta(hours=20), True))
    if req.status == "closed":
        req.closed_at = done + timedelta(days=1)
        events.append(("status", "closed", "办结归档。", handler, req.closed_at, True))
    return events


def _age(status: str, rng) -> int:
    """Days since filing: open requests are recent, finished ones spread over the past year."""
    if status in ("submitted", "accepted", "in_progress", "waiting"):
        return rng.randint(1, 6)
    if status in ("completed", "delivered"):
        return rng.randint(5, 20)
    return rng.randint(3, 360)


def _rate(requests, rng) -> None:
    """Most closed requests carry a rating; exactly one poor one, from a resident with an account."""
    scores = [5] * 12 + [4] * 6 + [3] * 2
    closed = [r for r in requests if r.status == "closed"]
    for req in closed:
        if req.applicant_id and rng.random() < 0.85:
            req.rating = rng.choice(scores)
    poor = next(r for r in closed if r.applicant_id)
    poor.rating = 2


def _store_history(plans, ctx) -> None:
    stored = dict(ServiceRequest.objects.filter(community=ctx.community).values_list("reference", "pk"))
    events = [
        RequestEvent(
            request_id=stored[ref], kind=kind, status=status, text=text, author=author, created_at=at, public=public
        )
        for ref, plan in plans
        for kind, status, text, author, at, public in plan
    ]
    RequestEvent.objects.bulk_create(events, batch_size=1000)
    rated = ServiceRequest.objects.filter(community=ctx.community, rating__isnull=False)
    ratings = Rating.objects.bulk_create(
        [
            Rating(
                request=req,
                score=req.rating,
                comment=POOR_COMMENT if req.rating <= 2 else "",
                rated_by=req.applicant,
                created_at=req.closed_at,
            )
            for req in rated
        ]
    )
    poor = next(r for r in ratings if r.score <= 2)
    FollowUp.objects.create(
        community=ctx.community,
        request=poor.request,
        rating=poor,
        owner=ctx.users["admin"],
        due_date=workdays.add_workdays(timezone.localdate(), 3),
    )
