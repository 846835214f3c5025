"""The demo community and its core logins; devtools/demo/<app>.py add each app's rows."""

from dataclasses import dataclass, field

from django.contrib.auth.models import Group
from django.utils import timezone

from portal.access import ADMIN_GROUP, STAFF_GROUP
from portal.models import Community, User

DEMO_PASSWORD = "Gongjian-demo-2026"


@dataclass
class SeedContext:
    """What each app's demo seeder gets: the demo community, its named users and the command's stdout.

    Seeders must be idempotent: running seed_demo twice changes nothing.
    """

    community: object
    users: dict = field(default_factory=dict)
    stdout: object = None
    logins: list = field(default_factory=list)  # (role label, phone, password)


COMMUNITY = {
    "code": "HX",
    "name": "红星社区",
    "subdistrict": "向阳街道",
    "district": "示范区",
    "address": "示范区向阳街道红星路88号 社区党群服务中心",
    "phone": "0431-8888 6666",
    "office_hours": "周一至周五 8:30–12:00, 13:30–17:30；周六上午值班",
}

# key, phone, real name, groups, role label for the printed list
CORE_USERS = [
    ("admin", "13900000001", "王建华", [ADMIN_GROUP], "Community admin (社区书记)"),
    ("staff", "13900000002", "李秀梅", [STAFF_GROUP], "Community staff (窗口工作人员)"),
    ("staff2", "13900000003", "陈立新", [STAFF_GROUP], "Community staff (网格员)"),
    ("resident", "13900000010", "张桂兰", [], "Resident (居民)"),
]


def seed_core(ctx: SeedContext) -> None:
    for key, phone, name, groups, label in CORE_USERS:
        user, created = User.objects.get_or_create(
            phone=phone,
            defaults={
                "real_name": name,
                "community": ctx.community,
                "is_verified": True,
                "phone_verified_at": timezone.now(),
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        for group_name in groups:
            user.groups.add(Group.objects.get(name=group_name))
        ctx.users[key] = user
        ctx.logins.append((label, phone, DEMO_PASSWORD))


def demo_community() -> Community:
    fields = dict(COMMUNITY)
    community, _created = Community.objects.get_or_create(code=fields.pop("code"), defaults=fields)
    return community
