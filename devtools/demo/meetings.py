"""Demo meetings: a year of monthly and quarterly meetings, their resolutions, and the meetings ahead.

Built on whatever active seats the demo community has (the roster seeder runs
first). Every meeting is looked up by its (kind, period) first, so running
seed_demo again changes nothing. All names here are made up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone

from meetings.models import Attendance, Meeting, Resolution, ResolutionUpdate, month_period, quarter_period
from meetings.planning import default_place, plan_coming
from members.models import CommitteeSeat

from .core import SeedContext

AGENDA_TOPICS = [
    ("传达学习上级党委关于基层治理的文件精神", ""),
    ("讨论冬季供暖和独居老人走访安排", "重点关注独居、失能老人，驻区单位各认领一个楼栋。"),
    ("研究红星小区停车难问题", "听取物业公司情况汇报，商议驻区单位夜间开放车位。"),
    ("通报一站式服务中心本月办件情况", "低保、医保等事项办理情况及群众评价。"),
    ("商议“我为群众办实事”项目清单", ""),
    ("讨论汛期安全和老旧管网隐患排查", ""),
    ("研究在职党员到社区报到服务安排", "双报到党员认领志愿服务岗位。"),
    ("听取共驻共建协议承诺事项落实情况", ""),
]

# text, status, progress updates as (days after the meeting, percent, status, report), public
RESOLUTIONS = [
    (
        "为红星路12号楼等3栋老旧楼加装楼道扶手和感应灯",
        [(20, 30, "in_progress", "已完成现场勘查和预算"), (50, 100, "done", "3栋楼全部安装完毕并验收")],
        True,
    ),
    (
        "每季度开展一次“税惠到家”政策宣讲进社区",
        [(15, 25, "in_progress", "第一次宣讲已举办，到场居民60余人"), (100, 60, "in_progress", "第二次宣讲完成")],
        True,
    ),
    (
        "在党群服务中心设立义诊点，每月第二个周六上午开诊",
        [(25, 100, "done", "义诊点已挂牌，首次义诊服务居民82人")],
        True,
    ),
    ("协调物业公司疏通红星小区雨水管网，汛期前完成", [(10, 40, "in_progress", "已疏通主管网两段")], True),
    ("建立独居老人结对联系台账，每位老人至少一名在职党员联系", [], True),
    ("红星小学周边设置护学岗，上下学高峰安排志愿者", [(12, 100, "done", "护学岗已设立，每天两班")], True),
    (
        "规划增设电动自行车集中充电棚两处",
        [(30, 20, "in_progress", "选址初步确定"), (60, 0, "dropped", "选址处地下管线复杂，改由物业在车棚内加装充电桩")],
        True,
    ),
    ("为困难家庭开展免费法律咨询，每月一次", [(20, 50, "in_progress", "已开展3次，接待咨询17人次")], True),
    ("解决红星路老旧管网水压不足问题", [(15, 10, "in_progress", "已上报改造计划，等待批复")], True),
    ("驻区单位夜间开放停车位，供居民错峰停车", [], True),
    ("梳理驻区单位共建经费使用情况，报大党委审议", [(20, 30, "in_progress", "已收回7家单位报表")], False),
    ("开展“小手拉大手”垃圾分类宣传进校园", [], True),
    ("开展消防安全联合检查，覆盖全部沿街商铺", [(7, 100, "done", "检查商铺46家，整改隐患9处")], True),
    ("完善一站式服务中心上门办理预约流程", [(10, 40, "in_progress", "已制定预约登记表，试行两周")], True),
    ("组织驻区单位党员参加冬季扫雪志愿服务", [], True),
    ("为红星小学学生开设税法、法律小课堂", [], True),
]

DELEGATES = ["周明（代）", "陈晓（代）", "李娜（代）"]


@dataclass
class PlannedUpdate:
    resolution: Resolution
    when: datetime
    percent: int
    status: str
    text: str


def _at(day: date, hour: int, minute: int = 30) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _past_meetings(today: date) -> list[tuple[str, str, datetime]]:
    """(kind, period, time) of the last 12 monthly and the last year's quarterly meetings whose day has passed."""
    monthly, quarterly = [], []
    for back in range(13, -1, -1):
        month_first = _months_before(today.replace(day=1), back)
        day = month_first.replace(day=10)
        if day < today:
            monthly.append((Meeting.Kind.MONTHLY, month_period(day), _at(day, 14)))
        qday = month_first.replace(day=25)
        if month_first.month % 3 == 0 and today - timedelta(days=366) < qday < today:
            quarterly.append((Meeting.Kind.QUARTERLY, quarter_period(qday), _at(qday, 9)))
    return sorted(monthly[-12:] + quarterly, key=lambda m: m[2])


def _months_before(first: date, n: int) -> date:
    month = first.month - n
    year = first.year
    while month <= 0:
        month, year = month + 12, year - 1
    return date(year, month, 1)


def _attendance_for(index: int, seat_index: int, below_quorum: bool) -> str:
    if below_quorum:
        return Attendance.Status.PRESENT if seat_index % 3 == 0 else Attendance.Status.LEAVE
    if (seat_index + index) % 9 == 0:
        return Attendance.Status.LEAVE
    if (seat_index * 3 + index) % 13 == 0:
        return Attendance.Status.ABSENT
    if (seat_index + 2 * index) % 11 == 0:
        return Attendance.Status.PROXY
    return Attendance.Status.PRESENT


def seed_meetings(ctx: SeedContext) -> None:
    community = ctx.community
    today = timezone.localdate()
    seats = list(
        CommitteeSeat.objects.active().filter(community=community).select_related("unit").order_by("term_start", "id")
    )
    if not seats:
        return
    admin = ctx.users.get("admin")
    secretary = next((s for s in seats if s.role == CommitteeSeat.Role.SECRETARY), seats[0])
    units = _lead_units(seats, ctx.users.get("committee_member"))
    schedule = _past_meetings(today)
    pending: list[PlannedUpdate] = []
    resolutions = iter(enumerate(RESOLUTIONS))
    for index, (kind, period, starts_at) in enumerate(schedule):
        if Meeting.objects.filter(community=community, kind=kind, period=period).exists():
            continue
        _flush(pending, before=starts_at, by=admin)
        meeting = Meeting.objects.create(
            community=community,
            kind=kind,
            period=period,
            starts_at=starts_at,
            place=default_place(community),
            convener=secretary.holder_name,
        )
        # The February meeting fell in the Spring Festival holiday: too few came.
        below = kind == Meeting.Kind.MONTHLY and starts_at.month == 2
        _hold(meeting, index, below)
        _agenda(meeting, index, units)
        count = 3 if kind == Meeting.Kind.QUARTERLY else (1 if index % 2 or below else 0)
        for _n in range(count):
            number_and_spec = next(resolutions, None)
            if number_and_spec is None:
                break
            pending += _resolution(meeting, *number_and_spec, units=units)
        meeting.close(by=admin)
        _minutes(meeting, index, len(schedule), admin)
        Meeting.objects.filter(pk=meeting.pk).update(
            opened_at=starts_at, closed_at=starts_at + timedelta(hours=2), created_at=starts_at - timedelta(days=20)
        )
    _flush(pending, before=timezone.now(), by=admin)
    for meeting in plan_coming(community, today=today):
        meeting.convener = secretary.holder_name
        meeting.save(update_fields=["convener"])


def _lead_units(seats, committee_user) -> list:
    units = list(dict.fromkeys(seat.unit for seat in seats))
    # The demo committee member's unit leads some resolutions, so that login has work to follow.
    mine = next((s.unit for s in seats if committee_user is not None and s.user_id == committee_user.pk), None)
    if mine is not None:
        units.remove(mine)
        units.insert(1, mine)
    return units


def _hold(meeting: Meeting, index: int, below_quorum: bool) -> None:
    meeting.status, meeting.opened_at = Meeting.Status.HELD, meeting.starts_at
    meeting.save(update_fields=["status", "opened_at"])
    meeting.sync_attendance()
    meeting.carry_over_open_resolutions()
    for seat_index, row in enumerate(meeting.attendance.select_related("seat").order_by("seat__term_start", "seat_id")):
        row.status = _attendance_for(index, seat_index, below_quorum)
        if row.status == Attendance.Status.PROXY:
            row.delegate = DELEGATES[seat_index % len(DELEGATES)]
        if row.status == Attendance.Status.LEAVE:
            row.note = "外出公务" if seat_index % 2 else "病假"
        row.save(update_fields=["status", "delegate", "note"])
    meeting.recount()


def _agenda(meeting: Meeting, index: int, units: list) -> None:
    for n in range(2):
        title, details = AGENDA_TOPICS[(index * 2 + n) % len(AGENDA_TOPICS)]
        meeting.agenda_items.create(
            community=meeting.community,
            order=n + 1,
            title=title,
            details=details,
            proposing_unit=units[(index + n) % len(units)],
        )


def _resolution(meeting: Meeting, number: int, spec, units: list) -> list[PlannedUpdate]:
    text, updates, public = spec
    lead = units[number % len(units)] if number % 3 else units[1 % len(units)]
    co = [u for u in units if u != lead][number % 3 : number % 3 + 2]
    due = timezone.localdate(meeting.starts_at) + timedelta(days=60 if number % 4 else 150)
    resolution = Resolution.objects.create(
        community=meeting.community,
        meeting=meeting,
        number=meeting.resolutions.count() + 1,
        text=text,
        lead_unit=lead,
        owner=next((s.holder_name for s in lead.seats.all() if s.term_end is None), "—"),
        due_date=due,
        is_public=public,
        created_at=meeting.starts_at,
    )
    resolution.co_units.set(co)
    return [
        PlannedUpdate(resolution, meeting.starts_at + timedelta(days=days), pct, status, report)
        for days, pct, status, report in updates
    ]


def _flush(pending: list[PlannedUpdate], before: datetime, by) -> None:
    """Post the progress reports dated before `before`, in date order."""
    due = sorted((u for u in pending if u.when < before), key=lambda u: u.when)
    for update in due:
        pending.remove(update)
        resolution = Resolution.objects.get(pk=update.resolution.pk)
        if not resolution.is_open:
            continue
        posted = resolution.post_progress(by, update.text, update.percent, update.status)
        ResolutionUpdate.objects.filter(pk=posted.pk).update(created_at=update.when)


def _minutes(meeting: Meeting, index: int, total: int, admin) -> None:
    titles = "、".join(item.title for item in meeting.agenda_items.filter(~Q(title="")))
    meeting.minutes = (
        f"会议由{meeting.convener}主持。应到委员{meeting.seat_count}人，实到{meeting.present_count}人（含委托）。\n\n"
        f"会议听取了上次会议议定事项落实情况汇报，围绕{titles}进行了协商讨论，"
        f"形成议定事项{meeting.resolutions.count()}项，明确了牵头单位、责任人和完成时限。"
    )
    if not meeting.has_quorum:
        meeting.minutes += "\n\n本次会议出席人数不足应到人数的半数，所形成的事项待下次会议重新审议。"
    meeting.internal_notes = "会前已电话通知全体委员。" if index % 3 == 0 else ""
    meeting.save(update_fields=["minutes", "internal_notes"])
    if index == total - 1:
        return  # the latest meeting's minutes are still a draft
    meeting.approve_minutes(by=admin)
    if index == total - 2:
        return  # approved, waiting to be published
    meeting.publish_minutes(by=admin)
    Meeting.objects.filter(pk=meeting.pk).update(minutes_published_at=meeting.starts_at + timedelta(days=7))


# The escalation loop in the demo: (filed days before the meeting, description, resolution text, lead/co-unit
# positions in the unit list, progress reports as (days after the meeting, percent, status, report)).
ESCALATED = [
    (
        12,
        "红星小区5号楼北侧下水管网反复堵塞外溢，物业说主管归市政，市政说支管归物业，问题拖了两个月。",
        "由物业公司牵头、市政养护单位配合，对5号楼北侧雨污管网整体疏通并更换破损支管",
        [
            (12, 50, "in_progress", "已完成管网检测，确定两段破损支管"),
            (25, 100, "done", "破损支管已更换，管网疏通完毕"),
        ],
    ),
    (
        10,
        "红星路小学放学时段校门口人车混行，孩子过马路很危险，希望增设护学设施和交通标志。",
        "由交警中队牵头、小学和驻区企业配合，在校门口增设护栏、减速标线和高峰护学岗",
        [(15, 40, "in_progress", "护栏和标线方案已报批，护学岗先行上岗")],
    ),
]


def seed_escalations(ctx: SeedContext) -> None:
    """Two escalated requests: one resolved through a resolution and closed, one in progress."""
    from meetings.escalation import Escalation
    from services.models import ReferenceCounter, RequestEvent, ServiceRequest

    community = ctx.community
    if Escalation.objects.filter(community=community).exists():
        return
    held = list(
        Meeting.objects.filter(
            community=community, kind=Meeting.Kind.QUARTERLY, status=Meeting.Status.HELD, closed_at__isnull=False
        ).order_by("-starts_at")[:2]
    )
    seats = list(CommitteeSeat.objects.active().filter(community=community).select_related("unit"))
    staff, committee = ctx.users.get("staff"), ctx.users.get("committee_member")
    applicants = [ctx.users.get("resident2"), ctx.users.get("resident")]
    if not held or not seats or staff is None or None in applicants:
        return
    units = _lead_units(seats, committee)
    now = timezone.now()
    for index, (spec, applicant) in enumerate(zip(ESCALATED, applicants, strict=True)):
        meeting = held[-1] if index == 0 else held[0]  # the older meeting's case is finished
        finished = index == 0
        before, description, text, reports = spec
        filed = meeting.starts_at - timedelta(days=before)
        accepted = filed + timedelta(hours=3)
        reference = ReferenceCounter.next_reference(community, timezone.localdate(filed))
        req = ServiceRequest.objects.create(
            community=community,
            reference=reference,
            kind=ServiceRequest.Kind.APPEAL,
            channel=ServiceRequest.Channel.ONLINE,
            applicant=applicant,
            applicant_name=applicant.real_name,
            applicant_phone=applicant.phone,
            description=description,
            status=ServiceRequest.Status.IN_PROGRESS,
            assignee=staff,
            submitted_by=applicant,
            created_at=filed,
            accepted_at=accepted,
            due_date=timezone.localdate(accepted) + timedelta(days=7),
        )
        lead = units[(index + 1) % len(units)]
        resolution = Resolution.objects.create(
            community=community,
            meeting=meeting,
            number=meeting.resolutions.count() + 1,
            text=text,
            lead_unit=lead,
            owner=next((s.holder_name for s in seats if s.unit_id == lead.pk), "—"),
            due_date=max(
                timezone.localdate(meeting.starts_at) + timedelta(days=45), timezone.localdate() + timedelta(days=30)
            )
            if not finished
            else timezone.localdate(meeting.starts_at) + timedelta(days=40),
            created_at=meeting.starts_at,
        )
        resolution.co_units.set([u for u in units if u != lead][index : index + 2])
        item = meeting.agenda_items.create(
            community=community,
            order=meeting.agenda_items.count() + 1,
            title=f"居民诉求 {reference}：{req.title}",
            details="涉及多家单位职责，社区单独无法解决，提交联席会议协商。",
            source_kind="request",
        )
        escalated_at = filed + timedelta(days=3)
        escalation = Escalation.objects.create(
            community=community,
            request=req,
            meeting=meeting,
            agenda_item=item,
            resolution=resolution,
            reason=item.details,
            escalated_by=staff,
            created_at=escalated_at,
        )
        events = [
            (filed, None, "status", "submitted", "申请已提交（网上）。"),
            (accepted, staff, "status", "accepted", "已受理，工作人员将按时限办理。"),
            (accepted + timedelta(hours=1), staff, "status", "in_progress", "已开始办理，现场查看了情况。"),
            (
                escalated_at,
                staff,
                "note",
                "",
                f"已提交{meeting.starts_at:%Y-%m-%d}的党建联席会议协商，由驻区单位共同解决。",
            ),
            (
                meeting.starts_at + timedelta(hours=2),
                staff,
                "note",
                "",
                f"联席会议议定：{text}。牵头单位：{lead.name}。完成时限{resolution.due_date:%Y-%m-%d}。",
            ),
        ]
        for days, percent, status, report in reports:
            when = min(meeting.starts_at + timedelta(days=days), now - timedelta(hours=2))
            ResolutionUpdate.objects.bulk_create(
                [
                    ResolutionUpdate(
                        community=community,
                        resolution=resolution,
                        text=report,
                        progress=percent,
                        status=status,
                        author=committee,
                        created_at=when,
                    )
                ]
            )
            resolution.status, resolution.progress = status, percent
            events.append(
                (
                    when,
                    committee,
                    "note",
                    "",
                    f"联席会议议定事项进展：{percent}%（{resolution.get_status_display()}）。{report}",
                )
            )
        resolution.save(update_fields=["status", "progress"])
        fields = {"escalated_until": resolution.due_date}
        if finished:
            done_at = min(meeting.starts_at + timedelta(days=27), now - timedelta(hours=1))
            fields |= {"status": "closed", "completed_at": done_at, "closed_at": done_at, "rating": 5}
            events += [
                (done_at, staff, "status", "completed", "议定事项已落实，诉求办结。"),
                (done_at, applicant, "rating", "closed", "评价“非常满意”。 管网修好了，谢谢社区和各单位。"),
            ]
            Escalation.objects.filter(pk=escalation.pk).update(closed_at=done_at)
        ServiceRequest.objects.filter(pk=req.pk).update(**fields)
        if finished:
            req.ratings.create(
                score=5, comment="管网修好了，谢谢社区和各单位。", rated_by=applicant, created_at=done_at
            )
        RequestEvent.objects.bulk_create(
            [
                RequestEvent(request=req, created_at=at, author=by, kind=kind, status=status, text=body, public=True)
                for at, by, kind, status, body in events
            ]
        )
