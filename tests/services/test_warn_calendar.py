"""The scheduled calendar warning: deployment admins are told while next year's calendar is unknown."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from portal.access import DEPLOYMENT_GROUP
from portal.models import Notification
from services import calendar_table
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


@pytest.fixture
def keeper(actors):
    group, _ = Group.objects.get_or_create(name=DEPLOYMENT_GROUP)
    return factories.make_user(None, "区平台管理员", groups=[group])


def warnings_to(user) -> int:
    return Notification.objects.filter(recipient=user, title__contains="2027").count()


def test_from_november_the_deployment_admins_are_told_once_a_day(actors, keeper, time_machine):
    time_machine.move_to("2026-11-15T09:00:00+08:00")
    call_command("warn_calendar", stdout=io.StringIO())
    call_command("warn_calendar", stdout=io.StringIO())
    assert warnings_to(keeper) == 1
    assert warnings_to(actors.admin) == 0  # a community admin sees the warning on the work page instead
    time_machine.move_to("2026-11-16T09:00:00+08:00")
    call_command("warn_calendar", stdout=io.StringIO())
    assert warnings_to(keeper) == 2


def test_nobody_is_told_before_november_or_once_the_year_is_entered(actors, keeper, time_machine):
    time_machine.move_to("2026-10-31T09:00:00+08:00")
    call_command("warn_calendar", stdout=io.StringIO())
    assert warnings_to(keeper) == 0
    calendar_table.save_year(keeper, year=2027, notice="国务院办公厅关于2027年部分节假日安排的通知", confirmed=True)
    time_machine.move_to("2026-11-15T09:00:00+08:00")
    call_command("warn_calendar", stdout=io.StringIO())
    assert warnings_to(keeper) == 0
