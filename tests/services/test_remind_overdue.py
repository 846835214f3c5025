from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from portal.models import Notification
from services.models import ServiceRequest
from tests.factories import make_request

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


def test_remind_overdue_tells_the_assignee_and_admins_once_a_day(actors):
    late = make_request(actors.community, actors.resident)
    late.accept(actors.staff)
    ServiceRequest.objects.filter(pk=late.pk).update(due_date=timezone.localdate() - timedelta(days=2))
    make_request(actors.community, actors.resident).accept(actors.staff)  # on time
    waiting = make_request(actors.community, actors.resident)
    waiting.accept(actors.staff)
    waiting.ask_for_materials(actors.staff, "户口簿")
    ServiceRequest.objects.filter(pk=waiting.pk).update(due_date=timezone.localdate() - timedelta(days=2))
    Notification.objects.all().delete()

    call_command("remind_overdue")
    staff_notes = Notification.objects.filter(recipient=actors.staff)
    assert [n.url for n in staff_notes] == [late.get_absolute_url()]
    admin_note = Notification.objects.get(recipient=actors.admin)
    assert late.reference in admin_note.body and waiting.reference not in admin_note.body
    assert not Notification.objects.filter(recipient=actors.outsider).exists()

    call_command("remind_overdue")
    assert Notification.objects.count() == 2
