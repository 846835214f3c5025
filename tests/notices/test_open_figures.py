"""The notices' part of the open figures page: how many went out per category in a year."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from notices.models import Notice
from notices.open_figures import open_figures
from tests import factories as f

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day: str) -> datetime:
    return datetime.fromisoformat(f"{day} 10:00").replace(tzinfo=SHANGHAI)


def test_notices_published_per_category_count_only_what_the_public_can_see(actors):
    home = actors.community
    P, C = Notice.State, Notice.Category
    f.make_notice(home, actors.staff, category=C.PARTY, publish_at=at("2025-02-01"))
    f.make_notice(home, actors.staff, category=C.PARTY, publish_at=at("2025-12-31"))
    f.make_notice(home, actors.staff, category=C.FINANCE, publish_at=at("2025-06-01"))
    f.make_notice(home, actors.staff, category=C.PARTY, publish_at=at("2025-03-01"), state=P.WITHDRAWN)
    f.make_notice(home, actors.staff, category=C.PARTY, state=P.DRAFT)
    f.make_notice(home, actors.staff, category=C.NEWS, publish_at=at("2024-12-01"))
    f.make_notice(actors.other_community, category=C.NEWS, publish_at=at("2025-05-01"))

    figures = open_figures(home, 2025)

    assert figures["total"] == 3
    assert [(value, n) for value, _label, n in figures["categories"]] == [
        ("party", 2),
        ("residents", 0),
        ("finance", 1),
        ("announcement", 0),
        ("policy", 0),
        ("news", 0),
    ]


def test_a_notice_scheduled_for_later_is_not_counted_yet(actors):
    f.make_notice(actors.community, actors.staff, publish_at=timezone.now() + timedelta(days=1))
    assert open_figures(actors.community, timezone.localdate().year)["total"] == 0
