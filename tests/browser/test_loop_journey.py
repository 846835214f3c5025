"""The joint problem-solving loop in a browser, exactly as issue 7 tells it.

A resident's appeal needs two units → staff escalate it → the joint meeting adopts a resolution naming both →
a committee member posts progress → the resident sees it on the timeline and the tracking page → the resolution
is done → staff complete the request → the resident rates it.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from meetings.escalation import Escalation
from meetings.models import Meeting
from services.models import ServiceRequest
from tests.browser.conftest import DESKTOP, PHONE
from tests.factories import PASSWORD, make_community, make_meeting, make_seat, make_staff, make_unit, make_user

pytestmark = pytest.mark.django_db(transaction=True)


def click(j, name: str) -> None:
    j.page.get_by_role("button", name=name, exact=True).click()
    j.check_page()


def test_a_problem_needing_two_units_goes_round_the_loop(journey):
    community = make_community("红星社区", "HX")
    resident = make_user(community, "张桂兰", phone="13900000010")
    make_staff(community, "李秀梅", phone="13900000002")
    member = make_user(community, "钱经理", phone="13900000020")
    property_firm, works = make_unit(community, "红星物业公司"), make_unit(community, "市政养护所")
    make_seat(property_firm, holder_name="钱经理", user=member)
    make_seat(works, holder_name="孙所长")
    meeting = make_meeting(community, "quarterly", "2099-Q1", starts_at=timezone.now() + timedelta(days=20))

    # The resident's appeal, on a phone.
    r = journey(PHONE)
    r.login("13900000010", PASSWORD)
    r.visit("/services/apply/")
    r.page.get_by_label("求助/诉求").check()
    r.page.get_by_role("button", name="下一步").first.click()  # the form comes in steps on a phone
    r.page.get_by_label("您需要办理什么？").fill("5号楼北侧下水管网反复堵塞外溢，物业和市政互相推诿。")
    r.page.locator("[data-step]:not([hidden])").get_by_role("button", name="下一步").click()
    click(r, "提交")
    req = ServiceRequest.objects.get()
    assert req.applicant == resident

    # Staff accept it, start, and put it before the joint meeting.
    s = journey(DESKTOP)
    s.login("13900000002", PASSWORD)
    s.visit(req.get_absolute_url())
    click(s, "受理")
    click(s, "开始办理")
    s.page.locator("summary", has_text="提交联席会议协商").click()
    s.page.locator("#id_escalate-reason").fill("涉及物业公司和市政养护所两家单位的职责，社区单独无法解决。")
    s.shot("loop-a-escalate")
    click(s, "提交联席会议")
    escalation = Escalation.objects.get()
    assert escalation.meeting == meeting
    s.visit(f"/meetings/{meeting.pk}/")
    expect(s.page.get_by_role("link", name=req.reference)).to_be_visible()
    s.shot("loop-b-agenda")

    # The meeting is held; staff record the resolution naming both units.
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.HELD, opened_at=timezone.now())
    s.visit(req.get_absolute_url())
    s.page.locator("#id_adopt-text").fill("由红星物业公司牵头、市政养护所配合，疏通并更换5号楼北侧破损管网")
    s.page.locator("#id_adopt-lead_unit").select_option(label="红星物业公司")
    s.page.get_by_label("市政养护所").check()
    s.page.locator("#id_adopt-owner").fill("钱经理")
    s.page.locator("#id_adopt-due_date").fill((timezone.localdate() + timedelta(days=30)).isoformat())
    click(s, "登记议定事项")
    resolution = Escalation.objects.get().resolution
    assert resolution is not None and list(resolution.co_units.all()) == [works]
    s.shot("loop-c-resolution")

    # The lead unit's committee member reports progress.
    c = journey(DESKTOP)
    c.login("13900000020", PASSWORD)
    c.visit("/meetings/resolutions/mine/")
    c.page.locator(f"#matter-{resolution.pk} summary").click()
    c.page.locator(f"#progress-text-{resolution.pk}").fill("已完成管网检测，确定两段破损支管")
    c.page.locator(f"#progress-pct-{resolution.pk}").fill("40")
    click(c, "保存进展")

    # The resident sees it on the request's timeline and on the public tracking page.
    r.visit(req.get_absolute_url())
    expect(r.page.locator(".timeline")).to_contain_text("红星物业公司")
    expect(r.page.locator(".timeline")).to_contain_text("已完成管网检测")
    r.shot("loop-d-timeline")
    t = journey(PHONE)
    t.visit(f"/services/track/?ref={req.reference}")
    t.page.locator("#id_digits").fill("0010")
    click(t, "查询")
    expect(t.page.locator(".timeline")).to_contain_text("40%")
    t.shot("loop-e-track")

    # The resolution is done; the handler is prompted and completes the request.
    c.visit("/meetings/resolutions/mine/")
    c.page.locator(f"#matter-{resolution.pk} summary").click()
    c.page.locator(f"#progress-text-{resolution.pk}").fill("破损支管已更换，管网疏通完毕")
    c.page.locator(f"#progress-pct-{resolution.pk}").fill("100")
    c.page.locator(f"#progress-status-{resolution.pk}").select_option("done")
    click(c, "保存进展")
    s.visit("/notifications/")
    expect(s.page.get_by_text(f"议定事项已完成：请办结诉求 {req.reference}")).to_be_visible()
    s.visit(req.get_absolute_url())
    expect(s.page.get_by_text("议定事项已完成：请办结此诉求，形成闭环。")).to_be_visible()
    click(s, "办结")
    assert Escalation.objects.get().closed_at is not None
    s.shot("loop-f-completed")

    # The resident rates it.
    r.visit(req.get_absolute_url())
    r.page.get_by_label("已解决", exact=True).check()
    r.page.get_by_label("非常满意", exact=True).check()
    click(r, "提交评价")
    req.refresh_from_db()
    assert req.status == ServiceRequest.Status.CLOSED and req.rating == 5
    r.shot("loop-g-rated")


def test_an_admin_lands_on_the_work_page_and_exports_the_desk(journey):
    from meetings.escalation import adopt_resolution, escalate
    from meetings.models import Resolution
    from notices.models import Notice
    from tests.factories import make_admin, make_notice, make_request

    community = make_community("红星社区", "HX")
    resident = make_user(community, "张桂兰", phone="13900000010")
    admin = make_admin(community, "王建华", phone="13900000001")
    meeting = make_meeting(community, "quarterly", "2099-Q1", starts_at=timezone.now() + timedelta(days=3))
    req = make_request(community, resident, description="楼道灯坏了")
    req.accept(admin)
    req.start(admin)
    ServiceRequest.objects.filter(pk=req.pk).update(due_date=timezone.localdate() - timedelta(days=5))
    escalation = escalate(req, admin, "涉及两家单位")
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.HELD, opened_at=timezone.now())
    unit = make_unit(community, "红星物业公司")
    adopt_resolution(
        escalation,
        admin,
        Resolution(
            text="更换楼道灯", lead_unit=unit, owner="钱经理", due_date=timezone.localdate() + timedelta(days=7)
        ),
    )
    late = make_request(community, resident)
    late.accept(admin)
    ServiceRequest.objects.filter(pk=late.pk).update(due_date=timezone.localdate() - timedelta(days=2))
    make_notice(community, author=admin, title="2026年第三季度财务公开", state=Notice.State.SUBMITTED)

    a = journey(DESKTOP)
    a.login("13900000001", PASSWORD)
    assert a.page.url.endswith("/work/")
    expect(a.page.get_by_role("heading", name="待审核的公开信息")).to_be_visible()
    overdue = a.page.locator("section", has=a.page.get_by_role("heading", name="超期申请"))
    expect(overdue.get_by_role("link", name=f"{late.reference} 求助/诉求")).to_be_visible()
    expect(overdue.get_by_role("link", name=f"{req.reference} 求助/诉求")).to_have_count(0)
    a.shot("loop-h-work")
    a.visit("/services/desk/")
    expect(a.page.get_by_text("联席会议协商中")).to_be_visible()
    a.shot("loop-i-desk")
    a.page.get_by_role("link", name="导出 Excel").click()
    a.check_page()
    with a.page.expect_download() as download:
        a.page.get_by_role("button", name="下载 Excel").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    a.visit(f"/open/?year={timezone.localdate().year}")
    expect(a.page.get_by_role("heading", name="提交联席会议协商的诉求")).to_be_visible()
    a.shot("loop-j-open")
