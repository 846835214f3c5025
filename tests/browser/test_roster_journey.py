"""Staff import the roster (a bad row first), a resident registers through 双报到, staff confirm,
record an activity with hours, and the new party member sees the hours."""

import io
import re

import pytest
from openpyxl import Workbook
from playwright.sync_api import expect

from members import excel
from members.models import PartyMember, Unit
from tests.browser.conftest import DESKTOP, PHONE
from tests.factories import PASSWORD, make_community, make_staff, make_user

pytestmark = pytest.mark.django_db(transaction=True)

UNITS = [
    [
        "示范区第二人民医院",
        "事业单位",
        "示范区第二人民医院党委",
        "党委",
        "宋玉洁",
        "0431-88882001",
        "红星路120号",
        "2018-03-01",
    ],
    ["向阳明理律师事务所", "社会组织", "明理律师事务所党支部", "党支部", "蒋文华", None, None, "2021-03-01"],
]
SEATS = [
    ["示范区第二人民医院", "宋玉洁", "党委副书记", "副书记", "2024-01-01", None],
    ["向阳明理律师事务所", "蒋文华", "主任律师", "大党委委员", "2024-01-01", None],
]


def roster_file(members: list[list]) -> dict:
    book = Workbook()
    book.remove(book.active)
    for sheet, rows in ((excel.UNITS, UNITS), (excel.SEATS, SEATS), (excel.MEMBERS, members)):
        ws = book.create_sheet(sheet.title)
        ws.append([col.header for col in sheet.columns])
        for row in rows:
            ws.append(row)
    out = io.BytesIO()
    book.save(out)
    return {"name": "大党委名册.xlsx", "mimeType": excel.XLSX, "buffer": out.getvalue()}


GOOD_MEMBER = [
    "潘国强",
    "13912340001",
    "在职党员",
    "示范区第二人民医院",
    "医院党委第二支部",
    "2024-03-05",
    "护理",
    "周六上午",
]
BAD_MEMBER = ["白玉兰", "1391234", "在职党员", "示范区第二人民医院", None, None, None, None]
FIXED_MEMBER = ["白玉兰", "13912340002", "在职党员", "示范区第二人民医院", None, None, None, None]


def test_import_register_confirm_and_see_hours(journey):
    community = make_community("红星社区", "HX")
    staff = make_staff(community, "李秀梅")
    resident = make_user(community, "孙丽华")

    # Staff import the roster: one bad row first, nothing is saved, the row and column are named.
    office = journey(DESKTOP)
    office.login(staff.phone, PASSWORD)
    page = office.page
    office.visit("/members/roster/import/")
    page.get_by_label("名册工作簿（.xlsx）").set_input_files(roster_file([GOOD_MEMBER, BAD_MEMBER]))
    page.get_by_role("button", name="导入", exact=True).click()
    office.check_page()
    errors = page.locator("#import-errors")
    expect(errors).to_contain_text("第 3 行")
    expect(errors).to_contain_text("手机号")
    office.shot("roster-import-error")
    assert not Unit.objects.filter(community=community).exists()

    page.get_by_label("名册工作簿（.xlsx）").set_input_files(roster_file([GOOD_MEMBER, FIXED_MEMBER]))
    page.get_by_role("button", name="导入", exact=True).click()
    office.check_page()
    expect(page.get_by_role("status")).to_contain_text("新增 6 条")
    assert PartyMember.objects.filter(community=community, name="白玉兰", phone="13912340002").exists()
    office.visit("/members/units/")
    expect(page.get_by_role("link", name="示范区第二人民医院")).to_be_visible()
    office.shot("roster-units")
    page.get_by_role("link", name="示范区第二人民医院").click()
    office.check_page()
    expect(page.get_by_role("heading", name="该单位报到的党员")).to_be_visible()
    office.shot("roster-unit-page")
    office.visit("/members/committee/")
    office.shot("roster-committee")

    # A resident registers through 双报到 on their phone.
    home = journey(PHONE)
    home.login(resident.phone, PASSWORD)
    mobile = home.page
    home.visit("/members/register/")
    mobile.get_by_label("我的工作单位").select_option(label="示范区第二人民医院")
    mobile.get_by_label("我的组织关系所在党组织").fill("示范区第二人民医院党委第一支部")
    mobile.get_by_label("我的特长").fill("护理、急救")
    mobile.get_by_label("可服务时间").fill("周六上午")
    mobile.get_by_role("button", name="提交报到").click()
    home.check_page()
    expect(mobile.locator("#registration-status")).to_contain_text("待确认")
    home.shot("roster-registered")

    # Staff confirm the registration.
    office.visit("/members/registrations/")
    expect(page.get_by_role("heading", name="孙丽华")).to_be_visible()
    office.shot("roster-registrations")
    page.get_by_role("button", name=re.compile(r"^确认")).click()
    office.check_page()
    assert PartyMember.objects.get(user=resident).status == PartyMember.Status.CONFIRMED

    # Staff record an activity and the member's hours.
    office.visit("/members/activities/new/")
    page.locator("#id_title").fill("社区义诊与健康讲座")
    page.locator("#id_kind").select_option(label="志愿服务")
    page.locator("#id_date").fill("2026-06-06")
    page.locator("#id_place").fill("社区卫生服务站")
    page.locator("#id_organizer").select_option(label="示范区第二人民医院")
    page.get_by_role("button", name="保存").click()
    office.check_page()
    page.locator("#id_member").select_option(label="孙丽华")
    page.locator("#id_hours").fill("3.5")
    page.get_by_role("button", name="添加", exact=True).click()
    office.check_page()
    expect(page.locator("tbody")).to_contain_text("孙丽华")
    office.shot("roster-activity")

    # The member sees the activity and the hours for the year.
    home.visit("/members/mine/?year=2026")
    expect(mobile.locator("#year-total")).to_contain_text("3.5")
    expect(mobile.get_by_role("cell", name="社区义诊与健康讲座")).to_be_visible()
    home.shot("roster-my-hours")
