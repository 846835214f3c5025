"""Deadlines count working days on China's official calendar, plus the editable exceptions."""

from datetime import date

import pytest
import time_machine

from services import calendar_table, workdays
from tests.factories import make_item, make_request

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


def test_a_plain_week_skips_the_weekend():
    # Thursday 2026-03-12 + 3 working days: Fri, Mon, Tue.
    assert workdays.add_workdays(date(2026, 3, 12), 3) == date(2026, 3, 17)


def test_national_day_holidays_are_not_counted():
    # 2026: 1–7 October off; 8 October is the first working day after.
    assert workdays.add_workdays(date(2026, 9, 30), 1) == date(2026, 10, 8)


def test_the_make_up_saturday_after_national_day_counts():
    # Saturday 10 October 2026 is a make-up workday (调休).
    assert workdays.is_workday(date(2026, 10, 10))
    assert workdays.add_workdays(date(2026, 10, 9), 1) == date(2026, 10, 10)


def test_the_make_up_sunday_before_national_day_counts():
    assert workdays.is_workday(date(2026, 9, 20))
    assert workdays.add_workdays(date(2026, 9, 18), 1) == date(2026, 9, 20)


def test_spring_festival_holidays_are_not_counted():
    # 2026: 15–23 February off, Saturday 14 February worked instead.
    assert workdays.add_workdays(date(2026, 2, 13), 1) == date(2026, 2, 14)
    assert workdays.add_workdays(date(2026, 2, 13), 2) == date(2026, 2, 24)


def test_years_the_library_does_not_know_default_to_weekends_and_are_provisional():
    assert workdays.is_workday(date(2027, 10, 1))  # a Friday; no notice entered yet
    assert not workdays.is_workday(date(2027, 10, 2))
    assert workdays.deadline(date(2027, 9, 24), 1) == (date(2027, 9, 27), True)
    assert workdays.deadline(date(2026, 3, 12), 1) == (date(2026, 3, 13), False)


def test_the_deployments_table_overrides_the_calendar(actors):
    holiday = calendar_table.enter_period(
        actors.admin, first=date(2027, 10, 1), last=date(2027, 10, 1), is_workday=False, name="国庆节"
    )
    calendar_table.enter_period(
        actors.admin, first=date(2027, 9, 26), last=date(2027, 9, 26), is_workday=True, name="国庆节调休上班"
    )
    assert not workdays.is_workday(date(2027, 10, 1))
    assert workdays.add_workdays(date(2027, 9, 24), 1) == date(2027, 9, 26)
    calendar_table.remove_period(holiday, actors.admin)
    assert workdays.is_workday(date(2027, 10, 1))


def test_accepting_sets_the_due_date_across_national_day(actors):
    item = make_item(actors.community, time_limit_days=3)
    req = make_request(actors.community, actors.resident, item)
    with time_machine.travel("2026-09-30 10:00 +0800", tick=False):
        req.accept(actors.staff)
    # 30 Sep + 3 working days: 8, 9, 10 (make-up Saturday) October.
    assert req.due_date == date(2026, 10, 10)


def test_the_clock_pauses_while_waiting_for_materials(actors):
    item = make_item(actors.community, time_limit_days=5)
    req = make_request(actors.community, actors.resident, item)
    with time_machine.travel("2026-03-02 09:00 +0800", tick=False):  # Monday
        req.accept(actors.staff)
        assert req.due_date == date(2026, 3, 9)
        req.ask_for_materials(actors.staff, "户口簿")
    with time_machine.travel("2026-03-05 09:00 +0800", tick=False):  # Thursday: 3 working days paused
        req.resume(actors.staff)
    assert req.due_date == date(2026, 3, 12)
    assert req.paused_on is None
