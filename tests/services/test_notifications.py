"""Status changes reach the applicant in the notification centre, and by e-mail when they have an address."""

import pytest
from django.core import mail
from django.urls import reverse

from portal.models import Notification
from tests.factories import make_item, make_request

pytestmark = pytest.mark.django_db


def test_a_status_change_notifies_in_app_and_by_email_after_commit(actors, django_capture_on_commit_callbacks):
    actors.resident.email = "guilan@example.org"
    actors.resident.save(update_fields=["email"])
    req = make_request(actors.community, actors.resident, make_item(actors.community, "居住证明开具"))
    with django_capture_on_commit_callbacks(execute=True):
        req.accept(actors.staff)
        assert mail.outbox == []  # nothing leaves before the change is committed
    note = Notification.objects.get(recipient=actors.resident)
    assert req.reference in note.title and note.url == req.get_absolute_url()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["guilan@example.org"]
    page = actors.client("resident").get(reverse("notifications")).content.decode()
    assert req.reference in page


def test_internal_notes_do_not_notify_the_applicant(actors):
    req = make_request(actors.community, actors.resident)
    req.add_note(actors.staff, "内部记录", public=False)
    assert not Notification.objects.filter(recipient=actors.resident).exists()


def test_a_phone_filing_without_an_account_notifies_nobody(actors):
    req = make_request(actors.community, None)
    req.accept(actors.staff)
    assert not Notification.objects.exists()


def test_the_service_pages_speak_english_too(client, actors):
    item = make_item(actors.community, "居住证明开具")
    client.post(reverse("set_language"), {"language": "en"})
    page = client.get(reverse("services:item", args=[item.pk])).content.decode()
    assert "Required materials" in page and "Apply for this service" in page
    assert "所需材料" not in page
