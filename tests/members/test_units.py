from datetime import date

import pytest
from django.urls import reverse

from members.models import CommitteeSeat, RosterError, Unit
from tests import factories
from tests.utils import assert_constant_queries

pytestmark = pytest.mark.django_db


def unit_form(**overrides):
    data = {"name": "向阳明理律师事务所", "kind": "social_org", "party_org_name": "明理律所党支部"}
    data.update({"party_org_level": "branch", "joined_on": "2021-03-01"})
    data.update(overrides)
    return data


def test_staff_create_a_unit_in_their_community(actors):
    response = actors.client("staff").post(reverse("members:unit_create"), unit_form())
    unit = Unit.objects.get(name="向阳明理律师事务所")
    assert response.status_code == 302 and response["Location"] == unit.get_absolute_url()
    assert unit.community == actors.community


def test_a_unit_name_is_unique_within_a_community(actors, roster):
    response = actors.client("staff").post(reverse("members:unit_create"), unit_form(name=roster.unit.name))
    assert response.status_code == 200 and "name" in response.context["form"].errors
    assert Unit.objects.filter(name=roster.unit.name).count() == 1


def test_a_unit_cannot_leave_before_it_joined(actors):
    response = actors.client("staff").post(reverse("members:unit_create"), unit_form(left_on="2020-01-01"))
    assert "left_on" in response.context["form"].errors
    assert not Unit.objects.filter(name="向阳明理律师事务所").exists()


def test_staff_edit_a_unit(actors, roster):
    url = reverse("members:unit_edit", args=[roster.unit.pk])
    actors.client("staff").post(
        url, unit_form(name=roster.unit.name, contact_name="宋玉洁", version=roster.unit.version)
    )
    roster.unit.refresh_from_db()
    assert roster.unit.contact_name == "宋玉洁" and roster.unit.kind == "social_org"


def test_unit_page_shows_seat_history_members_and_delivery(actors, roster):
    roster.seat.hand_over(holder_name="潘国强", on=date(2025, 7, 1))
    page = actors.client("staff").get(reverse("members:unit_detail", args=[roster.unit.pk]), {"year": 2026})
    html = page.content.decode()
    assert page.context["current_seats"][0].holder_name == "潘国强"
    assert [s.holder_name for s in page.context["past_seats"]] == ["宋玉洁"]
    assert "潘国强" in html and roster.member.phone in html
    (agreement, lines) = page.context["agreements"][0]
    assert lines[0].delivered == 1 and lines[0].hours == 3
    assert roster.activity.title in html


def test_unit_list_filters_by_kind_and_search(actors, roster):
    factories.make_unit(actors.community, "红星物业", kind="private_firm")
    client = actors.client("staff")
    page = client.get(reverse("members:unit_list"), {"kind": "private_firm"})
    assert [u.name for u in page.context["page"]] == ["红星物业"]
    page = client.get(reverse("members:unit_list"), {"q": "医院"})
    assert [u.name for u in page.context["page"]] == [roster.unit.name]


def test_unit_list_query_count_does_not_grow(actors, roster):
    def add_rows():
        for i in range(18):
            unit = factories.make_unit(actors.community, f"单位{i}号")
            factories.make_seat(unit, f"委员{i}")
            factories.make_party_member(actors.community, f"党员{i}", home_unit=unit)

    assert_constant_queries(actors.client("staff"), reverse("members:unit_list"), add_rows)


def test_unit_page_query_count_does_not_grow(actors, roster):
    def add_rows():
        for i in range(10):
            factories.make_seat(roster.unit, f"委员{i}")
            member = factories.make_party_member(actors.community, f"党员{i}", home_unit=roster.unit)
            factories.make_post(actors.community, f"岗位{i}", holder=member)
            commitment = factories.make_commitment(roster.agreement, f"承诺{i}")
            activity = factories.make_activity(actors.community, f"活动{i}", commitment=commitment)
            factories.make_participation(activity, member)

    url = reverse("members:unit_detail", args=[roster.unit.pk]) + "?year=2026"
    assert_constant_queries(actors.client("staff"), url, add_rows)


# --- seats ---


def test_a_new_holder_ends_the_old_seat_and_starts_another(actors, roster):
    url = reverse("members:seat_hand_over", args=[roster.seat.pk])
    data = {"holder_name": "潘国强", "holder_title": "党委书记", "on": "2025-07-01"}
    response = actors.client("staff").post(url, data)
    assert response.status_code == 302
    old, new = CommitteeSeat.objects.filter(unit=roster.unit).order_by("term_start")
    assert old.holder_name == "宋玉洁" and old.term_end == date(2025, 6, 30)
    assert new.holder_name == "潘国强" and new.term_start == date(2025, 7, 1) and new.term_end is None
    assert new.role == old.role


def test_a_hand_over_before_the_term_began_is_refused(actors, roster):
    url = reverse("members:seat_hand_over", args=[roster.seat.pk])
    response = actors.client("staff").post(url, {"holder_name": "潘国强", "on": "2023-01-01"})
    assert response.status_code == 200
    assert CommitteeSeat.objects.filter(unit=roster.unit).count() == 1
    assert list(response.context["messages"])


def test_an_ended_seat_cannot_be_handed_over_again(roster):
    roster.seat.hand_over(holder_name="潘国强", on=date(2025, 7, 1))
    with pytest.raises(RosterError):
        roster.seat.hand_over(holder_name="白玉兰", on=date(2025, 9, 1))


def test_a_hand_over_to_the_same_person_is_refused(roster):
    with pytest.raises(RosterError):
        roster.seat.hand_over(holder_name="宋玉洁", on=date(2025, 9, 1))


def test_staff_add_a_seat_with_a_login_account(actors, roster):
    data = {"unit": roster.unit.pk, "holder_name": "张桂兰", "role": "member", "term_start": "2024-01-01"}
    data["user"] = actors.resident.pk
    response = actors.client("staff").post(reverse("members:seat_create"), data)
    assert response.status_code == 302
    assert CommitteeSeat.objects.filter(holder_name="张桂兰", user=actors.resident).exists()


def test_a_seat_cannot_use_a_unit_of_another_community(actors):
    foreign = factories.make_unit(actors.other_community, "外社区单位")
    data = {"unit": foreign.pk, "holder_name": "某人", "role": "member", "term_start": "2024-01-01"}
    response = actors.client("staff").post(reverse("members:seat_create"), data)
    assert "unit" in response.context["form"].errors
    assert not CommitteeSeat.objects.filter(holder_name="某人").exists()


def test_a_seat_term_cannot_end_before_it_starts(actors, roster):
    data = {"unit": roster.unit.pk, "holder_name": "某人", "role": "member"}
    data.update({"term_start": "2024-01-01", "term_end": "2023-01-01"})
    response = actors.client("staff").post(reverse("members:seat_create"), data)
    assert "term_end" in response.context["form"].errors


def test_seat_list_is_in_committee_order(actors, roster):
    factories.make_seat(roster.unit, "丁书记", role=CommitteeSeat.Role.SECRETARY)
    factories.make_seat(roster.unit, "黄委员")
    factories.make_seat(roster.unit, "李委员")
    page = actors.client("staff").get(reverse("members:seat_list"))
    names = [s.holder_name for s in page.context["page"]]
    assert names[0] == "丁书记" and names.index("李委员") < names.index("黄委员")


def test_seat_list_query_count_does_not_grow(actors, roster):
    def add_rows():
        for i in range(18):
            factories.make_seat(factories.make_unit(actors.community), f"委员{i}", user=factories.make_user(None))

    assert_constant_queries(actors.client("staff"), reverse("members:seat_list"), add_rows)


def test_seat_list_filters_current_and_past_terms(actors, roster):
    roster.seat.hand_over(holder_name="潘国强", on=date(2025, 7, 1))
    client = actors.client("staff")
    current = {s.holder_name for s in client.get(reverse("members:seat_list"), {"current": "yes"}).context["page"]}
    past = {s.holder_name for s in client.get(reverse("members:seat_list"), {"current": "no"}).context["page"]}
    assert "潘国强" in current and "宋玉洁" not in current and past == {"宋玉洁"}


def test_unit_list_filters_units_that_left(actors, roster):
    factories.make_unit(actors.community, "已退出单位", left_on=date(2023, 1, 1))
    page = actors.client("staff").get(reverse("members:unit_list"), {"active": "no"})
    assert [u.name for u in page.context["page"]] == ["已退出单位"]
