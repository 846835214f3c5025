"""Households in Excel: the template, an all-or-nothing import naming each error by row and column, the export."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from households import excel
from households.models import Building, Grid, Household, HouseholdTag, Member

pytestmark = pytest.mark.django_db

HOUSEHOLD_ROWS = [
    ["红星小区", "1栋", "1", "101", "第一网格", "王建国", "独居老人、低保"],
    ["红星小区", "1栋", "1", "102", "第一网格", "李秀英", None],
]
MEMBER_ROWS = [
    ["红星小区", "1栋", "1", "101", "王建国", "户主", "13912340001"],
    ["红星小区", "1栋", "1", "102", "李秀英", "户主", None],
    ["红星小区", "1栋", "1", "102", "张小明", "子女", None],
]


def workbook(households=HOUSEHOLD_ROWS, members=MEMBER_ROWS) -> SimpleUploadedFile:
    book = Workbook()
    book.remove(book.active)
    for (title, columns), rows in ((excel.HOUSEHOLDS, households), (excel.MEMBERS, members)):
        ws = book.create_sheet(title)
        ws.append([c.header for c in columns])
        for row in rows:
            ws.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("住户.xlsx", out.getvalue())


def test_a_good_file_is_imported_and_a_second_time_changes_nothing(actors):
    result = excel.import_workbook(actors.community, workbook())
    assert result.ok and result.created == 5
    h = Household.objects.get(door="101")
    assert h.building.grid.name == "第一网格" and h.building.estate == "红星小区"
    assert sorted(h.tags.values_list("tag", flat=True)) == ["allowance", "elderly_alone"]
    assert Member.objects.get(name="张小明").relation == "child"
    again = excel.import_workbook(actors.community, workbook())
    assert (again.created, again.updated, again.unchanged) == (0, 0, 5)


def test_errors_are_named_by_sheet_row_and_column_and_nothing_is_saved(actors):
    bad_households = [HOUSEHOLD_ROWS[0], ["红星小区", "1栋", "1", None, None, "缺门牌", "富裕"]]
    bad_members = [
        ["红星小区", "1栋", "1", "101", "王建国", "邻居", "1391234"],
        ["红星小区", "9栋", "1", "1", "无名", None, None],
    ]
    result = excel.import_workbook(actors.community, workbook(bad_households, bad_members))
    found = {(e.sheet, e.row, e.column) for e in result.errors}
    assert found == {
        ("住户", 3, "门牌"),
        ("住户", 3, "标签"),
        ("成员", 2, "与户主关系"),
        ("成员", 2, "手机号"),
        ("成员", 3, "门牌"),
    }
    assert not Household.objects.exists() and not Building.objects.exists() and not Grid.objects.exists()


def test_the_import_page_shows_the_errors(actors):
    bad = [["红星小区", "1栋", "1", "101", None, None, None]]
    response = actors.client("staff").post("/households/import/", {"file": workbook(bad, [])})
    page = response.content.decode()
    assert "工作表「住户」第 2 行「户名」列" in page
    assert not Household.objects.exists()


def test_a_file_that_is_not_a_workbook_is_refused(actors):
    result = excel.import_workbook(actors.community, SimpleUploadedFile("x.xlsx", b"PK\x03\x04 broken"))
    assert not result.ok and not Household.objects.exists()


def test_the_export_imports_back_to_the_same_households(actors):
    excel.import_workbook(actors.community, workbook())
    exported = excel.export_workbook(actors.community)
    book = load_workbook(io.BytesIO(exported))
    assert book["住户"]["G2"].value == "独居老人、低保"
    assert book["成员"]["G2"].value == "13912340001"
    result = excel.import_workbook(actors.community, SimpleUploadedFile("e.xlsx", exported))
    assert (result.created, result.updated, result.unchanged) == (0, 0, 5)


def test_the_export_holds_only_the_staff_members_community(actors):
    excel.import_workbook(actors.community, workbook())
    response = actors.client("outsider").get("/households/export.xlsx")
    book = load_workbook(io.BytesIO(response.content))
    assert book["住户"].max_row == 1
    assert HouseholdTag.objects.count() == 2


def test_the_template_has_both_sheets_and_the_instructions(actors):
    response = actors.client("staff").get("/households/template.xlsx")
    assert load_workbook(io.BytesIO(response.content)).sheetnames == ["住户", "成员", "填写说明"]
