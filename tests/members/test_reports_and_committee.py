import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from members.models import CommitteeSeat
from tests import factories
from tests.utils import assert_constant_queries

pytestmark = pytest.mark.django_db


def sheet_rows(response, index=0):
    book = load_workbook(io.BytesIO(response.content))
    return [list(row) for row in book.worksheets[index].iter_rows(values_only=True)]


def test_home_unit_sheet_lists_members_posts_activities_and_hours(actors, roster):
    last_year = factories.make_activity(actors.community, "去年的活动", date=date(2025, 3, 1))
    factories.make_participation(last_year, roster.member, "9")
    url = reverse("members:home_unit_report", args=[roster.unit.pk])
    response = actors.client("staff").get(url, {"year": 2026})
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    rows = sheet_rows(response)
    assert roster.unit.name in rows[0][0] and "2026" in rows[0][0]
    member_row = next(row for row in rows if row[0] == "潘国强")
    assert member_row[4] == roster.post.name and member_row[6] == 1 and member_row[7] == 3
    assert rows[-1][0] == "合计" and rows[-1][7] == 3
    details = sheet_rows(response, 1)
    assert [row[1] for row in details[2:]] == ["社区义诊"]


def test_agreement_sheet_compares_promised_and_delivered(actors, roster):
    response = actors.client("staff").get(reverse("members:agreement_report_xlsx"), {"year": 2026})
    rows = sheet_rows(response)
    assert rows[2][:6] == [roster.unit.name, roster.agreement.title, "服务项目", "每季度一次义诊", 4, 1]
    assert rows[2][8] == "尚未兑现"


def test_report_index_lists_every_unit(actors, roster):
    page = actors.client("staff").get(reverse("members:report_index"))
    assert roster.unit in page.context["units"]


# --- the public committee page ---


def test_committee_page_is_public_and_shows_names_without_contacts(client, actors, roster):
    roster.unit.contact_phone = "0431-88882001"
    roster.unit.address = "红星路120号"
    roster.unit.save()
    response = client.get(reverse("members:committee"), HTTP_COOKIE="community=HX")
    html = response.content.decode()
    assert response.status_code == 200
    assert "宋玉洁" in html and roster.unit.name in html and "医院党委" in html
    assert "0431-88882001" not in html and "红星路120号" not in html
    assert actors.committee_member.phone not in html


def test_committee_page_shows_current_holders_in_role_then_stroke_order(client, actors, roster):
    factories.make_seat(roster.unit, "黄书记", role=CommitteeSeat.Role.SECRETARY)
    factories.make_seat(roster.unit, "丁委员")
    factories.make_seat(roster.unit, "王委员", term_start=date(2020, 1, 1), term_end=date(2023, 12, 31))
    factories.make_seat(factories.make_unit(actors.other_community), "外社区委员")
    response = actors.client("resident").get(reverse("members:committee"))
    names = [seat.holder_name for seat in response.context["seats"]]
    assert names[0] == "黄书记" and "王委员" not in names and "外社区委员" not in names
    assert names.index("丁委员") < names.index("宋玉洁") < names.index("赵委员")


def test_committee_page_rejects_post(client, actors):
    assert client.post(reverse("members:committee")).status_code == 405


def test_committee_page_query_count_does_not_grow(actors, roster):
    def add_rows():
        for i in range(18):
            factories.make_seat(factories.make_unit(actors.community, f"单位{i}"), f"委员{i}")

    assert_constant_queries(actors.client("resident"), reverse("members:committee"), add_rows)


# --- open figures and the staff work page ---


def test_open_figures_count_the_committee_members_and_hours(client, actors, roster):
    from django.core.cache import cache

    cache.clear()
    response = client.get(reverse("open_dashboard"), {"year": 2026}, HTTP_COOKIE="community=HX")
    figures = next(d for section, d in response.context["sections"] if section.key == "roster")
    assert figures["units"] == 2 and figures["seats"] == 2 and figures["activities"] == 1
    assert figures["fulfilling"] == 1 and figures["hours"] == 3
    assert response.content.decode().count("<svg") >= 1


def test_staff_see_waiting_registrations_on_their_work_page(actors, roster):
    factories.make_party_member(actors.community, "待确认", status="pending")
    factories.make_party_member(actors.other_community, "外社区待确认", status="pending")
    page = actors.client("staff").get(reverse("work")).content.decode()
    assert "1 名党员的报到等待您确认" in page


# --- a committee member's own unit ---


def test_a_committee_member_sees_their_units_agreement_and_delivery(actors, roster):
    roster.seat.user = actors.committee_member
    roster.seat.save()
    other = factories.make_agreement(factories.make_unit(actors.community, "别的单位"), "别的协议")
    response = actors.client("committee_member").get(reverse("members:my_unit"), {"year": 2026})
    assert response.status_code == 200
    agreements = [agreement for agreement, _lines in response.context["rows"]]
    assert roster.agreement in agreements and other not in agreements
    (line,) = dict(response.context["rows"])[roster.agreement]
    assert line.delivered == 1
    assert roster.activity.get_absolute_url() not in response.content.decode()


def test_my_unit_is_for_committee_members(client, actors):
    assert client.get(reverse("members:my_unit")).status_code == 302
    assert actors.client("party_member").get(reverse("members:my_unit")).status_code == 403
    assert actors.client("committee_member").post(reverse("members:my_unit")).status_code == 405


def test_a_past_seat_gives_no_view_of_the_unit(actors, roster):
    actors.committee_member.committee_seats.update(term_end=date(2024, 12, 31))
    assert actors.client("committee_member").get(reverse("members:my_unit")).status_code == 403


def test_my_unit_query_count_does_not_grow(actors, roster):
    roster.seat.user = actors.committee_member
    roster.seat.save()

    def add_rows():
        for i in range(10):
            commitment = factories.make_commitment(roster.agreement, f"承诺{i}")
            activity = factories.make_activity(actors.community, f"活动{i}", commitment=commitment)
            factories.make_participation(activity, roster.member)

    url = reverse("members:my_unit") + "?year=2026"
    assert_constant_queries(actors.client("committee_member"), url, add_rows)
