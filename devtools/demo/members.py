"""Demo data for the roster: a believable big committee for the demo community.

Every person and phone number here is made up. Every write goes through
get_or_create on a natural key, so running seed_demo again changes nothing.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from members.models import (
    Activity,
    Agreement,
    Commitment,
    CommitteeSeat,
    Participation,
    PartyMember,
    Post,
    SharedResource,
    Unit,
)
from portal.models import User

from . import clock, names
from .core import DEMO_PASSWORD, SeedContext
from .names import GIVEN, SURNAMES  # noqa: F401 (the bench draws names from them)

K = Unit.Kind
L = Unit.OrgLevel
R = CommitteeSeat.Role

TERM_START = date(2024, 1, 1)  # the committee's current term began with the 2024 re-election

# name, kind, party organization, level, contact, contact phone, address, joined on
UNITS = [
    (
        "红星社区",
        K.COMMUNITY,
        "中共红星社区委员会",
        L.COMMITTEE,
        "刘晓燕",
        "0431-8888 6666",
        "红星路88号",
        date(2018, 3, 1),
    ),
    (
        "示范区税务局向阳税务所",
        K.ORGAN,
        "向阳税务所党支部",
        L.BRANCH,
        "郑文博",
        "0431-8888 1201",
        "向阳大街12号",
        date(2018, 3, 1),
    ),
    (
        "示范区市场监督管理局向阳所",
        K.ORGAN,
        "向阳市场监管所党支部",
        L.BRANCH,
        "孟庆海",
        "0431-8888 1302",
        "向阳大街30号",
        date(2018, 3, 1),
    ),
    (
        "示范区第二人民医院",
        K.INSTITUTION,
        "示范区第二人民医院党委",
        L.COMMITTEE,
        "宋玉洁",
        "0431-8888 2001",
        "红星路120号",
        date(2018, 3, 1),
    ),
    (
        "红星小学",
        K.INSTITUTION,
        "红星小学党总支",
        L.GENERAL_BRANCH,
        "黄晓雯",
        "0431-8888 2102",
        "育才街5号",
        date(2019, 9, 1),
    ),
    (
        "示范供电公司向阳供电所",
        K.STATE_FIRM,
        "向阳供电所党支部",
        L.BRANCH,
        "丁志刚",
        "0431-8888 3001",
        "电力路7号",
        date(2018, 3, 1),
    ),
    (
        "示范水务集团红星营业所",
        K.STATE_FIRM,
        "红星营业所党支部",
        L.BRANCH,
        "韩雪梅",
        "0431-8888 3102",
        "红星路66号",
        date(2020, 5, 1),
    ),
    (
        "红星物业服务有限公司",
        K.PRIVATE_FIRM,
        "红星物业党支部",
        L.BRANCH,
        "范立国",
        "0431-8888 4001",
        "红星路90号",
        date(2019, 1, 1),
    ),
    (
        "向阳智联科技有限公司",
        K.PRIVATE_FIRM,
        "向阳智联党支部",
        L.BRANCH,
        "彭思远",
        "0431-8888 4102",
        "创业街18号",
        date(2021, 7, 1),
    ),
    (
        "红星社区社会工作服务中心",
        K.SOCIAL_ORG,
        "红星社工中心党支部",
        L.BRANCH,
        "曹静怡",
        "0431-8888 5001",
        "红星路88号二楼",
        date(2020, 1, 1),
    ),
    (
        "向阳明理律师事务所",
        K.SOCIAL_ORG,
        "明理律师事务所党支部",
        L.BRANCH,
        "蒋文华",
        "0431-8888 5102",
        "向阳大街56号",
        date(2021, 3, 1),
    ),
]

# unit, holder, position in the unit, role, term from, term to, demo-user key
SEATS = [
    ("红星社区", "王建华", "社区党委书记", R.SECRETARY, TERM_START, None, "admin"),
    ("红星社区", "刘晓燕", "社区党委副书记、居委会主任", R.DEPUTY, TERM_START, None, None),
    ("红星社区", "吴振东", "居民党员代表", R.MEMBER, TERM_START, None, None),
    ("红星社区", "马淑芬", "居民党员代表", R.MEMBER, TERM_START, None, None),
    ("红星社区", "田光明", "退休党员代表", R.MEMBER, TERM_START, None, None),
    ("示范区税务局向阳税务所", "郑文博", "所长", R.DEPUTY, TERM_START, None, "committee_member"),
    ("示范区税务局向阳税务所", "江海燕", "党支部组织委员", R.MEMBER, TERM_START, None, None),
    ("示范区市场监督管理局向阳所", "孟庆海", "党支部书记", R.MEMBER, TERM_START, None, None),
    ("示范区市场监督管理局向阳所", "石丽娟", "副所长", R.MEMBER, TERM_START, None, None),
    ("示范区第二人民医院", "宋玉洁", "党委副书记", R.DEPUTY, TERM_START, None, None),
    ("示范区第二人民医院", "潘国强", "社区卫生科主任", R.MEMBER, TERM_START, None, None),
    ("红星小学", "黄晓雯", "党总支书记、校长", R.MEMBER, TERM_START, None, None),
    ("红星小学", "白玉兰", "德育主任", R.MEMBER, TERM_START, None, None),
    ("示范供电公司向阳供电所", "丁志刚", "党支部书记", R.MEMBER, TERM_START, None, None),
    ("示范供电公司向阳供电所", "袁立伟", "客户服务班长", R.MEMBER, TERM_START, None, None),
    # The one holder change of the term: the water company's secretary retired in mid-2025.
    ("示范水务集团红星营业所", "何建国", "党支部书记", R.MEMBER, TERM_START, date(2025, 6, 30), None),
    ("示范水务集团红星营业所", "韩雪梅", "党支部书记", R.MEMBER, date(2025, 7, 1), None, None),
    ("示范水务集团红星营业所", "卢志强", "营业所主任", R.MEMBER, TERM_START, None, None),
    ("红星物业服务有限公司", "范立国", "党支部书记、总经理", R.MEMBER, TERM_START, None, None),
    ("向阳智联科技有限公司", "彭思远", "党支部书记", R.MEMBER, TERM_START, None, None),
    ("红星社区社会工作服务中心", "曹静怡", "党支部书记、主任", R.MEMBER, TERM_START, None, None),
    ("向阳明理律师事务所", "蒋文华", "党支部书记、主任律师", R.MEMBER, TERM_START, None, None),
]

# key, phone, real name, label for the printed list of logins
ROSTER_USERS = [
    ("committee_member", "13900000020", "郑文博", "Committee member (大党委委员)"),
    ("party_member", "13900000021", "孙丽华", "Party member (在职党员)"),
]


def _demo_user(ctx: SeedContext, key: str, phone: str, name: str, label: str) -> User:
    user, created = User.objects.get_or_create(
        phone=phone, defaults={"real_name": name, "community": ctx.community, "is_verified": True}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    ctx.users[key] = user
    ctx.logins.append((label, phone, DEMO_PASSWORD))
    return user


def seed_units(ctx: SeedContext) -> dict[str, Unit]:
    units = {}
    for name, kind, org, level, contact, phone, address, joined in UNITS:
        units[name], _created = Unit.objects.get_or_create(
            community=ctx.community,
            name=name,
            defaults={
                "kind": kind,
                "party_org_name": org,
                "party_org_level": level,
                "contact_name": contact,
                "contact_phone": phone,
                "address": address,
                "joined_on": joined,
            },
        )
    ctx.units = units
    return units


def seed_seats(ctx: SeedContext, units: dict[str, Unit]) -> None:
    for unit_name, holder, title, role, start, end, user_key in SEATS:
        CommitteeSeat.objects.get_or_create(
            community=ctx.community,
            unit=units[unit_name],
            holder_name=holder,
            term_start=start,
            defaults={
                "holder_title": title,
                "role": role,
                "term_end": end,
                "user": ctx.users.get(user_key) if user_key else None,
            },
        )


def seed_demo_party_member(ctx: SeedContext, units: dict[str, Unit]) -> None:
    user = ctx.users["party_member"]
    PartyMember.objects.get_or_create(
        community=ctx.community,
        user=user,
        defaults={
            "name": user.real_name,
            "phone": user.phone,
            "kind": PartyMember.Kind.IN_SERVICE,
            "home_unit": units["示范区第二人民医院"],
            "party_org": "示范区第二人民医院党委",
            "registered_on": date(2024, 3, 5),
            "status": PartyMember.Status.CONFIRMED,
            "skills": "护理、急救培训",
            "availability": "周六上午",
        },
    )


def seed_roster(ctx: SeedContext) -> None:
    for key, phone, name, label in ROSTER_USERS:
        _demo_user(ctx, key, phone, name, label)
    units = seed_units(ctx)
    seed_seats(ctx, units)
    seed_demo_party_member(ctx, units)
    seed_roster_year(ctx)


# --- party members, posts, agreements, activities -------------------------------------------------------------

POSTS = [
    ("楼栋党员中心户", "联系本楼栋住户，收集意见建议，每月走访一次"),
    ("环境卫生监督岗", "巡查小区环境卫生和垃圾分类，发现问题及时报告"),
    ("矛盾纠纷调解岗", "参与邻里纠纷调解，协助人民调解委员会工作"),
    ("政策宣传岗", "宣传惠民政策，协助居民了解办事流程"),
    ("文明交通劝导岗", "上下学时段在路口劝导文明出行"),
    ("关爱帮扶岗", "结对联系空巢、独居、困难老人，定期探访"),
    ("青少年课后托管岗", "周末和假期辅导社区青少年学习"),
    ("平安巡逻岗", "夜间参与小区治安巡逻"),
]

# Per unit: (kind, what is promised, activities a year, hours a year or None, activity title, activity kind, place)
A = Activity.Kind
C = Commitment.Kind
COMMITMENTS = {
    "示范区税务局向阳税务所": [
        (
            C.EXPERTISE,
            "每季度一次税费政策宣讲",
            4,
            None,
            "税费政策进社区宣讲",
            A.CO_BUILDING,
            "社区党群服务中心",
        ),
        (C.VOLUNTEERS, "选派党员参加社区志愿服务", 6, 60, "税务党员志愿服务", A.VOLUNTEER, "红星小区"),
    ],
    "示范区市场监督管理局向阳所": [
        (C.SERVICE, "每季度开展食品安全进社区检查与宣传", 4, None, "食品安全进社区", A.CO_BUILDING, "红星农贸市场"),
        (C.VOLUNTEERS, "结对帮扶困难家庭", 2, 20, "结对走访困难家庭", A.PAIRING, "红星小区"),
    ],
    "示范区第二人民医院": [
        (C.EXPERTISE, "每季度一次社区义诊和健康讲座", 4, 80, "社区义诊与健康讲座", A.VOLUNTEER, "社区卫生服务站"),
        (C.SERVICE, "为行动不便老人提供上门健康随访", 4, None, "上门健康随访", A.PAIRING, "红星小区"),
    ],
    "红星小学": [
        (C.VENUE, "寒暑假开放操场和阅览室", 2, None, "假期开放操场和阅览室", A.CO_BUILDING, "红星小学"),
        (C.VOLUNTEERS, "教师党员周末课业辅导", 8, 96, "周末课业辅导", A.VOLUNTEER, "社区四点半课堂"),
    ],
    "示范供电公司向阳供电所": [
        (C.SERVICE, "老旧小区用电安全检查", 2, None, "老旧小区用电安全检查", A.CO_BUILDING, "红星北区"),
        (C.VOLUNTEERS, "为空巢老人义务检修电器", 4, 32, "为老义务检修电器", A.PAIRING, "红星小区"),
    ],
    "示范水务集团红星营业所": [
        (C.SERVICE, "冬季供水管网巡检和便民维修", 2, None, "供水管网巡检和便民维修", A.CO_BUILDING, "红星南区"),
    ],
    "红星物业服务有限公司": [
        (C.VENUE, "提供物业活动室作为党员议事场所", 12, None, "党员议事会", A.PARTY_DAY, "物业活动室"),
        (C.FUNDS, "每年出资二万元用于小区环境整治", 1, None, "小区环境整治", A.CO_BUILDING, "红星小区"),
    ],
    "向阳智联科技有限公司": [
        (C.EXPERTISE, "教老年人使用智能手机", 4, 40, "老年人智能手机课堂", A.VOLUNTEER, "社区党群服务中心"),
    ],
    "红星社区社会工作服务中心": [
        (C.SERVICE, "为独居老人开展助餐和心理关怀服务", 12, 120, "独居老人助餐和关怀", A.VOLUNTEER, "社区长者食堂"),
    ],
    "向阳明理律师事务所": [
        (C.EXPERTISE, "每月一次法律咨询进社区", 12, 48, "法律咨询进社区", A.VOLUNTEER, "社区调解室"),
        (C.SERVICE, "为困难居民提供免费法律援助", 2, None, "困难居民法律援助", A.PAIRING, "社区调解室"),
    ],
}

RESOURCES = [
    ("红星小学", "操场和篮球场", SharedResource.Kind.VENUE, "寒暑假及周末上午"),
    ("红星小学", "阅览室", SharedResource.Kind.VENUE, "寒暑假工作日"),
    ("示范区第二人民医院", "健康体检车", SharedResource.Kind.EQUIPMENT, "每季度一次，提前预约"),
    ("红星物业服务有限公司", "物业活动室", SharedResource.Kind.VENUE, "工作日晚间"),
    ("向阳明理律师事务所", "免费法律咨询", SharedResource.Kind.SERVICE, "每月第二个周六上午"),
    ("示范区税务局向阳税务所", "多功能会议室", SharedResource.Kind.VENUE, "周末，提前三天预约"),
    ("向阳智联科技有限公司", "电脑培训教室", SharedResource.Kind.VENUE, "周六下午"),
    ("红星社区社会工作服务中心", "心理咨询室", SharedResource.Kind.SERVICE, "工作日全天"),
]

# Agreements run three calendar years: last year, this year and next, so the demo has one in force any day.
AGREEMENT_YEARS = 3
IN_SERVICE_PER_UNIT = 3  # 10 units x 3 = 30 in-service members, the demo login among them
PENDING = 2  # the last registrations still wait for staff


def _fake_people(count: int, offset: int) -> list[tuple[str, str]]:
    """(name, phone) pairs: made-up names (devtools/demo/names.py), 139 1234 xxxx numbers."""
    return [(name, f"1391234{offset + i:04d}") for i, name in enumerate(names.people(offset // 2, count))]


def seed_posts(ctx: SeedContext) -> list[Post]:
    return [
        Post.objects.get_or_create(community=ctx.community, name=name, defaults={"duty": duty})[0]
        for name, duty in POSTS
    ]


def seed_party_members(ctx: SeedContext, units: dict[str, Unit], posts: list[Post]) -> list[PartyMember]:
    K = PartyMember.Kind
    home_units = [unit for name, unit in units.items() if unit.kind != Unit.Kind.COMMUNITY]
    members = [PartyMember.objects.get(community=ctx.community, user=ctx.users["party_member"])]
    today = timezone.localdate()
    in_service = _fake_people(len(home_units) * IN_SERVICE_PER_UNIT - 1, 0)
    for index, (name, phone) in enumerate(in_service):
        unit = home_units[(index + 1) // IN_SERVICE_PER_UNIT]
        pending = index >= len(in_service) - PENDING
        member, _created = PartyMember.objects.get_or_create(
            community=ctx.community,
            name=name,
            phone=phone,
            defaults={
                "kind": K.IN_SERVICE,
                "home_unit": unit,
                "party_org": unit.party_org_name,
                # registered over the last two years on working days; the two waiting for staff, this week
                "registered_on": clock.workday_on_or_before(
                    today - timedelta(days=2 + index % 3 if pending else 40 + index * 23)
                ),
                "status": PartyMember.Status.PENDING if pending else PartyMember.Status.CONFIRMED,
                "skills": ["法律咨询", "医疗护理", "电脑维修", "书法", "心理疏导", "水电维修"][index % 6],
                "availability": ["周六上午", "周日下午", "工作日晚上"][index % 3],
            },
        )
        members.append(member)
    others = _fake_people(30, 100)
    for index, (name, phone) in enumerate(others):
        kind = K.MOBILE if index % 5 == 4 else K.COMMUNITY
        member, _created = PartyMember.objects.get_or_create(
            community=ctx.community,
            name=name,
            phone=phone,
            defaults={"kind": kind, "party_org": f"中共红星社区委员会第{1 + index % 3}党支部"},
        )
        members.append(member)
    for post, member in zip(posts, members[::7], strict=False):
        if post.holder_id is None:
            post.holder = member
            post.save(update_fields=["holder"])
    return members


def seed_agreements(ctx: SeedContext, units: dict[str, Unit]) -> list[tuple[Commitment, tuple]]:
    items = []
    start = date(timezone.localdate().year - 1, 1, 1)
    end = date(start.year + AGREEMENT_YEARS - 1, 12, 31)
    for unit_name, promises in COMMITMENTS.items():
        unit = units[unit_name]
        agreement, _created = Agreement.objects.get_or_create(
            community=ctx.community,
            unit=unit,
            term_start=start,
            defaults={
                "title": f"红星社区与{unit_name}共驻共建协议书",
                "signed_on": clock.workday_on_or_after(start + timedelta(days=17)),
                "term_end": end,
            },
        )
        for kind, text, per_year, hours, *activity in promises:
            commitment, _created = Commitment.objects.get_or_create(
                community=ctx.community,
                agreement=agreement,
                description=text,
                defaults={"kind": kind, "activities_per_year": per_year, "hours_per_year": hours},
            )
            items.append((commitment, tuple(activity), per_year))
    return items


def seed_resources(ctx: SeedContext, units: dict[str, Unit]) -> None:
    for unit_name, name, kind, when in RESOURCES:
        SharedResource.objects.get_or_create(
            community=ctx.community,
            unit=units[unit_name],
            name=name,
            defaults={"kind": kind, "availability": when},
        )


def _months_back(today: date, count: int) -> list[tuple[int, int]]:
    months = []
    year, month = today.year, today.month
    for _ in range(count):
        months.append((year, month))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return list(reversed(months))


def seed_activities(ctx: SeedContext, units, items, members: list[PartyMember]) -> None:
    """A year of activities: each commitment's share spread over the last twelve months, with hours."""
    confirmed = [m for m in members if m.status == PartyMember.Status.CONFIRMED]
    community_unit = units["红星社区"]
    months = _months_back(timezone.localdate(), 12)
    slot = 0
    for month_index, (year, month) in enumerate(months):
        plans = [(None, ("主题党日：重温入党誓词", A.PARTY_DAY, "社区党群服务中心"), community_unit)]
        for commitment, activity, per_year in items:
            every = max(1, 12 // max(per_year, 1))
            if month_index % every == 0:
                plans.append((commitment, activity, commitment.agreement.unit))
        for commitment, (title, kind, place), organizer in plans:
            slot += 1
            day = date(year, month, 3 + slot % 24)
            activity, created = Activity.objects.get_or_create(
                community=ctx.community,
                title=f"{title}（{year}年{month}月）",
                defaults={
                    "kind": kind,
                    "date": day,
                    "place": place,
                    "organizer": organizer,
                    "commitment": commitment,
                },
            )
            if created and day < timezone.localdate():
                _add_participants(ctx, activity, confirmed, slot)  # the month's later ones are still ahead


def _add_participants(ctx: SeedContext, activity: Activity, confirmed: list[PartyMember], slot: int) -> None:
    team = [confirmed[(slot * 5 + k * 3) % len(confirmed)] for k in range(3 + slot % 5)]
    if slot % 8 == 0:
        team.append(confirmed[0])  # the demo party member turns up at every eighth activity
    hours = [Decimal("1.5"), Decimal("2"), Decimal("2.5"), Decimal("3"), Decimal("4")]
    for k, member in enumerate(dict.fromkeys(team)):
        Participation.objects.get_or_create(
            community=ctx.community,
            activity=activity,
            member=member,
            defaults={"hours": hours[(slot + k) % len(hours)]},
        )


def seed_roster_year(ctx: SeedContext) -> None:
    units = ctx.units
    posts = seed_posts(ctx)
    members = seed_party_members(ctx, units, posts)
    items = seed_agreements(ctx, units)
    seed_resources(ctx, units)
    seed_activities(ctx, units, items, members)
