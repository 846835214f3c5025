"""Agreements and commitments, activities and hours, posts and shared resources."""

from datetime import date

import pytest
from django.urls import reverse

from members.models import ActivityPhoto, Agreement, Commitment, Participation, Post, SharedResource
from tests import factories, uploads
from tests.utils import assert_constant_queries

pytestmark = pytest.mark.django_db


def test_staff_create_an_agreement_and_itemise_commitments(actors, roster):
    data = {"unit": roster.unit.pk, "title": "2027年度共建协议", "signed_on": "2027-01-05", "term_start": "2027-01-01"}
    client = actors.client("staff")
    assert client.post(reverse("members:agreement_create"), data).status_code == 302
    agreement = Agreement.objects.get(title="2027年度共建协议")
    url = reverse("members:commitment_create", args=[agreement.pk])
    data = {"kind": "venue", "description": "开放会议室", "activities_per_year": 6}
    assert client.post(url, data)["Location"] == agreement.get_absolute_url()
    assert Commitment.objects.get(agreement=agreement).community == actors.community


def test_an_agreement_term_cannot_end_before_it_starts(actors, roster):
    data = {"unit": roster.unit.pk, "title": "坏协议", "signed_on": "2027-01-05"}
    data.update({"term_start": "2027-01-01", "term_end": "2026-01-01"})
    response = actors.client("staff").post(reverse("members:agreement_create"), data)
    assert "term_end" in response.context["form"].errors
    assert not Agreement.objects.filter(title="坏协议").exists()


def test_agreement_page_shows_promised_versus_delivered_for_the_year(actors, roster):
    second = factories.make_activity(
        actors.community, "第二次义诊", date=date(2026, 8, 1), commitment=roster.commitment
    )
    factories.make_participation(second, roster.member, "2")
    factories.make_activity(actors.community, "去年义诊", date=date(2025, 8, 1), commitment=roster.commitment)
    url = reverse("members:agreement_detail", args=[roster.agreement.pk])
    response = actors.client("staff").get(url, {"year": 2026})
    (line,) = response.context["lines"]
    assert (line.promised, line.delivered, line.hours, line.kept) == (4, 2, 5, False)
    assert [a.title for a in line.commitment.year_activities] == ["社区义诊", "第二次义诊"]
    response = actors.client("staff").get(url, {"year": 2025})
    assert response.context["lines"][0].delivered == 1


def test_agreement_report_lists_the_agreements_of_the_year(actors, roster):
    old_unit = factories.make_unit(actors.community, "已退出单位")
    factories.make_agreement(old_unit, term_start=date(2020, 1, 1), term_end=date(2021, 12, 31))
    response = actors.client("staff").get(reverse("members:agreement_report"), {"year": 2026})
    assert [agreement for agreement, _lines in response.context["rows"]] == [roster.agreement]


def test_agreement_list_query_count_does_not_grow(actors, roster):
    def add_rows():
        for i in range(18):
            factories.make_commitment(factories.make_agreement(factories.make_unit(actors.community), f"协议{i}"))

    assert_constant_queries(actors.client("staff"), reverse("members:agreement_list"), add_rows)


def test_agreement_report_query_count_does_not_grow(actors, roster):
    def add_rows():
        for i in range(10):
            agreement = factories.make_agreement(factories.make_unit(actors.community), f"协议{i}")
            commitment = factories.make_commitment(agreement)
            activity = factories.make_activity(actors.community, f"活动{i}", commitment=commitment)
            factories.make_participation(activity, roster.member)

    url = reverse("members:agreement_report") + "?year=2026"
    assert_constant_queries(actors.client("staff"), url, add_rows)


# --- activities ---


def test_staff_record_an_activity_against_a_commitment(actors, roster):
    data = {"title": "健康讲座", "kind": "volunteer", "date": "2026-06-01", "place": "活动室"}
    data.update({"organizer": roster.unit.pk, "commitment": roster.commitment.pk})
    response = actors.client("staff").post(reverse("members:activity_create"), data)
    activity = roster.commitment.activities.get(title="健康讲座")
    assert response["Location"] == activity.get_absolute_url()


def test_an_activity_cannot_fulfil_another_communitys_commitment(actors, roster):
    foreign = factories.make_commitment(factories.make_agreement(factories.make_unit(actors.other_community)))
    data = {"title": "健康讲座", "kind": "volunteer", "date": "2026-06-01", "place": "活动室", "commitment": foreign.pk}
    response = actors.client("staff").post(reverse("members:activity_create"), data)
    assert "commitment" in response.context["form"].errors


def test_staff_add_a_participant_with_hours(actors, roster):
    other = factories.make_party_member(actors.community, "白玉兰")
    url = reverse("members:participation_add", args=[roster.activity.pk])
    assert actors.client("staff").post(url, {"member": other.pk, "hours": "2.5"}).status_code == 302
    assert Participation.objects.get(member=other).hours == 2.5


@pytest.mark.parametrize("hours", ["0", "-1", "abc", ""])
def test_bad_hours_are_refused(actors, roster, hours):
    other = factories.make_party_member(actors.community, "白玉兰")
    url = reverse("members:participation_add", args=[roster.activity.pk])
    response = actors.client("staff").post(url, {"member": other.pk, "hours": hours})
    assert response.status_code == 200 and "hours" in response.context["participation_form"].errors
    assert not Participation.objects.filter(member=other).exists()


def test_the_same_member_cannot_be_added_twice(actors, roster):
    url = reverse("members:participation_add", args=[roster.activity.pk])
    response = actors.client("staff").post(url, {"member": roster.member.pk, "hours": "1"})
    assert response.status_code == 200 and "member" in response.context["participation_form"].errors
    assert Participation.objects.filter(member=roster.member).count() == 1


def test_pending_and_foreign_members_cannot_be_added(actors, roster):
    pending = factories.make_party_member(actors.community, "待确认", status="pending")
    foreign = factories.make_party_member(actors.other_community, "外人")
    url = reverse("members:participation_add", args=[roster.activity.pk])
    for member in (pending, foreign):
        response = actors.client("staff").post(url, {"member": member.pk, "hours": "1"})
        assert "member" in response.context["participation_form"].errors


def test_staff_remove_a_participation(actors, roster):
    url = reverse("members:participation_remove", args=[roster.participation.pk])
    assert actors.client("staff").post(url).status_code == 302
    assert not Participation.objects.filter(pk=roster.participation.pk).exists()


def test_activity_photos_lose_their_location(actors, roster, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    url = reverse("members:photo_add", args=[roster.activity.pk])
    client = actors.client("staff")
    assert client.post(url, {"image": uploads.jpeg_with_gps(), "caption": "义诊现场"}).status_code == 302
    photo = ActivityPhoto.objects.get(activity=roster.activity)
    assert not uploads.has_gps(photo.image.read())
    response = client.get(reverse("members:photo_file", args=[photo.pk, "thumb"]))
    assert response.status_code == 200 and response["Content-Type"].startswith("image/")
    assert actors.client("outsider").get(reverse("members:photo_file", args=[photo.pk, "thumb"])).status_code == 404


@pytest.mark.parametrize("attack", ["php renamed .jpg", "20000x20000 png bomb"])
def test_activity_photo_attacks_are_refused(actors, roster, attack, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    url = reverse("members:photo_add", args=[roster.activity.pk])
    response = actors.client("staff").post(url, {"image": uploads.ATTACKS[attack]()})
    assert response.status_code == 200 and "image" in response.context["photo_form"].errors
    assert not ActivityPhoto.objects.exists()


def test_activity_list_filters_by_year_and_kind(actors, roster):
    factories.make_activity(actors.community, "主题党日", kind="party_day", date=date(2025, 7, 1))
    client = actors.client("staff")
    page = client.get(reverse("members:activity_list"), {"year": 2025})
    assert [a.title for a in page.context["page"]] == ["主题党日"]
    page = client.get(reverse("members:activity_list"), {"kind": "volunteer"})
    assert [a.title for a in page.context["page"]] == ["社区义诊"]


def test_activity_list_query_count_does_not_grow(actors, roster):
    def add_rows():
        for i in range(18):
            activity = factories.make_activity(
                actors.community, f"活动{i}", organizer=roster.unit, commitment=roster.commitment
            )
            factories.make_participation(activity, roster.member)

    assert_constant_queries(actors.client("staff"), reverse("members:activity_list"), add_rows)


def test_activity_page_query_count_does_not_grow(actors, roster, settings, tmp_path):
    def add_rows():
        for i in range(18):
            member = factories.make_party_member(actors.community, f"党员{i}", home_unit=roster.unit)
            factories.make_participation(roster.activity, member)

    url = reverse("members:activity_detail", args=[roster.activity.pk])
    assert_constant_queries(actors.client("staff"), url, add_rows)


# --- posts and shared resources ---


def test_staff_create_a_post_with_a_holder(actors, roster):
    data = {"name": "平安巡逻岗", "duty": "夜间巡逻", "holder": roster.member.pk, "is_open": "on"}
    assert actors.client("staff").post(reverse("members:post_create"), data).status_code == 302
    assert Post.objects.get(name="平安巡逻岗").holder == roster.member


def test_a_post_name_is_unique_in_the_community(actors, roster):
    response = actors.client("staff").post(reverse("members:post_create"), {"name": roster.post.name, "duty": "x"})
    assert "name" in response.context["form"].errors


def test_staff_record_a_shared_resource(actors, roster):
    data = {"unit": roster.unit.pk, "name": "健康体检车", "kind": "equipment", "is_available": "on"}
    assert actors.client("staff").post(reverse("members:resource_create"), data).status_code == 302
    resource = SharedResource.objects.get(name="健康体检车")
    assert resource.community == actors.community
    page = actors.client("staff").get(reverse("members:unit_detail", args=[roster.unit.pk])).content.decode()
    assert "健康体检车" in page


def test_post_and_resource_lists_query_count_does_not_grow(actors, roster):
    def add_rows():
        for i in range(18):
            factories.make_post(actors.community, f"岗位{i}", holder=roster.member)
            SharedResource.objects.create(community=actors.community, unit=roster.unit, name=f"资源{i}")

    client = actors.client("staff")
    assert_constant_queries(client, reverse("members:post_list"), add_rows)
    assert_constant_queries(client, reverse("members:resource_list"), lambda: None)
