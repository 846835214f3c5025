"""The deployment's working-day calendar: 2027 entered by its admin, deadlines recounted, unknown years warned of.

The 2027 State Council notice is not in the installed library; these tests enter its holidays the way the
deployment admin would (the dates here are the tests' own, not a claim about the published notice).
"""

from datetime import date

import pytest
import time_machine
from django.contrib.auth.models import Group

from portal.access import DEPLOYMENT_GROUP
from portal.models import AuditLog
from services import calendar_table, workdays
from services.models import CalendarPeriod, RequestEvent, ServiceRequest
from tests.factories import make_item, make_request, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


@pytest.fixture
def keeper(actors):
    """The deployment admin: above every community, holding no community role."""
    user = make_user(None, "平台管理员")
    user.groups.add(Group.objects.get(name=DEPLOYMENT_GROUP))
    return user


def accepted(actors, when: str, days: int = 5) -> ServiceRequest:
    req = make_request(actors.community, actors.resident, make_item(actors.community, time_limit_days=days))
    with time_machine.travel(when, tick=False):
        req.accept(actors.staff)
    return req


def enter(by, first, last, name, workday=False):
    return calendar_table.enter_period(by, first=first, last=last, is_workday=workday, name=name)


def test_a_deadline_into_an_unknown_year_is_provisional_not_silently_plain(actors):
    req = accepted(actors, "2026-12-28 10:00 +0800")  # Monday
    # Counted Monday to Friday for now: 29, 30, 31 December, 1 and 4 January.
    assert (req.due_date, req.due_provisional) == (date(2027, 1, 4), True)


def test_a_deadline_inside_a_known_year_is_not_provisional(actors):
    req = accepted(actors, "2026-12-01 10:00 +0800")
    assert (req.due_date, req.due_provisional) == (date(2026, 12, 8), False)


def test_entering_new_year_moves_open_deadlines_and_says_so(actors, keeper):
    req = accepted(actors, "2026-12-28 10:00 +0800")
    with time_machine.travel("2026-12-29 09:00 +0800", tick=False):
        enter(keeper, date(2027, 1, 1), date(2027, 1, 3), "元旦")
    req.refresh_from_db()
    # 1 January is a holiday now: 29, 30, 31 December, 4 and 5 January.
    assert (req.due_date, req.due_provisional) == (date(2027, 1, 5), True)
    note = req.events.filter(kind=RequestEvent.Kind.NOTE).last()
    assert "2027-01-05" in note.text and "2027-01-04" in note.text and note.public


def test_confirming_the_year_ends_provisional_with_a_note(actors, keeper):
    req = accepted(actors, "2026-12-28 10:00 +0800")
    enter(keeper, date(2027, 1, 1), date(2027, 1, 3), "元旦")
    calendar_table.save_year(keeper, year=2027, notice="国务院办公厅关于2027年部分节假日安排的通知", confirmed=True)
    req.refresh_from_db()
    assert (req.due_date, req.due_provisional) == (date(2027, 1, 5), False)
    assert "2027-01-05" in req.events.filter(kind=RequestEvent.Kind.NOTE).order_by("id").last().text


def test_deadlines_across_the_2027_spring_festival_once_entered(actors, keeper):
    enter(keeper, date(2027, 2, 6), date(2027, 2, 14), "春节")
    enter(keeper, date(2027, 2, 20), date(2027, 2, 20), "春节调休上班", workday=True)
    calendar_table.save_year(keeper, year=2027, notice="", confirmed=True)
    req = accepted(actors, "2027-02-04 10:00 +0800", days=3)  # Thursday
    # Friday 5 February, then nothing until Monday 15, then Tuesday 16.
    assert (req.due_date, req.due_provisional) == (date(2027, 2, 16), False)
    req = accepted(actors, "2027-02-18 10:00 +0800", days=2)  # Thursday
    # Friday 19, and Saturday 20 is a make-up workday.
    assert req.due_date == date(2027, 2, 20)


def test_a_change_leaves_deadlines_it_cannot_reach_alone(actors, keeper):
    req = accepted(actors, "2026-12-01 10:00 +0800")
    enter(keeper, date(2027, 1, 1), date(2027, 1, 3), "元旦")
    req.refresh_from_db()
    assert req.due_date == date(2026, 12, 8)
    assert not req.events.filter(kind=RequestEvent.Kind.NOTE).exists()


def test_a_paused_request_keeps_its_paused_days_when_recounted(actors, keeper):
    req = accepted(actors, "2026-12-28 10:00 +0800")
    with time_machine.travel("2026-12-29 10:00 +0800", tick=False):
        req.ask_for_materials(actors.staff, "户口簿")
    enter(keeper, date(2027, 1, 1), date(2027, 1, 3), "元旦")
    req.refresh_from_db()
    assert req.due_date == date(2027, 1, 5) and req.status == ServiceRequest.Status.WAITING


def test_every_worker_sees_a_change_made_by_another(actors, keeper):
    assert workdays.is_workday(date(2027, 1, 1))
    # Another process changes the table: this one holds an old parsed copy, and the stored version moved on.
    enter(keeper, date(2027, 1, 1), date(2027, 1, 1), "元旦")
    assert not workdays.is_workday(date(2027, 1, 1))
    CalendarPeriod.objects.all().delete()  # behind the version's back: the copy is kept (a cache, keyed)
    calendar_table.save_year(keeper, year=2027, notice="", confirmed=False)
    assert workdays.is_workday(date(2027, 1, 1))


def test_changes_are_audited_with_their_author(actors, keeper, client):
    client.force_login(keeper)
    client.post("/work/calendar/", {"first": "2027-01-01", "last": "2027-01-03", "is_workday": "False", "name": "元旦"})
    entry = AuditLog.objects.get(action="create", object_repr__contains="元旦")
    assert entry.actor == keeper


@pytest.mark.parametrize(
    ("today", "warned"),
    [("2026-10-31 12:00 +0800", False), ("2026-11-01 12:00 +0800", True), ("2027-01-05 12:00 +0800", True)],
)
def test_the_desk_warns_from_november_while_next_year_is_unknown(actors, today, warned):
    with time_machine.travel(today, tick=False):
        page = actors.client("staff").get("/services/desk/").content.decode()
    assert ("2027" in page and "尚未录入" in page) == warned


def test_the_warning_ends_once_the_year_is_entered(actors, keeper):
    calendar_table.save_year(keeper, year=2027, notice="", confirmed=True)
    with time_machine.travel("2026-12-02 12:00 +0800", tick=False):
        page = actors.client("staff").get("/services/desk/").content.decode()
    assert "尚未录入" not in page


def test_the_admins_work_page_warns_and_the_deployment_admin_gets_the_link(actors, keeper, client):
    with time_machine.travel("2026-12-02 12:00 +0800", tick=False):
        admin_page = actors.client("admin").get("/work/").content.decode()
        client.force_login(keeper)
        keeper_page = client.get("/work/").content.decode()
    assert "尚未录入" in admin_page and 'href="/work/calendar/"' not in admin_page
    assert "尚未录入" in keeper_page and 'href="/work/calendar/"' in keeper_page


def test_a_request_page_shows_a_provisional_due_date(actors):
    req = accepted(actors, "2026-12-28 10:00 +0800")
    with time_machine.travel("2026-12-28 12:00 +0800", tick=False):
        page = actors.client("resident").get(req.get_absolute_url()).content.decode()
    assert "2027-01-04" in page and "暂定" in page
