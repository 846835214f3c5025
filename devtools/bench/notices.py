"""Bench-sized notices: five years of open affairs in every category, a few pinned, some with files.

Titles and bodies are put together from the topics a community really writes
about (低保, 医保, 棚改, 供暖 …), so a two-character search finds a realistic
share of the rows. bulk_create skips Notice.save(), so the search tokens are
computed here the same way.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from notices.models import Notice, NoticeAttachment
from notices.search import search_tokens

from .core import BenchPage, BenchSeed

CHUNK = 2000
SPAN_DAYS = 5 * 365
DOCUMENT = "bench/notice.pdf"
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\n%%EOF\n"
C = Notice.Category
TOPICS = [
    (C.RESIDENTS, "低保复核结果", "对在册低保家庭逐户复核，结果予以公示"),
    (C.RESIDENTS, "高龄津贴发放名单", "本月新增80周岁以上老人高龄津贴名单"),
    (C.FINANCE, "季度财务收支情况", "社区经费收入支出明细，欢迎居民监督"),
    (C.FINANCE, "共建经费使用情况", "驻区单位共建资金的用途和结余"),
    (C.PARTY, "党员发展对象公示", "拟发展党员的基本情况，接受群众监督"),
    (C.PARTY, "主题党日活动安排", "本月主题党日的时间、地点和内容"),
    (C.ANNOUNCEMENT, "供暖期间楼道消防检查", "网格员将逐楼检查楼道堆物和飞线充电"),
    (C.ANNOUNCEMENT, "停水停电通知", "管网维修期间部分楼栋临时停水"),
    (C.POLICY, "医保参保政策解读", "城乡居民医保参保缴费时间和待遇"),
    (C.POLICY, "棚改安置政策问答", "棚改回迁安置的面积、价格和流程"),
    (C.NEWS, "志愿服务队走访独居老人", "在职党员结对帮扶，上门送温暖"),
    (C.NEWS, "驻区单位开放停车位", "夜间错峰停车缓解小区停车难"),
]
BODY = (
    "## 基本情况\n\n{summary}。社区党委会同驻区单位认真研究，现将有关情况公开如下。\n\n"
    "## 具体内容\n\n- 时间：{year}年{month}月\n- 范围：本社区全体居民\n- 联系人：社区党群服务中心一站式服务窗口\n\n"
    "## 监督渠道\n\n对以上内容有意见的，请到社区党群服务中心反映，也可拨打社区办公电话。"
)


def seed_notices_bench(bench: BenchSeed) -> None:
    missing = bench.sizes["notices"] - Notice.objects.count()
    if missing <= 0:
        bench.say(f"notices: {Notice.objects.count()} already, nothing to add")
        return
    if not default_storage.exists(DOCUMENT):
        default_storage.save(DOCUMENT, ContentFile(PDF))
    for community, count in bench.split(missing):
        author = bench.staff[community.pk][1]
        reviewer = bench.staff[community.pk][0]
        done = 0
        while done < count:
            size = min(CHUNK, count - done)
            with transaction.atomic():
                _chunk(bench, community, author, reviewer, size)
            done += size
        bench.say(f"notices: {count} for {community.name}")


def _chunk(bench: BenchSeed, community, author, reviewer, size: int) -> None:
    rng = bench.rng
    now = timezone.now()
    notices = []
    for _n in range(size):
        category, topic, summary = rng.choice(TOPICS)
        published = now - timedelta(days=rng.randint(1, SPAN_DAYS), hours=rng.randint(0, 23))
        state = rng.choices(list(Notice.State), [3, 2, 93, 2])[0]
        title = f"{community.name}{published.year}年{published.month}月{topic}"
        body = BODY.format(summary=summary, year=published.year, month=published.month)
        notices.append(
            Notice(
                community=community,
                category=category,
                title=title,
                summary=f"{summary}。",
                body=body,
                state=state,
                publish_at=published if state in (Notice.State.PUBLISHED, Notice.State.WITHDRAWN) else None,
                author=author,
                reviewed_by=reviewer if state != Notice.State.DRAFT else None,
                created_at=published - timedelta(days=2),
                submitted_at=published - timedelta(days=1) if state != Notice.State.DRAFT else None,
                view_count=rng.randint(0, 800),
                search_tokens=search_tokens(title, f"{summary}。", body),
            )
        )
    Notice.objects.bulk_create(notices, batch_size=CHUNK)
    NoticeAttachment.objects.bulk_create(
        [
            NoticeAttachment(community=community, notice=notice, file=DOCUMENT, name="明细.pdf", size=len(PDF))
            for notice in notices
            if rng.random() < 0.2
        ],
        batch_size=CHUNK,
    )


PAGES = [
    BenchPage("notices", lambda: "/notices/", order=10),
    # A two-character word, the hard case for Chinese search (see notices/search.py).
    BenchPage("notice search", lambda: "/notices/?q=%E4%BD%8E%E4%BF%9D", order=11),
]
