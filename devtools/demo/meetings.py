"""Demo meetings: a year of monthly and quarterly meetings, their resolutions, and the meetings ahead.

Built on whatever active seats the demo community has (the roster seeder runs
first). Every meeting is looked up by its (kind, period) first, so running
seed_demo again changes nothing. All names here are made up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from meetings.models import Attendance, Meeting, Resolution, ResolutionUpdate, month_period, quarter_period
from meetings.planning import default_place, plan_coming
from members.models import CommitteeSeat, Unit

from . import clock
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

# text, progress updates as (days after the meeting, percent, status, report), public. Each text's units are
# in RESOLUTION_UNITS. Updates come in working hours; the older resolutions are mostly done by now.
RESOLUTIONS = [
    (
        "红星物业为红星小区3栋、4栋、5栋老旧楼加装楼道扶手和感应灯",
        [(20, 30, "in_progress", "已完成现场勘查和预算"), (50, 100, "done", "3栋楼全部安装完毕并验收")],
        True,
    ),
    (
        "税务所每季度开展一次“税惠到家”政策宣讲进社区",
        [
            (15, 25, "in_progress", "第一次宣讲已举办，到场居民60余人"),
            (100, 60, "in_progress", "第二次宣讲完成"),
            (190, 100, "done", "全年四次宣讲完成，累计到场居民230余人"),
        ],
        True,
    ),
    (
        "第二人民医院在党群服务中心设立义诊点，每月第二个周六上午开诊",
        [(25, 100, "done", "义诊点已挂牌，首次义诊服务居民82人")],
        True,
    ),
    (
        "协调红星物业疏通红星小区雨水管网，汛期前完成",
        [(10, 40, "in_progress", "已疏通主管网两段"), (45, 100, "done", "雨水管网全部疏通，汛期无积水")],
        True,
    ),
    (
        "税务所、明理律师事务所为红星小学学生开设税法、法律小课堂",
        [
            (20, 30, "in_progress", "已与红星小学商定课表，首课已开讲"),
            (75, 50, "in_progress", "已开课6次，覆盖四至六年级"),
        ],
        True,
    ),
    (
        "社工中心建立独居老人结对联系台账，每位老人至少一名在职党员联系",
        [(14, 50, "in_progress", "已完成独居老人摸底，登记42人"), (40, 100, "done", "42位老人全部落实联系党员")],
        True,
    ),
    (
        "红星小学周边设置护学岗，上下学高峰安排志愿者",
        [(12, 100, "done", "护学岗已设立，每天两班")],
        True,
    ),
    (
        "供电所规划增设电动自行车集中充电棚两处",
        [(30, 20, "in_progress", "选址初步确定"), (60, 0, "dropped", "选址处地下管线复杂，改由物业在车棚内加装充电桩")],
        True,
    ),
    (
        "明理律师事务所为困难家庭开展免费法律咨询，每月一次",
        [(20, 50, "in_progress", "已开展3次，接待咨询17人次"), (95, 100, "done", "形成每月固定咨询日，已纳入共建协议")],
        True,
    ),
    (
        "水务营业所解决红星路老旧管网水压不足问题",
        [(15, 10, "in_progress", "已上报改造计划，等待批复"), (70, 60, "in_progress", "改造计划获批，管材已进场")],
        True,
    ),
    ("税务所等驻区单位夜间开放停车位，供居民错峰停车", [(21, 100, "done", "四家单位开放车位120个")], True),
    (
        "红星社区梳理驻区单位共建经费使用情况，报大党委审议",
        [(20, 30, "in_progress", "已收回7家单位报表"), (45, 100, "done", "10家单位报表汇总完毕，已报大党委审议")],
        False,
    ),
    (
        "红星小学开展“小手拉大手”垃圾分类宣传进校园",
        [(18, 40, "in_progress", "已在三个年级开展主题班会")],
        True,
    ),
    (
        "市场监管所牵头开展沿街商铺消防和食品安全联合检查",
        [(7, 100, "done", "检查商铺46家，整改隐患9处")],
        True,
    ),
    (
        "红星社区完善一站式服务中心上门办理预约流程，智联科技协助开通线上预约",
        [(10, 40, "in_progress", "已制定预约登记表，试行两周")],
        True,
    ),
    ("红星物业组织驻区单位党员参加冬季扫雪志愿服务", [], True),
]

# text → (lead unit, co-units): the lead is the unit the text names first.
RESOLUTION_UNITS = {
    "红星物业为红星小区3栋、4栋、5栋老旧楼加装楼道扶手和感应灯": ("红星物业服务有限公司", ["示范供电公司向阳供电所"]),
    "税务所每季度开展一次“税惠到家”政策宣讲进社区": ("示范区税务局向阳税务所", ["红星社区"]),
    "第二人民医院在党群服务中心设立义诊点，每月第二个周六上午开诊": ("示范区第二人民医院", ["红星社区"]),
    "协调红星物业疏通红星小区雨水管网，汛期前完成": ("红星物业服务有限公司", ["示范水务集团红星营业所"]),
    "社工中心建立独居老人结对联系台账，每位老人至少一名在职党员联系": (
        "红星社区社会工作服务中心",
        ["红星社区", "示范区第二人民医院"],
    ),
    "红星小学周边设置护学岗，上下学高峰安排志愿者": ("红星小学", ["红星社区"]),
    "供电所规划增设电动自行车集中充电棚两处": ("示范供电公司向阳供电所", ["红星物业服务有限公司"]),
    "明理律师事务所为困难家庭开展免费法律咨询，每月一次": ("向阳明理律师事务所", ["红星社区"]),
    "水务营业所解决红星路老旧管网水压不足问题": ("示范水务集团红星营业所", ["红星社区"]),
    "税务所等驻区单位夜间开放停车位，供居民错峰停车": ("示范区税务局向阳税务所", ["红星小学", "示范区第二人民医院"]),
    "红星社区梳理驻区单位共建经费使用情况，报大党委审议": ("红星社区", []),
    "红星小学开展“小手拉大手”垃圾分类宣传进校园": ("红星小学", ["红星社区社会工作服务中心"]),
    "市场监管所牵头开展沿街商铺消防和食品安全联合检查": ("示范区市场监督管理局向阳所", ["红星社区"]),
    "红星社区完善一站式服务中心上门办理预约流程，智联科技协助开通线上预约": ("红星社区", ["向阳智联科技有限公司"]),
    "红星物业组织驻区单位党员参加冬季扫雪志愿服务": ("红星物业服务有限公司", ["红星社区"]),
    "税务所、明理律师事务所为红星小学学生开设税法、法律小课堂": (
        "示范区税务局向阳税务所",
        ["向阳明理律师事务所", "红星小学"],
    ),
}

# How a text names each unit: the short name people use.
UNIT_ALIASES = {
    "红星社区": "红星社区",
    "示范区税务局向阳税务所": "税务所",
    "示范区市场监督管理局向阳所": "市场监管所",
    "示范区第二人民医院": "第二人民医院",
    "红星小学": "红星小学",
    "示范供电公司向阳供电所": "供电所",
    "示范水务集团红星营业所": "水务营业所",
    "红星物业服务有限公司": "红星物业",
    "向阳智联科技有限公司": "智联科技",
    "红星社区社会工作服务中心": "社工中心",
    "向阳明理律师事务所": "明理律师事务所",
}


def units_named(text: str) -> set[str]:
    """The member units a resolution's text names, by their short names."""
    return {unit for unit, short in UNIT_ALIASES.items() if short in text}


# Who chairs and who takes the minutes: the community's secretary and deputy secretary.
CHAIR_ROLE, RECORDER_ROLE = "secretary", "deputy"

# Colleagues a member sends in their place (委托): people of the member's own unit.
DELEGATES = ["周明", "陈晓雯", "李娜"]


@dataclass
class PlannedUpdate:
    resolution: Resolution
    when: datetime
    percent: int
    status: str
    text: str


def meeting_day(first_of_month: date, day: int) -> date:
    """The community's habit (the 10th, the 25th), moved to the next working day when it falls on a day off."""
    return clock.workday_on_or_after(first_of_month.replace(day=day))


def _past_meetings(today: date) -> list[tuple[str, str, datetime]]:
    """(kind, period, time) of the last 12 monthly and the last year's quarterly meetings whose day has passed."""
    monthly, quarterly = [], []
    for back in range(13, -1, -1):
        month_first = _months_before(today.replace(day=1), back)
        day = meeting_day(month_first, 10)
        if day < today and day.month == month_first.month:
            monthly.append((Meeting.Kind.MONTHLY, month_period(day), clock.at(day, 14, 30)))
        qday = meeting_day(month_first, 25)
        in_year = today - timedelta(days=366) < qday < today
        if month_first.month % 3 == 0 and in_year and qday.month == month_first.month:
            quarterly.append((Meeting.Kind.QUARTERLY, quarter_period(qday), clock.at(qday, 9, 0)))
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


def chair_and_recorder(seats) -> tuple:
    """The seats of the meeting's chair (the community's secretary) and recorder (its deputy secretary)."""
    own = [s for s in seats if s.unit.kind == "community"] or list(seats)
    chair = next((s for s in own if s.role == CHAIR_ROLE), own[0])
    recorder = next((s for s in own if s.role == RECORDER_ROLE and s != chair), None)
    return chair, recorder or next(s for s in own if s != chair)


def seed_meetings(ctx: SeedContext) -> None:
    community = ctx.community
    today = timezone.localdate()
    seats = list(
        CommitteeSeat.objects.active().filter(community=community).select_related("unit").order_by("term_start", "id")
    )
    if not seats:
        return
    admin = ctx.users.get("admin")
    chair, recorder = chair_and_recorder(seats)
    units = {unit.name: unit for unit in Unit.objects.filter(community=community)}
    schedule = _past_meetings(today)
    pending: list[PlannedUpdate] = []
    resolutions = iter(enumerate(RESOLUTIONS))
    for index, (kind, period, starts_at) in enumerate(schedule):
        if Meeting.objects.filter(community=community, kind=kind, period=period).exists():
            continue
        for update in pending:
            # A unit reports after the meeting of that day, not on its morning: the meeting saw the state before.
            if timezone.localdate(update.when) == timezone.localdate(starts_at):
                update.when = clock.office(starts_at + timedelta(hours=2, minutes=30))
        _flush(pending, before=starts_at, by=admin)
        meeting = Meeting.objects.create(
            community=community,
            kind=kind,
            period=period,
            starts_at=starts_at,
            place=default_place(community),
            convener=chair.holder_name,
        )
        # One February meeting fell short of a quorum: several members were away before the Spring Festival.
        below = kind == Meeting.Kind.MONTHLY and starts_at.month == 2
        _hold(meeting, index, below, keep_present={chair.pk, recorder.pk})
        _agenda(meeting, index, list(units.values()))
        # A meeting without a quorum adopts nothing: its topics wait for the next one.
        count = 3 if kind == Meeting.Kind.QUARTERLY else (0 if below else index % 2)
        for _n in range(count):
            number_and_spec = next(resolutions, None)
            if number_and_spec is None:
                break
            pending += _resolution(meeting, number_and_spec[1], units=units)
        closed_at = starts_at + timedelta(hours=2)
        with clock.dated(closed_at):
            meeting.close(by=admin)
        _minutes(meeting, index, len(schedule), admin, recorder.holder_name)
        Meeting.objects.filter(pk=meeting.pk).update(
            opened_at=starts_at, closed_at=closed_at, created_at=clock.office(starts_at - timedelta(days=20))
        )
    _flush(pending, before=timezone.now(), by=admin)
    with clock.dated(clock.last_office_moment()):
        for meeting in plan_coming(community, today=today):
            meeting.convener = chair.holder_name
            meeting.save(update_fields=["convener"])


def _hold(meeting: Meeting, index: int, below_quorum: bool, keep_present: set) -> None:
    meeting.status, meeting.opened_at = Meeting.Status.HELD, meeting.starts_at
    meeting.save(update_fields=["status", "opened_at"])
    meeting.sync_attendance()
    meeting.carry_over_open_resolutions()
    for seat_index, row in enumerate(meeting.attendance.select_related("seat").order_by("seat__term_start", "seat_id")):
        # The chair and the recorder are there whatever the pattern says: the minutes name them.
        row.status = (
            Attendance.Status.PRESENT
            if row.seat_id in keep_present
            else _attendance_for(index, seat_index, below_quorum)
        )
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


def _resolution(meeting: Meeting, spec, units: dict) -> list[PlannedUpdate]:
    text, updates, public = spec
    lead_name, co_names = RESOLUTION_UNITS[text]
    lead = units[lead_name]
    day = timezone.localdate(meeting.starts_at)
    # Short jobs get two months, building works five; the last report of a finished one comes before its due date.
    last_report = max((days for days, *_rest in updates), default=0)
    due = clock.workday_on_or_after(day + timedelta(days=max(60, last_report + 20) if last_report < 120 else 200))
    resolution = Resolution.objects.create(
        community=meeting.community,
        meeting=meeting,
        number=meeting.resolutions.count() + 1,
        text=text,
        lead_unit=lead,
        owner=next((s.holder_name for s in lead.seats.order_by("role", "pk") if s.term_end is None), "—"),
        due_date=due,
        is_public=public,
        created_at=meeting.starts_at,
    )
    resolution.co_units.set([units[name] for name in co_names])
    return [
        PlannedUpdate(resolution, clock.office(meeting.starts_at + timedelta(days=days)), pct, status, report)
        for days, pct, status, report in updates
    ]


def _flush(pending: list[PlannedUpdate], before: datetime, by) -> None:
    """Post the progress reports dated before `before` (and before the last office hour), in date order."""
    cap = min(before, clock.last_office_moment())
    due = sorted((u for u in pending if u.when < cap), key=lambda u: u.when)
    for update in due:
        pending.remove(update)
        resolution = Resolution.objects.get(pk=update.resolution.pk)
        if not resolution.is_open:
            continue
        with clock.dated(update.when):
            posted = resolution.post_progress(by, update.text, update.percent, update.status)
        ResolutionUpdate.objects.filter(pk=posted.pk).update(created_at=update.when)


def _minutes(meeting: Meeting, index: int, total: int, admin, recorder: str) -> None:
    titles = "、".join(item.title for item in meeting.agenda_items.filter(~Q(title="")))
    meeting.minutes = (
        f"会议由{meeting.convener}主持，{recorder}记录。"
        f"应到委员{meeting.seat_count}人，实到{meeting.present_count}人（含委托）。\n\n"
        f"会议听取了上次会议议定事项落实情况汇报，围绕{titles}进行了协商讨论，"
    )
    adopted = meeting.resolutions.count()
    if not meeting.has_quorum:
        meeting.minutes += "因出席人数不足应到人数的半数，未形成议定事项，议题留待下次会议审议。"
    elif adopted:
        meeting.minutes += f"形成议定事项{adopted}项，明确了牵头单位、责任人和完成时限。"
    else:
        meeting.minutes += "各单位交流了工作情况，本次未形成新的议定事项。"
    meeting.internal_notes = "会前已电话通知全体委员。" if index % 3 == 0 else ""
    meeting.save(update_fields=["minutes", "internal_notes"])
    if index == total - 1:
        return  # the latest meeting's minutes are still a draft
    approved = clock.done_by(meeting.starts_at + timedelta(days=3))
    with clock.dated(approved):
        meeting.approve_minutes(by=admin)
    if index == total - 2:
        return  # approved, waiting to be published
    published = clock.done_by(meeting.starts_at + timedelta(days=7))
    with clock.dated(published):
        meeting.publish_minutes(by=admin)
    Meeting.objects.filter(pk=meeting.pk).update(minutes_published_at=published)


# The escalation loop in the demo: (filed days before the meeting, description, resolution text, lead unit,
# co-units, progress reports as (days after the meeting, percent, status, report)).
ESCALATED = [
    (
        12,
        "红星小区5栋北侧下水管网反复堵塞外溢，物业说主管归水务，水务说支管归物业，问题拖了两个月。",
        "红星物业牵头、水务营业所配合，对红星小区5栋北侧雨污管网整体疏通并更换破损支管",
        "红星物业服务有限公司",
        ["示范水务集团红星营业所", "红星社区"],
        [
            (12, 50, "in_progress", "已完成管网检测，确定两段破损支管"),
            (25, 100, "done", "破损支管已更换，管网疏通完毕"),
        ],
    ),
    (
        10,
        "红星小学放学时段校门口人车混行，孩子过马路很危险，希望增设护学设施和交通标志。",
        "红星小学牵头、红星社区和智联科技配合，在校门口增设护栏、减速标线（报交警部门审批）和高峰护学岗",
        "红星小学",
        ["红星社区", "向阳智联科技有限公司"],
        [(15, 40, "in_progress", "护栏和标线方案已报批，护学岗先行上岗")],
    ),
]


def seed_escalations(ctx: SeedContext) -> None:
    """Two escalated requests: one resolved through a resolution and closed, one in progress."""
    from meetings.escalation import Escalation
    from services import workdays
    from services.models import ReferenceCounter, RequestEvent, ServiceRequest

    from .residents import door_of

    community = ctx.community
    if Escalation.objects.filter(community=community).exists():
        return
    held = list(
        Meeting.objects.filter(
            community=community, kind=Meeting.Kind.QUARTERLY, status=Meeting.Status.HELD, closed_at__isnull=False
        ).order_by("-starts_at")[:2]
    )
    seats = list(CommitteeSeat.objects.active().filter(community=community).select_related("unit"))
    staff = ctx.users.get("staff")
    applicants = [ctx.users.get("resident2"), ctx.users.get("resident")]
    if not held or not seats or staff is None or None in applicants:
        return
    units = {unit.name: unit for unit in Unit.objects.filter(community=community)}
    latest = clock.last_office_moment()
    for index, (spec, applicant) in enumerate(zip(ESCALATED, applicants, strict=True)):
        meeting = held[-1] if index == 0 else held[0]  # the older meeting's case is finished
        finished = index == 0
        before, description, text, lead_name, co_names, reports = spec
        filed = clock.office(meeting.starts_at - timedelta(days=before))
        accepted = clock.office(filed + timedelta(hours=2))
        started = clock.office(accepted + timedelta(hours=1))
        reference = ReferenceCounter.next_reference(community, timezone.localdate(filed))
        req = ServiceRequest.objects.create(
            community=community,
            reference=reference,
            kind=ServiceRequest.Kind.APPEAL,
            channel=ServiceRequest.Channel.ONLINE,
            applicant=applicant,
            applicant_name=applicant.real_name,
            applicant_phone=applicant.phone,
            address=door_of(applicant.phone).address,
            description=description,
            status=ServiceRequest.Status.IN_PROGRESS,
            assignee=staff,
            submitted_by=applicant,
            created_at=filed,
            accepted_at=accepted,
            due_date=workdays.add_workdays(timezone.localdate(accepted), 5),
        )
        lead = units[lead_name]
        resolution = Resolution.objects.create(
            community=community,
            meeting=meeting,
            number=meeting.resolutions.count() + 1,
            text=text,
            lead_unit=lead,
            owner=next((s.holder_name for s in seats if s.unit_id == lead.pk and s.term_end is None), "—"),
            due_date=clock.workday_on_or_after(
                max(
                    timezone.localdate(meeting.starts_at) + timedelta(days=45),
                    timezone.localdate() + timedelta(days=40),
                )
                if not finished
                else timezone.localdate(meeting.starts_at) + timedelta(days=40)
            ),
            created_at=meeting.starts_at,
        )
        resolution.co_units.set([units[name] for name in co_names])
        item = meeting.agenda_items.create(
            community=community,
            order=meeting.agenda_items.count() + 1,
            title=f"居民诉求 {reference}：{req.title}",
            details="涉及多家单位职责，社区单独无法解决，提交联席会议协商。",
            source_kind="request",
        )
        escalated_at = clock.office(filed + timedelta(days=3))
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
            (started, staff, "status", "in_progress", "已开始办理，现场查看了情况。"),
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
            when = clock.done_by(meeting.starts_at + timedelta(days=days), latest)
            ResolutionUpdate.objects.bulk_create(
                [
                    ResolutionUpdate(
                        community=community,
                        resolution=resolution,
                        text=report,
                        progress=percent,
                        status=status,
                        author=staff,
                        created_at=when,
                    )
                ]
            )
            resolution.status, resolution.progress = status, percent
            events.append(
                (
                    when,
                    staff,
                    "note",
                    "",
                    f"联席会议议定事项进展：{percent}%（{resolution.get_status_display()}）。{report}",
                )
            )
        resolution.save(update_fields=["status", "progress"])
        fields = {"escalated_until": resolution.due_date}
        if finished:
            done_at = clock.done_by(meeting.starts_at + timedelta(days=27), latest)
            rated_at = min(done_at + timedelta(hours=2), timezone.now() - timedelta(minutes=5))
            fields |= {"status": "closed", "completed_at": done_at, "closed_at": done_at, "rating": 5}
            events += [
                (done_at, staff, "status", "completed", "议定事项已落实，诉求办结。"),
                (rated_at, applicant, "rating", "closed", "评价“非常满意”。 管网修好了，谢谢社区和各单位。"),
            ]
            Escalation.objects.filter(pk=escalation.pk).update(closed_at=done_at)
        ServiceRequest.objects.filter(pk=req.pk).update(**fields)
        if finished:
            req.ratings.create(
                score=5,
                solved=True,
                comment="管网修好了，谢谢社区和各单位。",
                rated_by=applicant,
                created_at=rated_at,
            )
        RequestEvent.objects.bulk_create(
            [
                RequestEvent(request=req, created_at=at, author=by, kind=kind, status=status, text=body, public=True)
                for at, by, kind, status, body in events
            ]
        )
