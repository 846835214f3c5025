"""The suite's "today" comes from one place: GONGJIAN_TEST_TODAY, or the real date."""

from datetime import date

import pytest
from django.utils import timezone

from tests.conftest import test_today

pytestmark = pytest.mark.dates


def test_the_clock_stands_on_the_chosen_day_in_beijing():
    chosen = test_today()
    today = timezone.localdate()
    if chosen is None:
        assert today == timezone.localdate(timezone.now())
    else:
        assert today == chosen
        assert timezone.localtime().hour == 10


def test_a_test_may_still_travel_elsewhere(time_machine):
    time_machine.move_to(date(2030, 6, 1).isoformat() + "T12:00:00+08:00")
    assert timezone.localdate() == date(2030, 6, 1)
