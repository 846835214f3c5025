"""Roster workbooks: template, all-or-nothing import with row errors, idempotent re-import, export round trip."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from members import excel
from members.models import CommitteeSeat, PartyMember, Unit
from tests import factories

pytestmark = pytest.mark.django_db

UNIT_ROWS = [
    [
        "示范区第二人民医院",
        "事业单位",
        "医院党委",
        "党委",
        "宋玉洁",
        "0431-88882001",
        "红星路120号",
        "2018-03-01",
        None,
    ],
    ["红星物业服务有限公司", "非公企业", "红星物业党支部", "党支部", "范立国", None, None, date(2019, 1, 1), None],
]
SEAT_ROWS = [
    ["示范区第二人民医院", "宋玉洁", "党委副书记", "副书记", "2024-01-01", None],
    ["红星物业服务有限公司", "范立国", "总经理", "大党委委员", date(2024, 1, 1), None],
]
MEMBER_ROWS = [
    ["潘国强", "13912340001", "在职党员", "示范区第二人民医院", "医院党委", "2024-03-05", "护理", "周六上午"],
    ["马淑芬", 13912340002, "社区党员", None, "红星社区党委第一支部", None, None, None],
]


def workbook(units=UNIT_ROWS, seats=SEAT_ROWS, members=MEMBER_ROWS, name="名册.xlsx") -> SimpleUploadedFile:
    """A workbook made the way staff fill the template in Excel."""
    book = Workbook()
    book.remove(book.active)
    for sheet, rows in ((excel.UNITS, units), (excel.SEATS, seats), (excel.MEMBERS, members)):
        ws = book.create_sheet(sheet.title)
        ws.append([col.header for col in sheet.columns])
        for row in rows:
            ws.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile(name, out.getvalue(), content_type=excel.XLSX)


def table_state():
    return (
        sorted(
            Unit.objects.values_list("name", "kind", "party_org_name", "party_org_level", "contact_phone", "joined_on")
        ),
        sorted(CommitteeSeat.objects.values_list("unit__name", "holder_name", "holder_title", "role", "term_start")),
        sorted(PartyMember.objects.values_list("name", "phone", "kind", "home_unit__name", "registered_on", "skills")),
    )


def post_import(actors, upload):
    return actors.client("staff").post(reverse("members:roster_import"), {"file": upload})


def test_the_template_has_chinese_headers_and_choice_lists(actors):
    response = actors.client("staff").get(reverse("members:roster_template"))
    assert response["Content-Type"] == excel.XLSX and "attachment" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[:3] == ["成员单位", "大党委委员", "党员"]
    assert [c.value for c in book["大党委委员"][1]] == ["所在单位", "姓名", "单位职务", "委员职务", "任期起", "任期止"]
    formulas = [dv.formula1 for dv in book["大党委委员"].data_validations.dataValidation]
    assert '"书记,副书记,大党委委员"' in formulas


def test_a_good_file_imports_every_row(actors):
    response = post_import(actors, workbook())
    assert response.status_code == 302
    assert set(Unit.objects.filter(community=actors.community).values_list("name", flat=True)) >= {
        "示范区第二人民医院",
        "红星物业服务有限公司",
    }
    seat = CommitteeSeat.objects.get(holder_name="宋玉洁")
    assert seat.role == CommitteeSeat.Role.DEPUTY and seat.term_start == date(2024, 1, 1)
    member = PartyMember.objects.get(name="潘国强")
    assert member.kind == PartyMember.Kind.IN_SERVICE and member.home_unit.name == "示范区第二人民医院"
    assert PartyMember.objects.get(name="马淑芬").phone == "13912340002"


def test_a_bad_row_is_reported_by_row_and_column_and_nothing_is_saved(actors):
    members = [*MEMBER_ROWS, ["黄晓雯", "12345", "在职党员", "不存在的单位", None, "2024-13-01", None, None]]
    before = table_state()
    response = post_import(actors, workbook(members=members))
    assert response.status_code == 200
    errors = [str(e) for e in response.context["result"].errors]
    assert any("党员" in e and "第 4 行" in e and "手机号" in e for e in errors), errors
    assert any("第 4 行" in e and "报到单位" in e and "不存在的单位" in e for e in errors), errors
    assert any("第 4 行" in e and "报到日期" in e for e in errors), errors
    assert "第 4 行" in response.content.decode()
    assert table_state() == before


def test_a_missing_required_value_and_an_unknown_choice_are_errors(actors):
    seats = [["示范区第二人民医院", "", None, "主任", "2024-01-01", None]]
    before = table_state()
    result = excel.import_workbook(actors.community, workbook(seats=seats))
    assert {(e.row, e.column) for e in result.errors} == {(2, "委员职务"), (2, "姓名")}
    assert table_state() == before


def test_the_same_entry_twice_in_a_file_is_an_error(actors):
    result = excel.import_workbook(actors.community, workbook(units=[UNIT_ROWS[0], UNIT_ROWS[0]], seats=[], members=[]))
    assert [(e.sheet, e.row) for e in result.errors] == [("成员单位", 3)]


def test_a_wrong_header_row_is_reported(actors):
    book = Workbook()
    book.active.title = "党员"
    book.active.append(["名字", "电话"])
    out = io.BytesIO()
    book.save(out)
    result = excel.import_workbook(actors.community, SimpleUploadedFile("x.xlsx", out.getvalue()))
    assert result.errors and result.errors[0].row == 1


def test_a_file_that_is_not_a_workbook_is_refused(actors):
    response = post_import(actors, SimpleUploadedFile("名册.xlsx", b"not a zip at all"))
    assert response.status_code == 200 and response.context["result"].errors
    response = post_import(actors, SimpleUploadedFile("名册.csv", b"a,b"))
    assert response.status_code == 200 and "file" in response.context["form"].errors


def test_importing_the_same_file_again_changes_nothing(actors):
    post_import(actors, workbook())
    before = table_state()
    result = excel.import_workbook(actors.community, workbook())
    assert result.ok and (result.created, result.updated, result.unchanged) == (0, 0, 6)
    assert actors.client("staff").post(reverse("members:roster_import"), {"file": workbook()}).status_code == 302
    assert table_state() == before


def test_a_changed_row_updates_the_existing_entry(actors):
    post_import(actors, workbook())
    units = [[*UNIT_ROWS[0][:4], "潘国强", *UNIT_ROWS[0][5:]], UNIT_ROWS[1]]
    result = excel.import_workbook(actors.community, workbook(units=units))
    assert result.updated == 1 and Unit.objects.get(name="示范区第二人民医院").contact_name == "潘国强"


def test_import_stays_in_the_staff_members_community(actors):
    factories.make_unit(actors.other_community, "示范区第二人民医院")
    post_import(actors, workbook())
    assert Unit.objects.filter(community=actors.other_community).count() == 1
    assert Unit.objects.filter(community=actors.community, name="示范区第二人民医院").count() == 1


def test_export_then_import_gives_back_the_same_roster(actors):
    post_import(actors, workbook())
    CommitteeSeat.objects.get(holder_name="宋玉洁").hand_over(holder_name="潘国强", on=date(2025, 7, 1))
    exported = actors.client("staff").get(reverse("members:roster_export"))
    assert exported.status_code == 200
    before = table_state()
    # Into an empty community: the same roster comes out.
    Unit.objects.filter(community=actors.community).update(left_on=None)
    PartyMember.objects.filter(community=actors.community).delete()
    CommitteeSeat.objects.filter(community=actors.community).delete()
    Unit.objects.filter(community=actors.community).delete()
    result = excel.import_workbook(actors.community, SimpleUploadedFile("export.xlsx", exported.content))
    assert result.ok, [str(e) for e in result.errors]
    after = table_state()
    # The fixture's party member and committee seat of the actors are part of the roster too.
    assert after == before
    # And exporting again gives the same rows.
    again = actors.client("staff").get(reverse("members:roster_export"))
    rows = lambda content: {  # noqa: E731
        ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in load_workbook(io.BytesIO(content))
    }
    assert rows(again.content) == rows(exported.content)


def test_import_requires_staff(actors, client):
    assert client.post(reverse("members:roster_import")).status_code == 302
    assert actors.client("committee_member").post(reverse("members:roster_import")).status_code == 403


def test_an_oversized_sheet_is_refused(actors, monkeypatch):
    monkeypatch.setattr(excel, "MAX_ROWS", 1)
    before = table_state()
    result = excel.import_workbook(actors.community, workbook())
    assert [(e.sheet, e.row) for e in result.errors] == [("成员单位", 3), ("大党委委员", 3), ("党员", 3)]
    assert table_state() == before


def test_text_that_looks_like_a_formula_is_exported_as_text(actors):
    factories.make_party_member(actors.community, '=HYPERLINK("http://example.com")', skills="+1+1")
    response = actors.client("staff").get(reverse("members:roster_export"))
    ws = load_workbook(io.BytesIO(response.content))["党员"]
    cells = [row for row in ws.iter_rows(min_row=2) if str(row[0].value).startswith("=")]
    assert cells and cells[0][0].data_type == "s" and cells[0][6].data_type == "s"
    assert not any(cell.data_type == "f" for row in ws.iter_rows() for cell in row)
