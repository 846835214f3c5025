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
    fields.setdefault("joined_on", date(2020, 1, 1))
    return Unit.objects.create(community=community, name=name or f"单位{next(_codes)}", kind=kind, **fields)


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

    from notices.models import Notice

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


# --- services ---
def make_item(community: Community, name: str = "", **fields):
    from services.models import ServiceItem

    fields.setdefault("time_limit_days", 5)
    fields.setdefault("materials", "居民身份证\n户口簿")
    return ServiceItem.objects.create(community=community, name=name or f"事项{next(_codes)}", **fields)


def make_request(community: Community, applicant: User | None = None, item=None, **fields):
    """A request filed the normal way (fresh reference); extra fields (e.g. status) are then set directly."""
    from services.models import ServiceRequest

    filing = {
        "kind": fields.pop("kind", ServiceRequest.Kind.SERVICE if item else ServiceRequest.Kind.APPEAL),
        "item": item,
        "channel": fields.pop("channel", ServiceRequest.Channel.ONLINE),
        "applicant": applicant,
        "applicant_name": fields.pop("applicant_name", applicant.real_name if applicant else "刘大爷"),
        "applicant_phone": fields.pop("applicant_phone", applicant.phone if applicant else "13712345678"),
        "description": fields.pop("description", "楼道灯坏了"),
        "needs_delivery": fields.pop("needs_delivery", False),
    }
    req, _created = ServiceRequest.file(community=community, submitted_by=applicant, form_token=None, **filing)
    if fields:
        for name, value in fields.items():
            setattr(req, name, value)
        req.save(update_fields=list(fields))
    return req


# --- meetings ---
def make_meeting(community: Community, kind: str = "adhoc", period: str = "", **fields):
    from datetime import datetime, timedelta

    from django.utils import timezone

    from meetings.models import Meeting

    fields.setdefault("starts_at", timezone.make_aware(datetime(2026, 11, 10, 14, 30)) - timedelta(days=0))
    fields.setdefault("place", "社区会议室")
    return Meeting.objects.create(community=community, kind=kind, period=period, **fields)


def make_held_meeting(community: Community, present: int = 1, absent: int = 0, **fields):
    """A meeting opened with attendance recorded: `present` seats present, `absent` seats absent.

    Uses the community's active seats in order; makes more seats if there are too few.
    """
    from meetings.models import Attendance, Meeting

    meeting = make_meeting(community, **fields)
    seats = list(CommitteeSeat.objects.active(on=meeting.starts_at.date()).filter(community=community))
    unit = None
    while len(seats) < present + absent:
        unit = unit or make_unit(community)
        seats.append(make_seat(unit, holder_name=f"委员{len(seats)}"))
    meeting.status, meeting.opened_at = Meeting.Status.HELD, meeting.starts_at
    meeting.save(update_fields=["status", "opened_at"])
    meeting.sync_attendance()
    rows = list(meeting.attendance.order_by("id"))
    for i, row in enumerate(rows):
        row.status = Attendance.Status.PRESENT if i < present else Attendance.Status.ABSENT
        row.save(update_fields=["status"])
    meeting.recount()
    return meeting


def make_resolution(meeting, lead_unit: Unit | None = None, **fields):
    from datetime import date

    from meetings.models import Resolution

    fields.setdefault("text", "修缮红星路12号楼化粪池")
    fields.setdefault("owner", "赵委员")
    fields.setdefault("due_date", date(2026, 12, 31))
    number = meeting.resolutions.count() + 1
    return Resolution.objects.create(
        community=meeting.community,
        meeting=meeting,
        number=number,
        lead_unit=lead_unit or make_unit(meeting.community),
        **fields,
    )
