"""Periods read as people write them: 2026年第三季度 and 2026年12月, never the stored 2026-Q3 or 2026-12."""

import pytest
from django.urls import reverse
from django.utils import translation

from meetings.models import period_label
from meetings.planning import CadenceGap
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("code", "zh", "en"),
    [
        ("2026-Q1", "2026年第一季度", "Q1 2026"),
        ("2026-Q3", "2026年第三季度", "Q3 2026"),
        ("2026-Q4", "2026年第四季度", "Q4 2026"),
        ("2026-12", "2026年12月", "December 2026"),
        ("2027-01", "2027年1月", "January 2027"),
        ("", "", ""),
    ],
)
def test_a_period_reads_in_words_in_both_languages(code, zh, en):
    with translation.override("zh-hans"):
        assert period_label(code) == zh
    with translation.override("en"):
        assert period_label(code) == en


def test_the_meeting_title_page_and_cadence_warning_show_the_period_in_words(actors):
    meeting = factories.make_meeting(actors.community, "quarterly", "2026-Q3")
    assert meeting.display_title == "2026年第三季度 党建联席会议"
    page = actors.client("staff").get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "2026年第三季度" in page and "2026-Q3" not in page
    assert CadenceGap("monthly", "2026-12").period_label == "2026年12月"
