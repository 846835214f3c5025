"""A notice from draft to the public: staff write, the admin returns it, staff fix it, the admin publishes,
a visitor on a phone finds it by a two-character word, and the RSS feed carries it."""

import pytest
from playwright.sync_api import expect

from notices.models import Notice
from tests import uploads
from tests.browser.conftest import DESKTOP, PHONE
from tests.factories import PASSWORD, make_admin, make_community, make_staff

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "安置小区电梯维保情况公开"


@pytest.fixture
def photo(tmp_path):
    path = tmp_path / "现场照片.jpg"
    path.write_bytes(uploads.jpeg_with_gps(size=(2400, 1600)).read())
    return path


def test_notice_from_draft_to_a_visitors_phone(journey, settings, tmp_path, photo):
    settings.MEDIA_ROOT = tmp_path / "media"
    community = make_community("红星社区", "HX")
    staff = make_staff(community, "李秀梅")
    admin = make_admin(community, "王建华")

    # Staff draft the notice with a cover photo; the live preview renders the Markdown.
    s = journey(DESKTOP)
    s.login(staff.phone, PASSWORD)
    s.visit("/notices/new/")
    page = s.page
    page.get_by_label("类别").select_option("residents")
    page.get_by_label("标题").fill(TITLE)
    page.get_by_label("摘要").fill("回迁小区电梯维保进展。")
    page.get_by_label("正文").fill("## 维保进展\n\n已完成 **12 部** 电梯的年检。")
    expect(page.locator("#notice-preview h2")).to_have_text("维保进展")
    expect(page.locator("#notice-preview strong")).to_have_text("12 部")
    page.get_by_label("封面图片").set_input_files(str(photo))
    s.shot("notice-draft")
    page.get_by_role("button", name="保存草稿").click()
    s.check_page()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    notice = Notice.objects.get(title=TITLE)
    assert notice.cover and not uploads.has_gps(notice.cover.read())
    page.get_by_role("button", name="提交审核").click()
    s.check_page()
    expect(page.locator(".state-badge")).to_have_text("待审核")

    # The admin returns it with a comment.
    a = journey(DESKTOP)
    a.login(admin.phone, PASSWORD)
    a.visit("/notices/review/")
    a.shot("notice-review-queue")
    a.page.get_by_role("link", name=TITLE).click()
    a.check_page()
    a.page.get_by_label("需要修改的内容").fill("请写明这是2017年棚改回迁小区，并注明报修电话。")
    a.shot("notice-review")
    a.page.get_by_role("button", name="退回修改").click()
    a.check_page()
    expect(a.page.locator(".state-badge")).to_have_text("退回修改")

    # Staff see what was returned, fix it and submit again.
    s.visit("/notices/mine/?state=returned")
    expect(page.get_by_text("请写明这是2017年棚改回迁小区")).to_be_visible()
    s.shot("notice-returned")
    page.get_by_role("link", name=TITLE).click()
    s.check_page()
    page.get_by_role("link", name="修改").click()
    s.check_page()
    page.get_by_label("正文").fill(
        "## 维保进展\n\n2017年棚改回迁小区已完成 **12 部** 电梯的年检。\n\n报修电话：0431-8888 6666。"
    )
    expect(page.locator("#notice-preview")).to_contain_text("棚改回迁小区")
    page.get_by_role("button", name="保存草稿").click()
    s.check_page()
    page.get_by_role("button", name="提交审核").click()
    s.check_page()

    # The admin publishes it.
    a.visit("/notices/review/")
    a.page.get_by_role("link", name=TITLE).click()
    a.check_page()
    a.page.get_by_role("button", name="审核通过并发布").click()
    a.check_page()
    expect(a.page.locator(".state-badge")).to_have_text("已发布")

    # A visitor on a phone finds it by a two-character word.
    v = journey(PHONE)
    v.visit("/notices/")
    v.page.get_by_label("搜索公告").fill("棚改")
    v.page.get_by_role("button", name="搜索").click()
    v.check_page()
    expect(v.page.get_by_role("status")).to_contain_text("找到 1 条")
    v.shot("notice-search")
    v.page.get_by_role("link", name=TITLE).click()
    v.check_page()
    expect(v.page.locator(".prose")).to_contain_text("棚改回迁小区")
    expect(v.page.locator("img.notice-cover")).to_be_visible()
    v.shot("notice-detail")
    v.visit("/")
    expect(v.page.get_by_role("link", name=TITLE)).to_be_visible()
    v.shot("home-with-notices")

    # The RSS feed carries it.
    feed = v.page.request.get(v.url("/notices/feed/"))
    assert feed.ok and TITLE in feed.text() and "棚改回迁小区" in feed.text()
    feed = v.page.request.get(v.url("/notices/feed/residents/"))
    assert TITLE in feed.text()


def test_demo_notice_pages_pass_axe_on_a_phone(journey, settings, tmp_path):
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    settings.MEDIA_ROOT = tmp_path / "media"
    for name in ("staff", "admin"):  # transactional tests start without the data migration's groups
        Group.objects.get_or_create(name=name)
    call_command("seed_demo", stdout=open(tmp_path / "seed.log", "w"))  # noqa: SIM115
    in_publicity = next(n for n in Notice.objects.visible() if n.in_publicity)
    v = journey(PHONE)
    v.visit("/")
    v.shot("home-demo")
    v.visit("/notices/?category=finance")
    v.visit("/notices/?q=低保")
    v.shot("notice-search-demo")
    v.visit(in_publicity.get_absolute_url())
    expect(v.page.locator(".publicity")).to_contain_text("还剩")
    v.shot("notice-publicity")
    v.page.get_by_role("button", name="长辈模式").click()
    v.check_page()
    v.shot("notice-publicity-elderly")
    v.login("13900000001", "Gongjian-demo-2026")
    for path in ("/notices/review/", "/notices/review/?state=all", "/notices/mine/", "/notices/new/"):
        v.visit(path)
    v.shot("notice-review-demo")
