"""Personal information kept only as long as needed: retention, the scheduled anonymising, download, closing."""

import io
import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from portal.models import Notification, User
from services.models import RequestEvent, ServiceRequest
from services.retention import ANONYMOUS
from tests import factories
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def ended(actors, days_ago: int) -> ServiceRequest:
    req = factories.make_request(
        actors.community,
        actors.resident,
        description="我的身份证110101199003071234，电话13912345678",
        address="红星路12号3单元",
        status=ServiceRequest.Status.CLOSED,
        closed_at=timezone.now() - timedelta(days=days_ago),
        rating=4,
    )
    RequestEvent.objects.create(request=req, text="联系13912345678")
    return req


def test_the_scheduled_command_anonymises_requests_past_retention_keeping_figures(actors, settings):
    settings.RETENTION_DAYS = {"requests": 3 * 365, "notifications": 365}
    old, recent = ended(actors, 3 * 365 + 1), ended(actors, 30)
    call_command("anonymise_expired", stdout=io.StringIO())
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.applicant is None and old.applicant_name == ANONYMOUS and old.applicant_phone == "" and old.address == ""
    assert "110101199003071234" not in old.description and "13912345678" not in old.description
    assert all("13912345678" not in e.text for e in old.events.all())
    # The figures stay: kind, status, dates, rating.
    assert old.status == ServiceRequest.Status.CLOSED and old.rating == 4 and old.anonymised_at is not None
    assert recent.applicant_name == actors.resident.real_name and "13912345678" in recent.description


def test_open_requests_are_never_anonymised_whatever_their_age(actors, settings):
    settings.RETENTION_DAYS = {"requests": 1, "notifications": 365}
    req = factories.make_request(actors.community, actors.resident, created_at=timezone.now() - timedelta(days=2000))
    call_command("anonymise_expired", stdout=io.StringIO())
    req.refresh_from_db()
    assert req.applicant_name == actors.resident.real_name


def test_old_notifications_are_deleted(actors, settings):
    settings.RETENTION_DAYS = {"requests": 1095, "notifications": 365}
    Notification.objects.create(recipient=actors.resident, title="旧", created_at=timezone.now() - timedelta(days=400))
    Notification.objects.create(recipient=actors.resident, title="新")
    call_command("anonymise_expired", stdout=io.StringIO())
    assert list(Notification.objects.values_list("title", flat=True)) == ["新"]


def test_a_resident_downloads_what_the_portal_holds_about_them(actors):
    factories.make_request(actors.community, actors.resident, description="楼道灯坏了")
    Notification.objects.create(recipient=actors.resident, title="您的办件已受理")
    response = actors.client("resident").get(reverse("my_data"))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["phone"] == actors.resident.phone
    assert data["service_requests"][0]["description"] == "楼道灯坏了"
    assert data["notifications"][0]["title"] == "您的办件已受理"


def test_a_party_member_finds_their_roster_entry_in_the_download(actors):
    data = json.loads(actors.client("party_member").get(reverse("my_data")).content)
    assert data["party_member"]["name"] == actors.party_member.real_name


def test_the_download_holds_only_the_persons_own_data(actors):
    factories.make_request(actors.community, actors.outsider_resident, description="别人的事")
    data = json.loads(actors.client("resident").get(reverse("my_data")).content)
    assert "别人的事" not in json.dumps(data, ensure_ascii=False)


def test_my_data_requires_login_and_get(actors, client):
    assert client.get(reverse("my_data")).status_code == 302
    assert actors.client("resident").post(reverse("my_data")).status_code == 405


def test_closing_an_account_forgets_the_person_and_keeps_the_figures(actors):
    finished = ended(actors, 10)
    running = factories.make_request(actors.community, actors.resident, description="还在办")
    client = actors.client("resident")
    response = client.post(reverse("close_account"), {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    user = User.objects.get(pk=actors.resident.pk)
    assert not user.is_active and user.real_name == "已注销用户" and not user.phone.startswith("1")
    assert not user.has_usable_password() and not user.notifications.exists()
    finished.refresh_from_db()
    running.refresh_from_db()
    assert finished.applicant_name == ANONYMOUS and finished.status == ServiceRequest.Status.CLOSED
    assert running.applicant is None and running.applicant_name == actors.resident.real_name  # the desk finishes it
    assert client.get(reverse("profile")).status_code == 302  # logged out


def test_closing_needs_the_right_password_and_the_confirmation(actors):
    client = actors.client("resident")
    assert client.post(reverse("close_account"), {"password": "wrong", "confirm": "on"}).status_code == 200
    assert client.post(reverse("close_account"), {"password": PASSWORD}).status_code == 200
    assert User.objects.get(pk=actors.resident.pk).is_active


def test_closing_requires_login(client):
    assert client.get(reverse("close_account")).status_code == 302
