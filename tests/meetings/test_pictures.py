"""Meeting photos and the sign-in sheet: served by views that ask who may see the meeting."""

import pytest
from django.urls import reverse

from meetings.models import Meeting
from tests import factories, uploads

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(actors, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    meeting = factories.make_held_meeting(actors.community, present=1)
    photos = reverse("meetings:photos", args=[meeting.pk])
    staff = actors.client("staff")
    staff.post(photos, {"photo": uploads.jpeg_with_gps("合影.jpg"), "caption": "合影"})
    staff.post(photos, {"sign_in_sheet": uploads.png("签到表.png")})
    meeting.refresh_from_db()
    return meeting


def photo_url(meeting, size="full"):
    return reverse("meetings:photo", args=[meeting.pk, meeting.photos.get().pk, size])


def sheet_url(meeting, size="full"):
    return reverse("meetings:sign_in_sheet", args=[meeting.pk, size])


def test_the_meeting_page_links_its_pictures_through_the_views(actors, held):
    page = actors.client("committee_member").get(reverse("meetings:detail", args=[held.pk])).content.decode()
    assert photo_url(held, "thumb") in page and sheet_url(held, "thumb") in page
    assert "/media/" not in page


@pytest.mark.parametrize("who", ["committee_member", "staff", "admin"])
def test_members_and_staff_see_the_photos_and_the_sheet(actors, held, who):
    client = actors.client(who)
    photo, sheet = client.get(photo_url(held)), client.get(sheet_url(held, "thumb"))
    assert photo.status_code == sheet.status_code == 200
    assert photo["Content-Type"] == "image/jpeg" and sheet["Content-Type"] == "image/png"
    assert photo["Content-Disposition"].startswith("inline;")


def test_pictures_require_login(actors, held):
    for url in (photo_url(held), sheet_url(held)):
        response = actors.client(None).get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_other_communities_get_404(actors, held):
    assert actors.client("outsider").get(photo_url(held)).status_code == 404
    assert actors.client("outsider").get(sheet_url(held)).status_code == 404


def test_residents_get_403_before_the_minutes_are_published(actors, held):
    assert actors.client("resident").get(photo_url(held)).status_code == 403
    assert actors.client("resident").get(sheet_url(held)).status_code == 403


def test_published_minutes_show_the_photos_but_never_the_signatures(actors, held):
    Meeting.objects.filter(pk=held.pk).update(minutes_status=Meeting.MinutesStatus.PUBLISHED)
    assert actors.client(None).get(photo_url(held, "thumb")).status_code == 200
    assert actors.client("resident").get(sheet_url(held)).status_code == 403


def test_a_photo_of_another_meeting_or_an_unknown_size_is_404(actors, held):
    other = factories.make_held_meeting(actors.community, present=1)
    photo = held.photos.get()
    client = actors.client("staff")
    assert client.get(reverse("meetings:photo", args=[other.pk, photo.pk, "full"])).status_code == 404
    assert client.get(photo_url(held, "huge")).status_code == 404
    assert client.get(reverse("meetings:sign_in_sheet", args=[other.pk, "full"])).status_code == 404


def test_pictures_reject_post(actors, held):
    assert actors.client("staff").post(photo_url(held)).status_code == 405
    assert actors.client("staff").post(sheet_url(held)).status_code == 405
