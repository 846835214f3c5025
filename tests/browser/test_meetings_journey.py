"""A meeting from plan to resolution, in real browsers: staff, admin, a visitor and a committee member."""

import pytest
from playwright.sync_api import expect

from meetings.models import Meeting
from tests import factories
from tests.browser.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.django_db(transaction=True)


def build_committee():
    community = factories.make_community("红星社区", "HX")
    tax = factories.make_unit(community, "向阳税务所")
    hospital = factories.make_unit(community, "第二人民医院")
    member = factories.make_user(community, "郑文博", phone="13900000020")
    factories.make_seat(tax, "郑文博", user=member)
    factories.make_seat(tax, "江海燕")
    factories.make_seat(hospital, "宋玉洁")
    factories.make_seat(hospital, "潘国强")
    staff = factories.make_staff(community, "李秀梅", phone="13900000002")
    admin = factories.make_admin(community, "王建华", phone="13900000001")
    return community, staff, admin, member


def tap(page, holder: str, label: str):
    row = page.locator(".attendance-row", has_text=holder)
    row.get_by_role("button", name=label, exact=True).click()
    expect(
        page.locator(".attendance-row", has_text=holder).get_by_role("button", name=label, exact=True)
    ).to_have_attribute("aria-pressed", "true")


def record_resolution(j, text: str, lead: str, owner: str, due: str):
    page = j.page
    form = page.locator("form", has=page.get_by_role("button", name="登记议定事项"))
    form.get_by_label("议定事项").fill(text)
    form.get_by_label("牵头单位").select_option(label=lead)
    form.get_by_label("责任人").fill(owner)
    form.get_by_label("完成时限").fill(due)
    form.get_by_role("button", name="登记议定事项").click()
    j.check_page()
    expect(page.locator(".messages .alert-success")).to_contain_text("议定事项已登记")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_meeting_from_plan_to_public_resolution(journey, viewport):
    community, staff, admin, member = build_committee()
    j = journey(viewport)
    page = j.page
    j.login(staff.phone, factories.PASSWORD)

    # Plan the coming meetings and open the first one.
    j.visit("/meetings/")
    page.get_by_role("button", name="计划近期会议").click()
    j.check_page()
    expect(page.locator(".messages .alert-success")).to_contain_text("已计划")
    first = Meeting.objects.filter(community=community, status="planned").order_by("starts_at").first()
    later = Meeting.objects.filter(status="planned", starts_at__gt=first.starts_at).order_by("starts_at").first()
    page.get_by_role("link", name=str(first)).click()
    j.check_page()
    page.get_by_role("button", name="开始会议").click()
    j.check_page()
    expect(page.get_by_role("heading", level=1)).to_contain_text("会议登记")

    # Two of four present is exactly half: below quorum, and the screen says so at once.
    tap(page, "郑文博", "出席")
    tap(page, "江海燕", "出席")
    tap(page, "宋玉洁", "缺席")
    tap(page, "潘国强", "请假")
    expect(page.locator("#quorum-badge")).to_contain_text("不足法定人数")
    j.check_page()
    j.shot("meeting-log-below-quorum")

    # Fix it: 潘国强 sent a delegate after all.
    row = page.locator(".attendance-row", has_text="潘国强")
    row.get_by_placeholder("受委托人（委托时填写）").fill("周明")
    tap(page, "潘国强", "委托")
    expect(page.locator("#quorum-badge")).to_contain_text("已达法定人数")
    expect(page.locator(".attendance-row", has_text="潘国强")).to_contain_text("周明")

    record_resolution(j, "为红星路12号楼加装楼道扶手", "向阳税务所", "郑文博", "2027-03-31")
    record_resolution(j, "在党群服务中心设立义诊点", "第二人民医院", "宋玉洁", "2027-02-28")
    j.shot("meeting-log-resolutions")
    page.get_by_role("button", name="结束会议").click()
    j.check_page()
    expect(page.locator(".messages .alert-success")).to_contain_text("会议已结束")

    page.get_by_role("link", name="撰写纪要").click()
    j.check_page()
    page.get_by_label("会议纪要").fill("会议研究了老旧楼改造和义诊安排，形成议定事项2项。")
    page.get_by_label("内部备注").fill("预算由街道另行审批")
    page.get_by_role("button", name="保存草稿").click()
    j.check_page()

    # The admin approves and publishes the minutes.
    a = journey(viewport)
    a.login(admin.phone, factories.PASSWORD)
    a.visit(f"/meetings/{first.pk}/")
    a.page.get_by_role("button", name="审定纪要").click()
    a.check_page()
    a.page.get_by_role("button", name="公开纪要").click()
    a.check_page()
    expect(a.page.locator(".messages .alert-success")).to_contain_text("纪要已公开")

    # A visitor sees the published resolution and the public minutes, without internal notes.
    v = journey(viewport)
    v.visit("/meetings/resolutions/")
    expect(v.page.get_by_text("为红星路12号楼加装楼道扶手")).to_be_visible()
    v.visit(f"/meetings/{first.pk}/")
    expect(v.page.get_by_text("形成议定事项2项")).to_be_visible()
    expect(v.page.get_by_text("预算由街道另行审批")).to_have_count(0)
    v.shot("meeting-public")

    # The next meeting carries it under matters arising.
    j.visit(f"/meetings/{later.pk}/")
    matters = j.page.locator("section", has=j.page.get_by_role("heading", name="上次会议议定事项落实情况"))
    expect(matters).to_contain_text("为红星路12号楼加装楼道扶手")
    expect(matters).to_contain_text("在党群服务中心设立义诊点")
    j.shot("meeting-next-matters-arising")

    # The committee member of the lead unit posts progress; the public timeline shows it.
    c = journey(viewport)
    c.login(member.phone, factories.PASSWORD)
    c.visit("/meetings/resolutions/mine/")
    card = c.page.locator("article", has_text="为红星路12号楼加装楼道扶手")
    card.get_by_text("更新进展").click()
    card.get_by_label("进展情况").fill("已完成现场勘查")
    card.get_by_label("完成进度（百分比）").fill("30")
    card.get_by_role("button", name="保存进展").click()
    c.check_page()
    expect(c.page.locator(".messages .alert-success")).to_contain_text("进展已保存")
    expect(c.page.locator("article", has_text="在党群服务中心设立义诊点")).to_have_count(0)  # not their unit's
    c.shot("resolutions-follow")

    v.visit("/meetings/resolutions/")
    public = v.page.locator("article", has_text="为红星路12号楼加装楼道扶手")
    expect(public).to_contain_text("已完成现场勘查")
    expect(public.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "30")
    v.shot("resolutions-public")
