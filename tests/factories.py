"""Plain factories for tests: small functions, explicit defaults, no magic."""

import itertools
from datetime import date

from django.contrib.auth.models import Group

from members.models import CommitteeSeat, PartyMember, Unit
from portal.access import ADMIN_GROUP, STAFF_GROUP
from portal.models import Community, User

PASSWORD = "Test-pass-2026"
_phones = itertools.count(13700000000)
_codes = itertools.count(1)


def next_phone() -> str:
    return str(next(_phones))


def make_community(name: str = "", code: str = "", **fields) -> Community:
    n = next(_codes)
    return Community.objects.create(
        name=name or f"测试社区{n}",
        code=code or f"T{n}",
        address=fields.pop("address", "测试路1号"),
        phone=fields.pop("phone", "0431-1234567"),
        **fields,
    )


def make_user(community: Community | None, name: str = "测试用户", *, groups=(), **fields) -> User:
    user = User.objects.create_user(
        phone=fields.pop("phone", None) or next_phone(),
        password=PASSWORD,
        real_name=name,
        community=community,
        **fields,
    )
    for group_name in groups:
        user.groups.add(Group.objects.get_or_create(name=group_name)[0])
    return user


def make_staff(community: Community, name: str = "工作人员", **fields) -> User:
    return make_user(community, name, groups=[STAFF_GROUP], **fields)


def make_admin(community: Community, name: str = "社区书记", **fields) -> User:
    return make_user(community, name, groups=[ADMIN_GROUP], **fields)


def make_unit(community: Community, name: str = "", kind: str = Unit.Kind.ORGAN, **fields) -> Unit:
    return Unit.objects.create(
        community=community, name=name or f"单位{next(_codes)}", kind=kind, joined_on=date(2020, 1, 1), **fields
    )


def make_seat(unit: Unit, holder_name: str = "委员", role: str = CommitteeSeat.Role.MEMBER, **fields) -> CommitteeSeat:
    fields.setdefault("term_start", date(2024, 1, 1))
    return CommitteeSeat.objects.create(
        community=unit.community, unit=unit, holder_name=holder_name, role=role, **fields
    )


def make_party_member(community: Community, name: str = "党员", **fields) -> PartyMember:
    if "user" in fields and fields["user"] is not None:
        name = fields["user"].real_name
    return PartyMember.objects.create(community=community, name=name, **fields)


# --- roster ---


def make_agreement(unit: Unit, title: str = "", **fields):
    from members.models import Agreement

    fields.setdefault("signed_on", date(2024, 1, 10))
    fields.setdefault("term_start", date(2024, 1, 1))
    return Agreement.objects.create(
        community=unit.community, unit=unit, title=title or f"{unit.name}共驻共建协议", **fields
    )


def make_commitment(agreement, description: str = "每季度一次义诊", **fields):
    from members.models import Commitment

    fields.setdefault("kind", Commitment.Kind.SERVICE)
    fields.setdefault("activities_per_year", 4)
    return Commitment.objects.create(
        community=agreement.community, agreement=agreement, description=description, **fields
    )


def make_activity(community: Community, title: str = "志愿服务", **fields):
    from members.models import Activity

    fields.setdefault("kind", Activity.Kind.VOLUNTEER)
    fields.setdefault("date", date(2026, 5, 1))
    fields.setdefault("place", "社区党群服务中心")
    return Activity.objects.create(community=community, title=title, **fields)


def make_participation(activity, member: PartyMember, hours="2"):
    from decimal import Decimal

    from members.models import Participation

    return Participation.objects.create(
        community=activity.community, activity=activity, member=member, hours=Decimal(str(hours))
    )


def make_post(community: Community, name: str = "楼栋党员中心户", **fields):
    from members.models import Post

    return Post.objects.create(community=community, name=name, duty=fields.pop("duty", "联系楼栋住户"), **fields)


# --- notices ---


def make_notice(community: Community, author: User | None = None, **fields):
    """A notice; published now by default (pass state=... for others)."""
    from django.utils import timezone

    from portal.models import Notice

    state = fields.pop("state", Notice.State.PUBLISHED)
    if state == Notice.State.PUBLISHED:
        fields.setdefault("publish_at", timezone.now())
    return Notice.objects.create(
        community=community,
        author=author or make_staff(community),
        category=fields.pop("category", Notice.Category.ANNOUNCEMENT),
        title=fields.pop("title", "社区通知"),
        body=fields.pop("body", "通知正文。"),
        state=state,
        **fields,
    )
