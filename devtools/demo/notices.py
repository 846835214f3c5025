"""Demo notices: about forty across every category and state, written as a real community would."""

from datetime import date, datetime, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from notices.models import Notice, NoticeAttachment

from . import clock, pdf
from .core import SeedContext

C = Notice.Category
S = Notice.State

# (category, title, summary, body); the states, dates and flags are assigned in NOTICE_PLAN below.
NOTICES = [
    (
        C.RESIDENTS,
        "关于{year}年度城市居民最低生活保障对象复核结果的公示",
        "经入户调查、民主评议，现将本年度低保复核结果予以公示，公示期七天。",
        "## 一、复核情况\n\n根据区民政局统一部署，社区近期对在册**低保**家庭逐户复核，"
        "共入户调查 13 户，召开民主评议会 2 次。\n\n## 二、复核结果\n\n| 类别 | 户数 |\n|---|---|\n"
        "| 继续享受低保 | 10 |\n| 调整保障金额 | 2 |\n| 停止享受 | 1 |\n\n"
        "## 三、异议渠道\n\n对公示名单有异议的，请在公示期内到社区党群服务中心一站式服务窗口反映，"
        "也可拨打社区办公电话。我们将为反映人保密。",
    ),
    (
        C.FINANCE,
        "红星社区{quarter_year}年{quarter}财务收支情况公开",
        "{quarter}社区经费收入、支出明细，欢迎居民监督。",
        "## 收入\n\n- 上级拨付社区工作经费：12.6 万元\n- 共驻共建单位支持资金：3.2 万元\n\n"
        "## 支出\n\n- 为民服务项目（老年食堂、助浴）：6.8 万元\n- 环境整治：4.1 万元\n"
        "- 办公及水电：1.9 万元\n\n明细账目见附件。如有疑问，请联系社区财务监督小组。",
    ),
    (
        C.ANNOUNCEMENT,
        "关于开展楼道消防安全检查的通知",
        "{check_from}至{check_to}，网格员将逐楼检查楼道堆物和电动车充电情况。",
        "各位居民：\n\n楼道堆物和电动车飞线充电是小区火灾的主要隐患。社区将联合物业、驻区消防救援站，"
        "于 **{check_from}至{check_to}** 逐楼检查：\n\n1. 楼道内堆放的杂物；\n2. 电动自行车入户、飞线充电；\n"
        "3. 消防通道占用情况。\n\n请大家提前清理，配合检查。行动不便的老人家中如需帮忙搬运，"
        "请告诉网格员，我们上门协助。",
    ),
    (
        C.POLICY,
        "一图读懂：低保申请需要哪些材料、多长时间办结",
        "申请条件、所需材料、办理时限，一次说清楚。",
        "## 谁可以申请\n\n共同生活的家庭成员人均收入低于本市**低保**标准，且财产状况符合规定的本市户籍居民。\n\n"
        "## 要带什么\n\n- 户口本、身份证\n- 家庭收入情况说明\n- 残疾证、病历等（如有）\n\n"
        "## 多久办完\n\n社区受理后 **20 个工作日** 内完成审核。行动不便的，可以打电话请工作人员上门代办，"
        "“群众动嘴、干部跑腿”。",
    ),
    (
        C.NEWS,
        "回访棚改安置小区：大家住得怎么样",
        "党员服务队回访2017年棚改回迁居民，收集意见 37 条。",
        "2017年**棚改**中，社区党员服务队挨家挨户上门，1286 户居民全部签约、无一上访。\n\n"
        "如今，服务队又回到安置小区，逐户回访。居民们最关心的是电梯维保和小区停车，"
        "共收集意见建议 37 条，已全部转交物业和相关单位，处理进度将在本栏目公开。",
    ),
    (
        C.PARTY,
        "社区党委{year}年{this_quarter}“主题党日”活动安排",
        "本季度主题党日以“走进驻区单位、共建美好家园”为主题。",
        "## 活动安排\n\n- {m1}：走进向阳税务所，学习减税降费政策\n"
        "- {m2}：与红星小学党总支联合开展关爱空巢老人志愿服务\n"
        "- {m3}：专题组织生活会\n\n请各支部按时组织党员参加，在职党员可通过“双报到”认领服务岗位。",
    ),
    (
        C.PARTY,
        "关于发展党员对象的公示",
        "经支部大会讨论，拟将两名同志列为发展对象，现予公示。",
        "根据《中国共产党发展党员工作细则》，经党支部委员会研究，拟将以下同志列为发展对象：\n\n"
        "- 刘雨婷，女，1995年5月生，大学本科，社区网格员\n"
        "- 陈浩然，男，1992年8月生，大学本科，向阳智联科技有限公司职工\n\n"
        "公示期间，党员和群众可以通过来信、来电或当面反映的方式，"
        "向社区党委反映情况。",
    ),
    (
        C.RESIDENTS,
        "红星路口袋公园改造方案征求意见",
        "改造方案已经居民议事会讨论，现公开征求全体居民意见。",
        "红星路口袋公园建成已有十年，部分健身器材老化。经居民议事会讨论，初步方案如下：\n\n"
        "1. 更换健身器材 12 件；\n2. 增设适老化休息座椅和扶手；\n3. 夜间照明改为节能灯。\n\n"
        "请在公示期内把意见告诉我们，社区将汇总后提交大党委联席会议研究。",
    ),
    (
        C.ANNOUNCEMENT,
        "社区党群服务中心节假日值班安排",
        "法定节假日期间一站式服务窗口安排专人值班。",
        "法定节假日期间，社区党群服务中心每天上午 9:00–11:30 安排专人值班，"
        "办理急需事项。其他时间如遇紧急情况，请拨打社区值班电话。",
    ),
    (
        C.POLICY,
        "城乡居民医保{coverage_year}年度集中参保缴费政策解读",
        "缴费时间、标准和补贴政策解读，低保对象个人缴费部分由财政资助。",
        "## 缴费时间\n\n每年9月至12月集中缴费，新生儿、刚退出职工医保的居民可随时参保。\n\n"
        "## 缴费标准\n\n成年居民每人每年 400 元；"
        "**低保**对象、特困人员个人缴费部分由财政全额资助。\n\n## 怎么缴\n\n"
        "可以在手机上缴费，也可以到社区服务窗口由工作人员帮助办理。",
    ),
    (
        C.NEWS,
        "驻区单位与社区签订共驻共建协议",
        "10家驻区单位认领共建项目 17 个。",
        "在大党委例会上，向阳税务所、红星小学、向阳供电所等 10 家驻区单位与社区签订共驻共建协议，"
        "认领助老、助学、环境整治等共建项目 17 个。年底将对照协议逐项检查落实情况。",
    ),
    (
        C.FINANCE,
        "社区老年食堂运营补贴使用情况公开",
        "{year}年以来老年食堂补贴收支情况。",
        "老年食堂今年共服务 80 岁以上老人 8600 人次，使用运营补贴 9.6 万元，"
        "主要用于食材和配送。每月收支明细张贴在食堂门口公开栏，欢迎监督。",
    ),
    (
        C.RESIDENTS,
        "红星小区加装电梯意见征询结果公开",
        "3栋2单元加装电梯意见征询已完成，同意率达到规定比例。",
        "经入户征询，3栋2单元 20 户中 18 户同意加装电梯，达到规定比例。"
        "下一步将进入设计和报批阶段，施工前再次公示施工方案。",
    ),
    (
        C.ANNOUNCEMENT,
        "关于开展免费测血压、测血糖义诊活动的通知",
        "社区卫生服务站每周三上午在党群服务中心开展义诊。",
        "每周三上午 8:30–11:00，社区卫生服务站医生在党群服务中心一楼为居民免费测量血压、血糖，"
        "并提供用药咨询。请携带医保卡。",
    ),
    (
        C.POLICY,
        "老旧小区改造与棚改政策有什么不同",
        "很多居民问到：我们小区能不能像当年一样棚改？",
        "当年的**棚改**是拆除重建、居民回迁；现在的老旧小区改造是在原址上改善"
        "水电气暖、加装电梯、整治环境，不涉及拆迁。具体能不能纳入改造计划，"
        "由区住建部门统一确定，社区会第一时间公开。",
    ),
    (
        C.NEWS,
        "“群众动嘴、干部跑腿”：窗口工作人员上门为残疾夫妇办好低保",
        "一通电话，社区工作人员上门拍照、填表，低保审批顺利通过。",
        "住在红星小区的一对残疾夫妇不识字、行动不便，一通电话打到社区。"
        "窗口工作人员第二天就上门拍照、填表，跑完了全部手续，**低保**审批顺利通过，"
        "结果也送到了家里。",
    ),
    (
        C.PARTY,
        "社区党委{year}年党费收缴使用情况公开",
        "按照党务公开要求，公开本年度党费收缴和使用情况。",
        "本年度共收缴党费 2.86 万元，全部按规定上缴。使用上级返还党费 1.2 万元，"
        "用于慰问困难党员和老党员、开展党员教育培训。",
    ),
    (
        C.FINANCE,
        "共驻共建单位捐赠物资使用情况公开",
        "驻区单位捐赠的冬季慰问物资已全部发放到户。",
        "向阳供电所、向阳税务所等单位捐赠米、面、油等物资折合 2.4 万元，"
        "已发放给 60 户困难家庭，发放名单经本人签字确认。",
    ),
    (
        C.RESIDENTS,
        "社区居民公约（修订稿）",
        "经居民代表会议表决通过的居民公约修订稿全文。",
        "## 第一条\n\n爱护公共设施，不在楼道堆放杂物。\n\n## 第二条\n\n文明养犬，出门拴绳，及时清理。\n\n"
        "## 第三条\n\n邻里互助，关心独居老人。\n\n## 第四条\n\n垃圾分类，定时定点投放。",
    ),
    (
        C.ANNOUNCEMENT,
        "停水通知：{cut_day}红星小区部分楼栋计划停水",
        "因管网维修，部分楼栋 9:00–17:00 停水。",
        "因水务营业所管网维修，{cut_day} 9:00–17:00 红星小区 1–3 栋停水，请提前储水。"
        "如有独居老人需要送水，请联系网格员。",
    ),
    (
        C.NEWS,
        "大党委联席会议协调解决小区停车难问题",
        "四家单位开放内部停车场，夜间为居民提供车位 120 个。",
        "在党建联席会议上，向阳税务所、红星小学等四家单位同意夜间开放内部停车场，"
        "为周边居民提供车位 120 个，缓解了老旧小区停车难。",
    ),
    (
        C.POLICY,
        "新生儿出生“一件事”联办怎么办",
        "出生医学证明、落户、医保参保一次办好。",
        "新生儿出生后，家长可以在社区服务窗口一次提交材料，联办出生医学证明、户口登记、医保参保等事项，不用再多头跑。",
    ),
    (
        C.NEWS,
        "红星小学师生志愿者走进社区开展“一老一小”服务",
        "师生志愿者陪老人读报、教智能手机使用。",
        "红星小学 6 名教师党员带着 24 名高年级学生走进社区，"
        "陪老人读报、教智能手机使用，还为社区“四点半课堂”的孩子辅导作业。",
    ),
    (
        C.RESIDENTS,
        "社区“两委”成员联系网格分工公开",
        "每个网格都有联系人，有事可以直接找。",
        "社区共划分 2 个网格，每个网格由一名“两委”成员联系、一名网格员负责，联系人姓名和办公电话张贴在各楼栋单元门口。",
    ),
    (
        C.FINANCE,
        "{last_year}年度社区为民服务专项资金使用情况公开",
        "专项资金 20 万元，实施为民服务项目 9 个。",
        "{last_year}年度为民服务专项资金 20 万元，经居民议事会讨论确定实施项目 9 个，"
        "包括楼道照明改造、老年助餐、儿童托管等，全部通过验收。",
    ),
    (
        C.PARTY,
        "在职党员到社区“双报到”工作情况通报",
        "驻区单位 30 名在职党员到社区报到，认领服务岗位 8 个。",
        "截至目前，10 家驻区单位的 30 名在职党员到社区报到，"
        "认领楼栋党员中心户、关爱帮扶等岗位 8 个，今年累计服务一千余小时。",
    ),
    (
        C.ANNOUNCEMENT,
        "关于开展走访慰问困难家庭活动的通知",
        "社区将走访慰问困难家庭、低保户和老党员。",
        "社区党委将组织党员服务队走访慰问困难家庭、**低保**户、独居老人和老党员，请各网格提前摸排需要帮助的家庭。",
    ),
    (
        C.NEWS,
        "社区老年食堂迎来第一万位就餐老人",
        "开业两年，老年食堂成了老人们的“幸福食堂”。",
        "老年食堂开业两年，累计服务 1 万人次。80 岁以上老人就餐享受补贴，行动不便的还能送餐上门。",
    ),
    (
        C.POLICY,
        "残疾人两项补贴申领指南",
        "困难残疾人生活补贴和重度残疾人护理补贴如何申领。",
        "持有残疾人证的困难家庭成员可以申领生活补贴，一、二级重度残疾人可以申领护理补贴。"
        "申请材料：身份证、残疾人证、户口本。可以在社区窗口办理，也可以预约上门办理。",
    ),
    (
        C.RESIDENTS,
        "居民议事会{year}年第三次会议议定事项公开",
        "议定楼道照明改造、垃圾分类亭选址两件事。",
        "会议议定：\n\n1. 4栋、5栋楼道照明改造，由红星物业负责，两个月内完成；\n"
        "2. 新增垃圾分类亭设在小区北门内侧，方便居民投放。",
    ),
    (
        C.NEWS,
        "社区开展防范电信诈骗宣传进楼栋活动",
        "民警和网格员上门提醒老人警惕“养老投资”骗局。",
        "社区民警和网格员走进楼栋，给老人们讲解“养老投资”“冒充客服”等常见骗局，"
        "提醒大家：凡是让你转账的，先给家人或社区打个电话。",
    ),
    (
        C.ANNOUNCEMENT,
        "{next_year}年社区党群服务中心开放时间调整的通知",
        "自{next_year}年1月起，工作日中午增设值班窗口。",
        "为方便上班族办事，自{next_year}年1月起，社区党群服务中心工作日中午 12:00–13:30 增设值班窗口，"
        "办理低保、医保、出生登记等常办事项。",
    ),
    (
        C.PARTY,
        "社区党委换届选举工作安排",
        "换届选举工作方案经上级党组织批复，现予公开。",
        "社区党委换届选举将于明年一月进行，分为推荐提名、考察、选举三个阶段，请各支部组织党员认真学习选举办法。",
    ),
    (
        C.FINANCE,
        "社区公益性岗位工资发放情况公开",
        "本年度公益性岗位 12 个，工资按月足额发放。",
        "社区本年度设置保洁、保绿、助老等公益性岗位 12 个，工资由财政补贴，按月足额发放，发放情况接受居民监督。",
    ),
    (
        C.NEWS,
        "红星社区获评区级“共建示范社区”",
        "大党委共驻共建工作得到上级肯定。",
        "在区委组织部组织的年度考评中，红星社区以大党委共驻共建工作成效获评区级“共建示范社区”。",
    ),
    (
        C.RESIDENTS,
        "社区停车管理办法（试行）征求意见稿",
        "征求意见稿（未提交）。",
        "为规范小区停车秩序，拟定停车管理办法征求意见稿，内容包括车位分配、收费标准和消防通道管理。",
    ),
    (
        C.POLICY,
        "临时救助政策问答",
        "遇到突发困难怎么申请临时救助（草稿）。",
        "因火灾、疾病等突发事件导致基本生活暂时困难的家庭，可以申请临时救助。急难情况可以先行救助，事后补齐手续。",
    ),
    (
        C.ANNOUNCEMENT,
        "关于暂停社区活动室开放的通知（已撤回）",
        "因维修暂停开放（维修计划取消，通知撤回）。",
        "因屋顶维修，社区活动室暂停开放一周。",
    ),
    (
        C.NEWS,
        "社区书法兴趣班开班（信息有误已撤回）",
        "书法兴趣班开班时间有误，已撤回。",
        "社区书法兴趣班将于每周二下午开班，欢迎报名。",
    ),
    (
        C.RESIDENTS,
        "关于{next_year}年度居民代表推选工作的公告",
        "下周起各网格推选居民代表，请关注。",
        "根据居民委员会组织法，{next_year}年度居民代表推选工作将于下周启动，每个网格推选 3 名代表。",
    ),
    (
        C.FINANCE,
        "社区活动经费预算（待审核）",
        "{next_year}年度社区活动经费预算草案，提交书记审核。",
        "{next_year}年度活动经费预算草案：文体活动 3 万元、志愿服务 2 万元、党员教育 1.5 万元。",
    ),
]

# Index in NOTICES → (state, publish day offset, pinned, publicity days (from, to) or None, author key).
# Everything not listed is published, oldest last, by the first staff member.
SPECIAL = {
    0: (S.PUBLISHED, -2, True, (-2, 5), "staff"),  # low-income review: in its publicity period, pinned
    2: (S.PUBLISHED, -1, True, None, "staff2"),  # winter fire checks: pinned
    7: (S.PUBLISHED, -20, False, (-20, -10), "staff2"),  # park plan: publicity period over
    35: (S.DRAFT, None, False, None, "staff"),
    36: (S.DRAFT, None, False, None, "staff2"),  # returned, see RETURNED
    37: (S.WITHDRAWN, -30, False, None, "staff"),
    38: (S.WITHDRAWN, -40, False, None, "staff2"),
    39: (S.PUBLISHED, 7, False, None, "staff"),  # scheduled for next week
    40: (S.SUBMITTED, None, False, None, "staff"),
    34: (S.SUBMITTED, None, False, None, "staff2"),
}
RETURNED = {36: "请补充临时救助的申请材料清单和办理时限，并注明咨询电话。"}
WITHDRAWN = {
    37: "维修计划取消，活动室照常开放。",
    38: "开班时间有误，核实后重新发布。",
}


QUARTERS = ["第一季度", "第二季度", "第三季度", "第四季度"]
MONTHS = "一二三四五六七八九十"


def _day(day: date) -> str:
    return f"{day.month}月{day.day}日"


def _dates(day: date) -> dict:
    """The dates a notice's text speaks of, from the day it is published: the demo reads current any day."""
    this_quarter = (day.month - 1) // 3
    last_quarter_year = day.year if this_quarter else day.year - 1
    first_month = this_quarter * 3 + 1
    return {
        "year": day.year,
        "last_year": day.year - 1,
        "next_year": day.year + 1,
        "quarter": QUARTERS[this_quarter - 1],
        "quarter_year": last_quarter_year,
        "this_quarter": QUARTERS[this_quarter],
        "m1": f"{first_month}月",
        "m2": f"{first_month + 1}月",
        "m3": f"{first_month + 2}月",
        "check_from": _day(day + timedelta(days=2)),
        "check_to": _day(day + timedelta(days=12)),
        "cut_day": _day(day + timedelta(days=3)),
        "coverage_year": day.year + (1 if day.month >= 9 else 0),
    }


def _accounts_pdf(community_name: str, dates: dict) -> bytes:
    """The quarterly accounts attached to the finance notice: one page, the figures the notice gives."""
    title = f"{community_name}{dates['quarter_year']}年{dates['quarter']}收支明细"
    lines = [
        ("", "单位：元"),
        "一、收入",
        ("    上级拨付社区工作经费", "126,000.00"),
        ("    共驻共建单位支持资金", "32,000.00"),
        ("    收入合计", "158,000.00"),
        "二、支出",
        ("    为民服务项目（老年食堂、助浴）", "68,000.00"),
        ("    环境整治", "41,000.00"),
        ("    办公及水电", "19,000.00"),
        ("    支出合计", "128,000.00"),
        ("三、结余", "30,000.00"),
        "",
        "经社区财务监督小组审核。如有疑问，请联系社区办公室 0431-8888 6666。",
    ]
    return pdf.one_page(title, lines)


def _plan(index: int):
    if index in SPECIAL:
        return SPECIAL[index]
    return (S.PUBLISHED, -3 - index * 4, False, None, "staff" if index % 2 else "staff2")


def _publish_moment(today: date, offset: int, index: int) -> datetime:
    """Admins publish at the desk: a working-day morning; already-published ones never after the last office hour."""
    moment = clock.at(today + timedelta(days=offset), 9, 10 + index % 40)
    if offset > 0:
        return clock.office(moment)
    return clock.done_by(moment)


def seed_notices(ctx: SeedContext) -> None:
    today = timezone.localdate()
    admin = ctx.users["admin"]
    latest = clock.last_office_moment()
    for index, (category, title, summary, body) in enumerate(NOTICES):
        state, offset, pinned, publicity, author_key = _plan(index)
        publish_at = _publish_moment(today, offset, index) if offset is not None else None
        dates = _dates(timezone.localdate(publish_at) if publish_at else today)
        title, summary, body = (text.format(**dates) for text in (title, summary, body))
        if Notice.objects.filter(community=ctx.community, title=title).exists():
            continue
        written = clock.done_by((publish_at or latest) - timedelta(days=2))
        notice = Notice(
            community=ctx.community,
            category=category,
            title=title,
            summary=summary,
            body=body,
            state=state,
            pinned=pinned,
            author=ctx.users[author_key],
            publish_at=publish_at,
            created_at=written,
        )
        if publicity:
            notice.publicity_from = today + timedelta(days=publicity[0])
            notice.publicity_to = today + timedelta(days=publicity[1])
        if state in (S.PUBLISHED, S.WITHDRAWN):
            notice.reviewed_by = admin
            notice.submitted_at = max(clock.done_by(publish_at - timedelta(days=1)), written)
            notice.view_count = 0 if offset > 0 else 40 + (index * 37) % 300
        if state == S.SUBMITTED:
            notice.submitted_at = max(clock.done_by(latest - timedelta(hours=3 + index)), written)
        if index in RETURNED:
            notice.review_comment, notice.returned_at, notice.reviewed_by = RETURNED[index], latest, admin
        if index in WITHDRAWN:
            notice.withdraw_reason, notice.withdrawn_at = WITHDRAWN[index], clock.done_by(latest - timedelta(days=5))
        notice.save()
        if category == C.FINANCE and state == S.PUBLISHED and index == 1:
            attachment = NoticeAttachment(
                community=ctx.community, notice=notice, name=f"{dates['quarter']}收支明细.pdf"
            )
            attachment.file.save("accounts.pdf", ContentFile(_accounts_pdf(ctx.community.name, dates)), save=False)
            attachment.size = attachment.file.size
            attachment.save()
