"""Demo data for the roster: a believable big committee for the demo community.

Every person and phone number here is made up. Every write goes through
get_or_create on a natural key, so running seed_demo again changes nothing.
"""

from datetime import date

from portal.demo import DEMO_PASSWORD
from portal.models import User
from portal.seeding import SeedContext

from .models import CommitteeSeat, PartyMember, Unit

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
