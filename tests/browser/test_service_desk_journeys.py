"""The service desk end to end: a resident on a phone and the office staff, then a phone-in filing and its receipt."""

import io

import pytest
from PIL import Image
from playwright.sync_api import expect
from pyzbar.pyzbar import decode

from services import tracking
from services.models import FollowUp, ServiceRequest
from tests.browser.conftest import DESKTOP, PHONE
from tests.factories import PASSWORD, make_admin, make_community, make_item, make_staff, make_user

pytestmark = pytest.mark.django_db(transaction=True)


def photo_file(tmp_path, name: str, colour=(180, 40, 40)) -> str:
    path = tmp_path / name
    Image.new("RGB", (800, 600), colour).save(path, "JPEG")
    return str(path)


def click(j, name: str) -> None:
    j.page.get_by_role("button", name=name, exact=True).click()
    j.check_page()


@pytest.fixture
def desk(db):
    community = make_community("红星社区", "HX", phone="0431-8888 6666")
    return {
        "community": community,
        "item": make_item(
            community,
            "最低生活保障申请（低保）",
            time_limit_days=20,
            home_visit=True,
            materials="户口簿\n收入证明",
            conditions="家庭人均收入低于当地低保标准",
        ),
        "resident": make_user(community, "张桂兰", phone="13900000010"),
        "staff": make_staff(community, "李秀梅", phone="13900000002"),
        "admin": make_admin(community, "王建华", phone="13900000001"),
    }


def reveal(page, label: str):
    """The apply form comes in steps: go on with 下一步 until the field asked for is on screen."""
    field = page.get_by_label(label)
    for _ in range(3):
        if field.is_visible():
            break
        page.locator("[data-step]:not([hidden])").get_by_role("button", name="下一步").click()
    return field


def test_a_resident_files_for_minimum_living_allowance_and_rates_it_poorly(journey, desk, tmp_path):
    resident = journey(PHONE)
    resident.login("13900000010", PASSWORD)
    resident.visit("/services/")
    resident.shot("desk-a-catalog")
    resident.page.get_by_role("link", name="最低生活保障申请（低保）").click()
    resident.check_page()
    resident.page.get_by_role("link", name="申请办理").click()
    resident.check_page()
    page = resident.page
    reveal(page, "您需要办理什么？").fill("家里两位老人没有收入，想申请低保。")
    reveal(page, "地址").fill("红星路88号院3号楼2单元401")
    page.get_by_label("希望上门办理").check()
    page.get_by_label("办好后送达上门").check()
    page.set_input_files("#id_photo", photo_file(tmp_path, "household.jpg"))
    resident.shot("desk-a-apply")
    # The smallest phones in use are 360 px wide: nothing may stick out sideways.
    page.set_viewport_size({"width": 360, "height": 740})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.set_viewport_size(PHONE)
    click(resident, "提交")
    req = ServiceRequest.objects.get()
    expect(page.locator(".reference").first).to_have_text(req.reference)
    assert req.channel == "online" and req.applicant == desk["resident"] and req.attachments.count() == 1
    resident.shot("desk-a-filed")

    staff = journey(DESKTOP)
    staff.login("13900000002", PASSWORD)
    staff.visit("/services/desk/")
    staff.shot("desk-a-queue")
    staff.page.get_by_role("link", name=req.reference).click()
    staff.check_page()
    click(staff, "受理")
    staff.page.locator("summary", has_text="请居民补充材料").click()
    staff.page.locator("#id_ask-materials").fill("户口簿复印件\n近三个月收入证明")
    click(staff, "通知补充材料")
    expect(staff.page.locator(".alert-warning")).to_contain_text("近三个月收入证明")
    expect(staff.page.locator(".timeline")).to_contain_text("请补充：户口簿复印件；近三个月收入证明")
    staff.shot("desk-a-asked")

    resident.visit(req.get_absolute_url())
    expect(page.get_by_role("heading", name="补充材料")).to_be_visible()
    page.locator("#id_materials-text").fill("已拍照上传户口簿和收入证明。")
    page.set_input_files("#id_materials-photo", photo_file(tmp_path, "hukou.jpg", (40, 90, 160)))
    click(resident, "发送")
    req.refresh_from_db()
    assert req.status == "in_progress"
    resident.shot("desk-a-materials")

    staff.visit(req.get_absolute_url())
    staff.page.locator("#id_book-kind").select_option("visit")
    staff.page.locator("#id_book-appointment_at").fill("2026-12-01T09:30")
    click(staff, "预约")
    staff.page.locator("#id_visit-note").fill("上门核实家庭情况，代填申请表并拍照。")
    staff.page.set_input_files("#id_visit-photo", photo_file(tmp_path, "visit.jpg", (60, 140, 60)))
    click(staff, "登记上门情况")
    expect(staff.page.locator(".timeline")).to_contain_text("已上门办理：上门核实家庭情况")
    click(staff, "办结")
    staff.page.locator("#id_deliver-note").fill("低保证送到家中，本人签收。")
    staff.page.set_input_files("#id_deliver-photo", photo_file(tmp_path, "delivery.jpg", (200, 160, 40)))
    click(staff, "登记送达")
    req.refresh_from_db()
    assert req.status == "delivered"
    staff.shot("desk-a-delivered")

    resident.visit(req.get_absolute_url())
    page.get_by_label("未解决", exact=True).check()
    page.get_by_label("不满意", exact=True).check()
    page.locator("#id_rate-comment").fill("上门时间改了两次。")
    resident.shot("desk-a-rating")
    click(resident, "提交评价")
    expect(page.locator(".timeline")).to_contain_text("不满意")
    resident.shot("desk-a-rated")

    follow_up = FollowUp.objects.get()
    assert follow_up.owner == desk["admin"]
    admin = journey(DESKTOP)
    admin.login("13900000001", PASSWORD)
    admin.visit("/services/desk/")
    expect(admin.page.locator(".follow-up")).to_contain_text(req.reference)
    expect(admin.page.locator(".follow-up")).to_contain_text("上门时间改了两次")
    admin.shot("desk-a-follow-up")


def test_staff_file_by_phone_for_an_elderly_resident_and_the_receipt_qr_leads_to_the_timeline(journey, desk):
    staff = journey(DESKTOP)
    staff.login("13900000002", PASSWORD)
    staff.visit("/services/apply/")
    page = staff.page
    page.get_by_label("服务事项").select_option(str(desk["item"].pk))
    page.get_by_label("受理渠道").select_option("phone")
    page.get_by_label("申请人姓名").fill("刘大爷")
    page.get_by_label("申请人手机号").fill("13712340001")
    reveal(page, "您需要办理什么？").fill("老人独居、不识字，腿脚不便，来电申请低保，需要上门办理。")
    reveal(page, "地址").fill("红星路90号院1号楼1单元102")
    page.get_by_label("希望上门办理").check()
    staff.shot("desk-b-apply")
    click(staff, "提交")
    req = ServiceRequest.objects.get()
    assert (req.channel, req.applicant, req.applicant_name) == ("phone", None, "刘大爷")

    page.get_by_role("link", name="回执").click()
    staff.check_page()
    expect(page.get_by_text(req.reference).first).to_be_visible()
    expect(page.get_by_text("收入证明")).to_be_visible()
    page.emulate_media(media="print")
    staff.shot("desk-b-receipt-print")
    page.emulate_media(media="screen")
    qr = page.locator("img.receipt-qr").screenshot()
    decoded = decode(Image.open(io.BytesIO(qr)))
    assert decoded, "the receipt's QR code did not decode"
    url = decoded[0].data.decode()
    assert url.endswith(tracking.track_path(req))  # the request's signed link: no digits, no lock

    visitor = journey(PHONE)
    visitor.page.goto(url)
    visitor.check_page()
    expect(visitor.page.locator(".timeline")).to_contain_text("已提交申请")
    expect(visitor.page.get_by_text("刘大爷")).to_have_count(0)
    visitor.shot("desk-b-tracked")

    # Without the link: the reference and the last digits show the public steps only.
    visitor.visit(f"/services/track/?ref={req.reference}")
    visitor.page.get_by_label("申请人手机号后4位").fill("0001")
    click(visitor, "查询")
    expect(visitor.page.locator(".timeline")).to_contain_text("已提交")
    expect(visitor.page.locator(".timeline")).not_to_contain_text("已提交申请")
    expect(visitor.page.get_by_text("刘大爷")).to_have_count(0)
    visitor.shot("desk-b-tracked-digits")
