"""Shared actors: everyone a test may need, in one place.

`actors` builds one community with a resident, a party member, a committee
member, a staff member and an admin, plus an outsider: a staff member of
another community. The party member is linked to a confirmed roster entry
and the committee member holds an active seat for a unit, as in real life.
"""

import os
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.utils import translation

from portal.models import Community, User
from tests import factories


@dataclass
class Actors:
    community: Community
    other_community: Community
    resident: User
    party_member: User
    committee_member: User
    staff: User
    admin: User
    outsider: User  # staff of another community
    outsider_resident: User

    def client(self, who: str | None) -> Client:
        client = Client()
        if who:
            client.force_login(getattr(self, who))
        return client


# "Today" for the whole suite comes from here. GONGJIAN_TEST_TODAY=YYYY-MM-DD runs every test on that day
# (the clock starts at 10:00 Beijing time and keeps ticking); unset, the suite runs on the real date.
TODAY_VARIABLE = "GONGJIAN_TEST_TODAY"


def test_today() -> date | None:
    value = os.environ.get(TODAY_VARIABLE, "").strip()
    return date.fromisoformat(value) if value else None


test_today.__test__ = False  # a helper, not a test


@pytest.fixture(autouse=True)
def _today():
    day = test_today()
    if day is None:
        yield
        return
    with time_machine.travel(datetime.combine(day, time(10, 0), tzinfo=ZoneInfo("Asia/Shanghai")), tick=True):
        yield


@pytest.fixture(autouse=True)
def _fresh_cache():
    # The cache (dashboard figures, calendar exceptions, desk counts, rate limits) must not carry over.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    # Uploads of every test go to its own temporary folder, never to the checkout's media/.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _no_text_messages_left():
    # The local-memory SMS backend keeps what was sent; each test starts with none.
    from portal import sms

    sms.outbox.clear()
    yield


@pytest.fixture(autouse=True)
def _english_free_defaults(settings):
    # Tests read the Chinese UI unless they ask for English; keep language state clean.
    translation.activate("zh-hans")
    yield
    translation.deactivate()


@pytest.fixture
def actors(db) -> Actors:
    home = factories.make_community("红星社区", "HX")
    other = factories.make_community("东风社区", "DF")
    party_member = factories.make_user(home, "刘党员")
    factories.make_party_member(home, user=party_member)
    committee_member = factories.make_user(home, "赵委员")
    factories.make_seat(factories.make_unit(home, "区税务局"), user=committee_member, holder_name="赵委员")
    return Actors(
        community=home,
        other_community=other,
        resident=factories.make_user(home, "张桂兰"),
        party_member=party_member,
        committee_member=committee_member,
        staff=factories.make_staff(home, "李秀梅"),
        admin=factories.make_admin(home, "王建华"),
        outsider=factories.make_staff(other, "孙外人"),
        outsider_resident=factories.make_user(other, "周居民"),
    )


def as_user(actors: Actors, who: str | None) -> Client:
    return actors.client(who)
