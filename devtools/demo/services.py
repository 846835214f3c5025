"""Demo data for the service desk: a service guide and a year of requests (fictional people)."""

import random
from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext

from portal.models import User
from portal.notify import notify
from services import workdays
from services.models import (
    FOLLOW_UP_DAYS,
    FollowUp,
    Rating,
    ReferenceCounter,
    RequestEvent,
    ServiceItem,
    ServiceRequest,
)

from . import clock, residents
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

# What the demo logins ask the desk for, by their situation: service items by name, or a kind.
PROFILES = {
    "13900000010": ["老年人优待证办理", "居住证明开具", "appeal", "suggestion", "appeal"],
    "13900000011": ["高龄津贴申领", "残疾人证办理协助", "临时救助申请", "appeal", "suggestion"],
    "13900000012": ["生育登记", "城乡居民医保参保登记", "高龄津贴申领", "suggestion", "appeal"],
}
# 周晓燕 files her father's old-age allowance for him (亲属代办); he lives with her and has no smartphone.
ON_BEHALF = {("13900000012", "高龄津贴申领"): ("周德厚", "13810460295", ServiceRequest.Relation.CHILD)}
LOGIN_EVERY = 20  # one request in twenty is a demo login's, so each has a handful to show

# What people write when they apply for each service item.
ITEM_REQUESTS = {
    "生育登记": ["孩子预产期在下个月，想先办生育登记。", "二孩生育登记，夫妻双方户口都在本社区。"],
    "城乡居民医保参保登记": ["孩子刚出生，办理新生儿医保参保。", "单位辞职后想参加居民医保，请问怎么缴费。"],
    "最低生活保障申请（低保）": [
        "老伴去世后一个人生活，没有退休金，申请低保。",
        "丈夫重病不能工作，家里没有收入，申请低保。",
    ],
    "残疾人证办理协助": ["母亲中风后行动不便，想办残疾人证，需要预约评残。", "孩子听力残疾，申请办理残疾人证。"],
    "居住证明开具": ["孩子上学报名需要居住证明。", "办理居住证需要社区开具居住证明。"],
    "高龄津贴申领": ["父亲今年满80周岁，申领高龄津贴，老人行动不便。", "本人今年满80岁，申请高龄津贴。"],
    "临时救助申请": ["家里失火，衣物家具烧毁，申请临时救助。", "孩子住院花了很多钱，生活暂时困难，申请临时救助。"],
    "老年人优待证办理": ["今年满60岁，办理老年人优待证。", "帮母亲办理老年人优待证，照片已准备好。"],
    "就业失业登记": ["公司裁员，办理失业登记，想报名技能培训。", "毕业后还没找到工作，办理失业登记。"],
    "独生子女父母奖励申请": ["夫妻都已退休，申请独生子女父母奖励。", "今年满60周岁，申领独生子女父母奖励扶助金。"],
}

APPEALS = [
    "3栋2单元楼道灯坏了一个多星期，晚上老人上下楼不安全，请尽快修理。",
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

ADDRESSES = [door.address for door in residents.doors()[::37]]  # a spread of real doors, for the bench

# status -> share of the ~300 requests (the rest are closed)
STATUS_MIX = [
    ("submitted", 5),
    ("accepted", 10),
    ("in_progress", 22),
    ("waiting", 8),
    ("completed", 10),
    ("delivered", 6),
    ("rejected", 8),
]
TOTAL = 300

# Ratings: (score, solved, comment). Most are good; a few poor ones open a follow-up (回访整改).
GOOD_RATINGS = [
    (5, True, ""),
    (5, True, "工作人员很耐心，一次就办好了。"),
    (5, True, "上门办理，省了老人跑腿。"),
    (4, True, ""),
    (4, True, "办得挺快，就是材料清单可以说得再清楚些。"),
    (3, True, "办好了，等的时间稍长。"),
    (3, False, "态度不错，但问题还没彻底解决。"),
]
POOR_RATINGS = [
    (2, False, "上门时间一改再改，等了很久。", "已向居民道歉，调整上门预约流程，改为提前一天电话确认。"),
    (2, False, "说好三天修好，一个星期了楼道灯还是不亮。", "已联系物业更换灯具并回访，居民表示认可。"),
    (1, False, "电话打了好几次都没人接。", "窗口增设专线，午休时间安排专人值守，已回访说明。"),
    (2, True, "事情办了，但让我来回跑了三趟。", ""),  # the latest: its follow-up is still open
]


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
    # Household heads who registered: they file online; their password is nobody's to know.
    for door in residents.doors():
        if door.has_account and door.phone not in residents.HOMES:
            user, created = User.objects.get_or_create(
                phone=door.phone, defaults={"real_name": door.head, "community": ctx.community, "is_verified": True}
            )
            if created:
                user.set_unusable_password()
                user.save(update_fields=["password"])


def _filing_time(day, channel: str, rng) -> datetime:
    """Online filings come whenever residents have time (07:30–21:30); phone calls, visits to the window
    and door-to-door visits come when the office is open."""
    if channel == "online":
        return clock.at(day, rng.randint(7, 20), rng.randint(30, 59))
    return clock.office(clock.at(day, rng.randint(8, 16), rng.randint(30, 59)))


def _statuses(rng) -> list[str]:
    statuses = [status for status, n in STATUS_MIX for _ in range(n)]
    statuses += ["closed"] * (TOTAL - len(statuses))
    rng.shuffle(statuses)
    return statuses


def _seed_requests(ctx, items: list[ServiceItem]) -> None:
    rng = random.Random(2026)
    community = ctx.community
    staff = [ctx.users["staff"], ctx.users["staff2"], ctx.users["admin"]]
    residents_by_phone = {ctx.users[key].phone: ctx.users[key] for key in ("resident", "resident2", "resident3")}
    accounts = {user.phone: user for user in User.objects.filter(community=community, phone__startswith="1361000")}
    others = [door for door in residents.doors() if door.phone not in residents.HOMES]
    online = [door for door in others if door.has_account]
    offline = others
    items_by_name = {item.name: item for item in items}
    now = timezone.now()
    sequences: dict = {}
    requests, plans = [], []
    overdue_left = 3
    for n, status in enumerate(_statuses(rng)):
        if status == "in_progress" and overdue_left:
            # A handful filed long ago and still running: the desk shows them red.
            overdue_left -= 1
            age = rng.randint(40, 60)
        else:
            age = _age(status, rng)
        channel = rng.choices(["online", "phone", "walk_in", "visit"], weights=[45, 25, 20, 10])[0]
        if n % LOGIN_EVERY == 0:
            applicant = residents_by_phone[list(PROFILES)[(n // LOGIN_EVERY) % len(PROFILES)]]
            asks = PROFILES[applicant.phone][(n // (LOGIN_EVERY * len(PROFILES))) % len(PROFILES[applicant.phone])]
            kind = asks if asks in ("appeal", "suggestion") else "service"
            item = items_by_name.get(asks)
        else:
            kind = rng.choices(["service", "appeal", "suggestion"], weights=[70, 20, 10])[0]
            if status == "delivered":
                kind = "service"  # only a service's result is taken to the door
            item = rng.choice(items) if kind == "service" else None
            door = rng.choice(online if channel == "online" else offline)
            applicant = accounts.get(door.phone)
        if channel == "online" and applicant is None:
            channel = "phone"
        if status == "submitted" and applicant is not None:
            # Not yet accepted: filed online since the desk last worked.
            channel, filed_at = "online", _waiting_since(now, n)
        elif status == "submitted":
            # A call or a visit to the window a moment ago, not yet accepted.
            filed_at = clock.last_office_moment(now) - timedelta(minutes=5 + n % 40)
        else:
            filed_at = _filing_time(timezone.localdate(now) - timedelta(days=age), channel, rng)
            filed_at = min(filed_at, clock.last_office_moment(now) - timedelta(hours=4))
        filed_day = timezone.localdate(filed_at)
        sequences[filed_day] = sequences.get(filed_day, 0) + 1
        home = residents.door_of(applicant.phone) if applicant else door
        name, phone, address = home.head, home.phone, home.address
        served = ON_BEHALF.get((applicant.phone, item.name)) if applicant and item else None
        if served:
            description = "父亲今年满80周岁，申领高龄津贴，老人行动不便，希望上门核实。"
        elif kind == "service":
            description = rng.choice(ITEM_REQUESTS.get(item.name, [f"申请办理{item.name}。"]))
        else:
            description = rng.choice(APPEALS if kind == "appeal" else SUGGESTIONS)
        req = ServiceRequest(
            community=community,
            reference=f"{community.code}{filed_day:%Y%m%d}{sequences[filed_day]:04d}",
            kind=kind,
            item=item,
            channel=channel,
            applicant=applicant,
            applicant_name=name,
            applicant_phone=phone,
            served_name=served[0] if served else "",
            served_phone=served[1] if served else "",
            served_relation=served[2] if served else "",
            address=address,
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
    ratings = _rate(requests, rng, now)
    ServiceRequest.objects.bulk_create(requests, batch_size=500)
    ReferenceCounter.objects.bulk_create(
        [ReferenceCounter(community=community, day=day, last=last) for day, last in sequences.items()],
        ignore_conflicts=True,
    )
    _store_history(plans, ratings, ctx)


def _waiting_since(now: datetime, n: int) -> datetime:
    """A moment since the desk last worked, in the hours residents file online (07:30–21:30)."""
    moment = max(clock.last_office_moment(now), now - timedelta(hours=3)) + timedelta(minutes=7 + n % 20)
    moment = min(moment, now - timedelta(minutes=10))
    local = timezone.localtime(moment)
    if local.hour < 7 or local.hour >= 22:
        moment = clock.at(local.date() - timedelta(days=1 if local.hour < 7 else 0), 21, 10 + n % 20)
    return moment


def _lifecycle(req: ServiceRequest, rng, staff, now) -> list[tuple]:
    """Fill the request's dates and return its timeline as (kind, status, text, author, at, public).

    Desk work happens on working days in office hours and before the last office hour that has passed.
    """
    handler = rng.choice(staff)
    filed = req.created_at
    events = [("status", "submitted", f"申请已提交（{req.get_channel_display()}）。", None, filed, True)]
    if req.status == "submitted":
        return events
    if req.status == "rejected":
        req.rejection_reason = "不属于社区受理范围，已告知到区政务服务中心办理。"
        req.closed_at = clock.done_by(filed + timedelta(hours=3), now)
        events.append(("status", "rejected", f"不予受理：{req.rejection_reason}", handler, req.closed_at, True))
        return events
    req.assignee = handler
    # Most are accepted within the working day.
    req.accepted_at = clock.done_by(filed + timedelta(hours=rng.choice([1, 2, 4, 20, 30])), now)
    req.due_date, req.due_provisional = workdays.deadline(timezone.localdate(req.accepted_at), req.time_limit())
    events.append(("status", "accepted", "已受理，工作人员将按时限办理。", handler, req.accepted_at, True))
    if req.status == "accepted":
        return events
    # Each step is done_by() a moment after the one before: in office hours, in order, none after the last office hour.
    moment = clock.done_by(req.accepted_at + timedelta(hours=1), now)
    events.append(("status", "in_progress", "开始办理。", handler, moment, True))
    if req.status == "waiting":
        req.paused_on = timezone.localdate(moment)
        req.missing_materials = "户口簿复印件\n近期一寸照片"
        events.append(("status", "waiting", "请补充：户口簿复印件；近期一寸照片", handler, moment, True))
        return events
    if req.status == "in_progress":
        return events
    planned = clock.at(req.due_date, 10) - timedelta(days=rng.randint(0, 2))
    done = max(clock.done_by(planned, now), clock.done_by(moment + timedelta(minutes=40), now))
    req.completed_at = done
    events.append(("status", "completed", "已办结。", handler, done, True))
    if req.status == "delivered":
        req.needs_delivery = True
    last = done
    if req.needs_delivery and req.status in ("delivered", "closed"):
        last = clock.done_by(done + timedelta(hours=20), now)
        events.append(("status", "delivered", "已送达上门，居民签收。", handler, last, True))
    if req.status == "closed":
        req.closed_at = clock.done_by(last + timedelta(days=1), now)
        events.append(("status", "closed", "办结归档。", handler, req.closed_at, True))
    return events


def _age(status: str, rng) -> int:
    """Days since filing: open requests are recent, finished ones spread over the past year."""
    if status in ("accepted", "in_progress", "waiting"):
        return rng.randint(1, 6)
    if status in ("completed", "delivered"):
        return rng.randint(5, 20)
    if status == "closed":
        return rng.randint(3, 360)
    return rng.randint(1, 30)


def _rated_at(closed: datetime, hours: int, now: datetime) -> datetime:
    """When the resident rated: some hours after the request closed, between 08:00 and 20:00, never ahead of now."""
    moment = closed + timedelta(hours=hours)
    local = timezone.localtime(moment)
    if local.hour >= 20:
        moment = clock.at(local.date() + timedelta(days=1), 8, 20)
    elif local.hour < 8:
        moment = clock.at(local.date(), 8, 20)
    latest = now - timedelta(minutes=20)
    if moment > latest:
        local = timezone.localtime(latest)
        moment = latest if 8 <= local.hour < 20 else max(closed, clock.at(local.date(), 19, 40))
        moment = min(moment, latest)
    return max(moment, closed)


def _rate(requests, rng, now) -> dict:
    """Most closed requests of residents with an account carry a rating, with the answer to "was your problem
    solved?"; a few are poor and open a follow-up. Returns reference -> (score, solved, comment, at, redress)."""
    closed = sorted(
        (r for r in requests if r.status == "closed" and r.applicant_id), key=lambda r: r.closed_at, reverse=True
    )
    ratings = {}
    # The latest closed request is rated by this morning, so this year's 解决率 has an answer from 1 January on.
    for index, req in enumerate(closed):
        if index and rng.random() >= 0.85:
            continue
        score, solved, comment = rng.choices(GOOD_RATINGS, weights=[30, 15, 8, 20, 10, 8, 6])[0]
        ratings[req.reference] = (score, solved, comment, _rated_at(req.closed_at, 17 if index == 0 else 2, now), "")
    rated = list(ratings)
    # Poor ratings: spread over the year, the newest one still waiting for its follow-up.
    poor_refs = [rated[0], rated[len(rated) // 3], rated[len(rated) // 2], rated[(2 * len(rated)) // 3]]
    for ref, (score, solved, comment, redress) in zip(reversed(poor_refs), POOR_RATINGS, strict=True):
        ratings[ref] = (score, solved, comment, ratings[ref][3], redress)
    for req in closed:
        if req.reference in ratings:
            req.rating = ratings[req.reference][0]
    return ratings


def _store_history(plans, ratings: dict, ctx) -> None:
    stored = dict(ServiceRequest.objects.filter(community=ctx.community).values_list("reference", "pk"))
    events = [
        RequestEvent(
            request_id=stored[ref], kind=kind, status=status, text=text, author=author, created_at=at, public=public
        )
        for ref, plan in plans
        for kind, status, text, author, at, public in plan
    ]
    requests = ServiceRequest.objects.in_bulk([stored[ref] for ref in ratings])
    admin = ctx.users["admin"]
    for ref, (score, solved, comment, at, redress) in sorted(ratings.items(), key=lambda item: item[1][3]):
        req = requests[stored[ref]]
        rating = Rating.objects.create(
            request=req, score=score, solved=solved, comment=comment, rated_by=req.applicant, created_at=at
        )
        said = gettext("Rated “%(score)s”.") % {"score": rating.get_score_display()}
        events.append(
            RequestEvent(
                request=req,
                kind=RequestEvent.Kind.RATING,
                status="closed",
                text=f"{said} {comment}".strip(),
                author=req.applicant,
                created_at=at,
                public=True,
            )
        )
        if score <= Rating.Score.DISSATISFIED:
            _follow_up(ctx, req, rating, admin, redress, events)
    RequestEvent.objects.bulk_create(events, batch_size=1000)


def _follow_up(ctx, req, rating, admin, redress: str, events: list) -> None:
    """回访整改 after a poor rating: done and described for the older ones, open for the newest."""
    opened = rating.created_at
    follow_up = FollowUp.objects.create(
        community=ctx.community,
        request=req,
        rating=rating,
        owner=admin,
        due_date=workdays.add_workdays(timezone.localdate(opened), FOLLOW_UP_DAYS),
        created_at=opened,
    )
    events.append(
        RequestEvent(
            request=req,
            kind=RequestEvent.Kind.NOTE,
            text=gettext("Follow-up opened after a poor rating."),
            created_at=opened,
            public=False,
        )
    )
    if not redress:
        with clock.dated(opened):
            notify(
                admin,
                gettext("Follow-up needed: %(ref)s rated “%(score)s”")
                % {"ref": req.reference, "score": rating.get_score_display()},
                rating.comment,
                req.get_absolute_url(),
            )
        return
    done = clock.done_by(opened + timedelta(days=2))
    FollowUp.objects.filter(pk=follow_up.pk).update(
        status=FollowUp.Status.RESOLVED, resolution=redress, resolved_at=done
    )
    events.append(
        RequestEvent(
            request=req,
            kind=RequestEvent.Kind.NOTE,
            text=gettext("Follow-up done: %(text)s") % {"text": redress},
            author=admin,
            created_at=done,
            public=False,
        )
    )
