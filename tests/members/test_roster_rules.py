"""Roster rules: one mobile number is one party member, status survives the spreadsheet, declining ends posts."""

import io

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from openpyxl import load_workbook

from members import excel
from members.models import PartyMember, Post, RosterError
from tests import factories
from tests.members.test_excel import MEMBER_ROWS, workbook

pytestmark = pytest.mark.django_db


def test_one_mobile_number_is_one_member_in_the_database(actors):
    factories.make_party_member(actors.community, "潘国强", phone="13912340001")
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.make_party_member(actors.community, "潘国强", phone="13912340001")
    # Another community may have the same person; members without a number are many.
    factories.make_party_member(actors.other_community, "潘国强", phone="13912340001")
    factories.make_party_member(actors.community, "甲")
    factories.make_party_member(actors.community, "乙")


def test_the_form_names_who_already_has_the_number(actors):
    factories.make_party_member(actors.community, "潘国强", phone="13912340001")
    data = {"name": "潘国", "phone": "13912340001", "kind": "community"}
    response = actors.client("staff").post(reverse("members:member_create"), data)
    assert response.status_code == 200
    assert "潘国强" in str(response.context["form"].errors["phone"])
    assert PartyMember.objects.filter(phone="13912340001").count() == 1


def test_the_import_refuses_a_number_already_on_the_roster_under_another_name(actors):
    factories.make_party_member(actors.community, "潘大强", phone="13912340001")
    result = excel.import_workbook(actors.community, workbook())
    assert not result.ok
    assert any("潘大强" in str(e) and e.row == 2 for e in result.errors)
    assert PartyMember.objects.filter(phone="13912340001").count() == 1


def test_the_import_refuses_one_number_under_two_names_in_the_file(actors):
    rows = [*MEMBER_ROWS, ["潘国", "13912340001", "社区党员", None, None, None, None, None]]
    result = excel.import_workbook(actors.community, workbook(members=rows))
    assert not result.ok
    assert any(e.row == 4 and "潘国强" in str(e) for e in result.errors)


def test_the_import_warns_of_a_name_already_on_the_roster_with_another_number(actors):
    factories.make_party_member(actors.community, "潘国强", phone="13912349999")
    response = actors.client("staff").post(reverse("members:roster_import"), {"file": workbook()}, follow=True)
    page = response.content.decode()
    assert "139****9999" in page or "13912349999" in page
    assert PartyMember.objects.filter(name="潘国强").count() == 2


def test_the_export_carries_each_members_status(actors):
    factories.make_party_member(actors.community, "待定者", phone="13912340011", status=PartyMember.Status.PENDING)
    factories.make_party_member(actors.community, "被拒者", phone="13912340012", status=PartyMember.Status.DECLINED)
    response = actors.client("staff").get(reverse("members:roster_export"))
    ws = load_workbook(io.BytesIO(response.content))["党员"]
    header = [c.value for c in ws[1]]
    rows = {r[0]: r[header.index("状态")] for r in ws.iter_rows(min_row=2, values_only=True)}
    assert rows["待定者"] == "待确认" and rows["被拒者"] == "未通过"


def test_the_import_never_confirms_a_pending_or_declined_member(actors):
    factories.make_party_member(actors.community, "待定者", phone="13912340011", status=PartyMember.Status.PENDING)
    factories.make_party_member(actors.community, "被拒者", phone="13912340012", status=PartyMember.Status.DECLINED)
    rows = [
        ["待定者", "13912340011", "社区党员", None, None, None, None, None, "已确认"],
        ["被拒者", "13912340012", "社区党员", None, None, None, None, None, None],
    ]
    result = excel.import_workbook(actors.community, workbook(members=rows, units=[], seats=[]))
    assert result.ok, [str(e) for e in result.errors]
    statuses = dict(PartyMember.objects.filter(name__in=["待定者", "被拒者"]).values_list("name", "status"))
    assert statuses == {"待定者": "pending", "被拒者": "declined"}


def test_a_file_from_before_the_status_column_still_imports(actors):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    ws.title = "党员"
    ws.append([col.header for col in excel.MEMBERS.columns if not col.optional])
    ws.append(["马淑芬", "13912340002", "社区党员"])
    out = io.BytesIO()
    book.save(out)
    result = excel.import_workbook(actors.community, SimpleUploadedFile("old.xlsx", out.getvalue()))
    assert result.ok and PartyMember.objects.get(name="马淑芬").status == PartyMember.Status.CONFIRMED


def test_declining_a_member_ends_their_posts(actors):
    user = factories.make_user(actors.community, "申请人")
    member = factories.make_party_member(actors.community, user=user, status=PartyMember.Status.PENDING)
    post = factories.make_post(actors.community, holder=member, is_open=False)
    member.decline(actors.staff, "不是本社区党员")
    post.refresh_from_db()
    assert post.holder is None and post.is_open
    assert not Post.objects.filter(holder=member).exists()


def test_registering_with_a_number_another_account_holds_on_the_roster_is_refused(actors):
    user = factories.make_user(actors.community, "新用户", phone="13912340077")
    other = factories.make_user(actors.community, "老用户")
    factories.make_party_member(actors.community, "老用户", phone="13912340077", user=other)
    with pytest.raises(RosterError) as refused:
        PartyMember.register(
            user, home_unit=factories.make_unit(actors.community), party_org="", skills="", availability=""
        )
    assert "老用户" in str(refused.value)
