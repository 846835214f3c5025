"""Public notice pages: list with categories, search and pagination; detail; files; feeds; sitemap; home."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from notices.models import Notice, NoticeAttachment
from tests import uploads
from tests.factories import make_notice
from tests.utils import assert_constant_queries

pytestmark = pytest.mark.django_db
S = Notice.State


def _attach(notice, name="明细.pdf"):
    attachment = NoticeAttachment(community=notice.community, notice=notice, name=name)
    attachment.file.save("a.pdf", uploads.pdf(), save=False)
    attachment.size = attachment.file.size
    attachment.save()
    return attachment


def test_list_shows_visible_notices_of_the_visitors_community(client, actors):
    make_notice(actors.community, actors.staff, title="本社区已发布")
    make_notice(actors.community, actors.staff, title="本社区草稿", state=S.DRAFT)
    make_notice(actors.community, actors.staff, title="本社区待审", state=S.SUBMITTED)
    make_notice(actors.community, actors.staff, title="本社区已撤回", state=S.WITHDRAWN)
    make_notice(actors.other_community, actors.outsider, title="别的社区")
    page = client.get(reverse("notices:list"), HTTP_COOKIE="community=HX").content.decode()
    assert "本社区已发布" in page
    for hidden in ("本社区草稿", "本社区待审", "本社区已撤回", "别的社区"):
        assert hidden not in page


def test_logged_in_users_see_their_own_communitys_notices(actors):
    make_notice(actors.other_community, actors.outsider, title="东风社区通知")
    assert "东风社区通知" in actors.client("outsider_resident").get(reverse("notices:list")).content.decode()
    assert "东风社区通知" not in actors.client("resident").get(reverse("notices:list")).content.decode()


def test_pinned_notices_come_first(client, actors):
    make_notice(actors.community, actors.staff, title="置顶的旧通知", pinned=True,
                publish_at=timezone.now() - timedelta(days=30))  # fmt: skip
    make_notice(actors.community, actors.staff, title="最新的通知")
    page = client.get(reverse("notices:list")).content.decode()
    assert page.index("置顶的旧通知") < page.index("最新的通知")


def test_category_tabs_filter_the_list(client, actors):
    make_notice(actors.community, actors.staff, title="财务收支", category=Notice.Category.FINANCE)
    make_notice(actors.community, actors.staff, title="党费使用", category=Notice.Category.PARTY)
    page = client.get(reverse("notices:list"), {"category": "finance"}).content.decode()
    assert "财务收支" in page and "党费使用" not in page
    assert 'aria-current="page"' in page
    assert client.get(reverse("notices:list"), {"category": "nonsense"}).status_code == 200


def test_search_finds_two_character_words_in_titles_and_bodies(client, actors):
    make_notice(actors.community, actors.staff, title="关于低保复核的公示")
    make_notice(actors.community, actors.staff, title="回访安置小区", body="2017年棚改回迁的居民")
    make_notice(actors.community, actors.staff, title="停水通知")
    page = client.get(reverse("notices:list"), {"q": "低保"}).content.decode()
    assert "关于低保复核的公示" in page and "停水通知" not in page
    page = client.get(reverse("notices:list"), {"q": "棚改"}).content.decode()
    assert "回访安置小区" in page and "停水通知" not in page


def test_list_paginates_and_keeps_the_filters(client, actors):
    for n in range(20):
        make_notice(actors.community, actors.staff, title=f"低保政策{n}")
    page = client.get(reverse("notices:list"), {"q": "低保"}).content.decode()
    assert "page=2" in page and "q=%E4%BD%8E%E4%BF%9D" in page
    assert client.get(reverse("notices:list"), {"q": "低保", "page": 2}).status_code == 200


def test_list_query_count_is_pinned(client, actors):
    make_notice(actors.community, actors.staff, pinned=True)
    make_notice(actors.community, actors.staff)

    def add_rows():
        for n in range(18):
            _attach(make_notice(actors.community, actors.staff, title=f"通知{n}", pinned=n % 3 == 0))

    assert_constant_queries(client, reverse("notices:list") + "?q=通知", add_rows)


def test_list_rejects_post(client, db):
    assert client.post(reverse("notices:list")).status_code == 405


def test_detail_shows_the_notice_its_attachments_and_counts_views(client, actors):
    notice = make_notice(actors.community, actors.staff, title="财务公开", body="## 收入\n\n- 拨付经费")
    _attach(notice, "第三季度明细.pdf")
    response = client.get(notice.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert "<h2>收入</h2>" in page and "第三季度明细.pdf" in page
    client.get(notice.get_absolute_url())
    notice.refresh_from_db()
    assert notice.view_count == 2


def test_detail_shows_the_publicity_period_with_days_left(client, actors):
    today = timezone.localdate()
    notice = make_notice(actors.community, actors.staff, publicity_from=today, publicity_to=today + timedelta(days=4))
    page = client.get(notice.get_absolute_url()).content.decode()
    assert "公示期" in page and "还剩 5 天" in page


def test_detail_query_count_is_pinned(client, actors):
    notice = make_notice(actors.community, actors.staff)
    assert_constant_queries(client, notice.get_absolute_url(), lambda: [_attach(notice) for _ in range(10)])


@pytest.mark.parametrize("state", [S.DRAFT, S.SUBMITTED, S.WITHDRAWN])
def test_detail_of_an_unpublished_notice_is_404(client, actors, state):
    notice = make_notice(actors.community, actors.staff, state=state)
    assert client.get(notice.get_absolute_url()).status_code == 404


def test_detail_of_another_community_is_404(actors):
    notice = make_notice(actors.other_community, actors.outsider)
    assert actors.client("resident").get(notice.get_absolute_url()).status_code == 404


def test_detail_rejects_post(client, actors):
    assert client.post(make_notice(actors.community, actors.staff).get_absolute_url()).status_code == 405


def test_attachment_downloads_with_a_safe_disposition(client, actors):
    notice = make_notice(actors.community, actors.staff)
    attachment = _attach(notice, "收支明细.pdf")
    response = client.get(reverse("notices:attachment", args=[notice.pk, attachment.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/pdf" and response["X-Content-Type-Options"] == "nosniff"


def test_attachments_of_drafts_are_for_staff_only(client, actors):
    notice = make_notice(actors.community, actors.staff, state=S.DRAFT)
    attachment = _attach(notice)
    url = reverse("notices:attachment", args=[notice.pk, attachment.pk])
    assert client.get(url).status_code == 404
    assert actors.client("resident").get(url).status_code == 404
    assert actors.client("outsider").get(url).status_code == 404
    assert actors.client("staff").get(url).status_code == 200


def test_attachment_of_another_notice_is_404(client, actors):
    notice = make_notice(actors.community, actors.staff)
    other = _attach(make_notice(actors.community, actors.staff, state=S.DRAFT))
    assert client.get(reverse("notices:attachment", args=[notice.pk, other.pk])).status_code == 404


def test_feed_lists_visible_notices_and_has_a_feed_per_category(client, actors):
    make_notice(actors.community, actors.staff, title="财务收支公开", category=Notice.Category.FINANCE)
    make_notice(actors.community, actors.staff, title="党费公开", category=Notice.Category.PARTY)
    make_notice(actors.community, actors.staff, title="未发布草稿", state=S.DRAFT)
    feed = ET.fromstring(client.get(reverse("notices:feed")).content)
    titles = [t.text for t in feed.iter("title")]
    assert "财务收支公开" in titles and "党费公开" in titles and "未发布草稿" not in titles
    feed = ET.fromstring(client.get(reverse("notices:category_feed", args=["finance"])).content)
    titles = [t.text for t in feed.iter("title")]
    assert "财务收支公开" in titles and "党费公开" not in titles
    assert client.get(reverse("notices:category_feed", args=["nonsense"])).status_code == 404


def test_sitemap_lists_visible_notices(client, actors):
    shown = make_notice(actors.community, actors.staff)
    hidden = make_notice(actors.community, actors.staff, state=S.DRAFT)
    body = client.get("/sitemap.xml").content.decode()
    assert shown.get_absolute_url() in body and hidden.get_absolute_url() not in body
    assert "/notices/</loc>" in body


def test_home_shows_pinned_and_latest_notices_and_the_contacts(client, actors):
    make_notice(actors.community, actors.staff, title="置顶公告", pinned=True)
    make_notice(actors.community, actors.staff, title="最新动态")
    make_notice(actors.community, actors.staff, title="下周才发布", publish_at=timezone.now() + timedelta(days=7))
    page = client.get("/").content.decode()
    assert "置顶公告" in page and "最新动态" in page and "下周才发布" not in page
    assert page.index("置顶公告") < page.index("最新动态")
    assert actors.community.phone in page and reverse("notices:list") in page


def test_home_query_count_is_pinned(client, actors):
    make_notice(actors.community, actors.staff)

    def add_rows():
        for n in range(12):
            make_notice(actors.community, actors.staff, title=f"通知{n}", pinned=n < 4)

    assert_constant_queries(client, "/", add_rows)
