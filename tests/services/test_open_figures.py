"""The desk's open figures (三率, requests per month, time to complete) against numbers worked out by hand.

2025 is used because its official calendar has the cases that matter: the
National Day holiday (1–8 October) with Sunday 28 September as a make-up
workday, New Year's Day, and the Dragon Boat holiday ending Monday 2 June.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from portal.dashboard import Rate
from services.models import Rating, ServiceRequest
from services.open_figures import median, open_figures
from tests.factories import make_community, make_item, make_request

pytestmark = [pytest.mark.django_db, pytest.mark.dates]

S = ServiceRequest.Status
SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


def filed(community, when: str, **fields) -> ServiceRequest:
    return make_request(community, created_at=at(when), **fields)


def test_response_rate_counts_answers_within_one_working_day_on_the_official_calendar(actors):
    home, item = actors.community, make_item(actors.community)
    # Friday 26 Sep: the next working day is Sunday 28 Sep (make-up workday), not Monday.
    filed(home, "2025-09-26 10:00", item=item, status=S.ACCEPTED, accepted_at=at("2025-09-28 09:00"))
    filed(home, "2025-09-26 11:00", item=item, status=S.ACCEPTED, accepted_at=at("2025-09-29 09:00"))  # late
    # Tuesday 30 Sep: the holiday runs to 8 Oct, so Thursday 9 Oct is still in time.
    filed(home, "2025-09-30 15:00", item=item, status=S.ACCEPTED, accepted_at=at("2025-10-09 09:00"))
    # Turned down with a reason the same day: answered in time.
    filed(home, "2025-03-03 09:00", status=S.REJECTED, closed_at=at("2025-03-03 16:00"))
    # Never answered: counted, not responded.
    filed(home, "2025-03-03 10:00")
    # 07:00 on 1 January in China is still 31 December in UTC: it belongs to 2025.
    filed(
        home,
        "2025-01-01 07:00",
        kind=ServiceRequest.Kind.SUGGESTION,
        status=S.ACCEPTED,
        accepted_at=at("2025-01-02 08:00"),
    )
    # Not counted: another year, another community.
    filed(home, "2024-12-31 22:00", status=S.ACCEPTED, accepted_at=at("2025-01-10 09:00"))
    filed(actors.other_community, "2025-05-06 09:00")

    figures = open_figures(home, 2025)

    assert figures["response"] == Rate(4, 6)
    assert figures["response"].percent == 66.7
    assert figures["filed"] == 6


def test_requests_per_month_are_counted_by_kind(actors):
    home, item = actors.community, make_item(actors.community)
    filed(home, "2025-09-26 10:00", item=item)
    filed(home, "2025-09-30 10:00", item=item)
    filed(home, "2025-03-03 10:00")  # an appeal
    filed(home, "2025-01-01 07:00", kind=ServiceRequest.Kind.SUGGESTION)
    filed(home, "2024-12-31 22:00", item=item)

    chart = open_figures(home, 2025)["monthly_chart"]

    by_kind = dict(chart.series)
    assert by_kind["办事"] == [0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0]
    assert by_kind["求助/诉求"] == [0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    assert by_kind["意见建议"] == [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    assert chart.labels[0] == "1月" and len(chart.labels) == 12


def test_a_request_not_yet_past_its_working_day_is_left_out_of_the_response_rate(actors):
    with time_machine.travel(at("2025-09-26 16:00"), tick=False):
        filed(actors.community, "2025-09-26 10:00")  # Friday; it may still be answered on Sunday 28th
        figures = open_figures(actors.community, 2025)
    assert figures["response"] == Rate(0, 0) and figures["response"].percent is None
    assert figures["filed"] == 1


def test_resolution_rate_is_resolved_out_of_those_whose_due_date_has_passed(actors):
    home = actors.community
    filed(home, "2025-09-26 10:00", status=S.COMPLETED, due_date=datetime(2025, 10, 13).date())
    filed(home, "2025-09-26 11:00", status=S.CLOSED, due_date=datetime(2025, 10, 14).date())
    filed(home, "2025-01-01 09:00", status=S.DELIVERED, due_date=datetime(2025, 1, 8).date())
    filed(home, "2025-09-30 10:00", status=S.IN_PROGRESS, due_date=datetime(2025, 10, 20).date())
    # Filed in 2024, due in 2025 and still waiting for materials: due, not resolved.
    filed(home, "2024-12-30 10:00", status=S.WAITING, due_date=datetime(2025, 1, 3).date())
    # Not due in 2025: no due date (still submitted, rejected), or due in 2026.
    filed(home, "2025-03-03 10:00")
    filed(home, "2025-03-03 11:00", status=S.REJECTED)
    filed(home, "2025-12-29 10:00", status=S.CLOSED, due_date=datetime(2026, 1, 5).date())

    with time_machine.travel(at("2026-03-01 10:00"), tick=False):
        assert open_figures(home, 2025)["resolution"] == Rate(3, 5)
    with time_machine.travel(at("2025-10-14 10:00"), tick=False):
        # On 14 October only the ones due 3 Jan, 8 Jan and 13 Oct had passed their due date.
        assert open_figures(home, 2025)["resolution"] == Rate(2, 3)


def rate(req: ServiceRequest, score: int, when: str) -> None:
    Rating.objects.create(request=req, score=score, created_at=at(when))


def test_satisfaction_rate_counts_the_three_satisfied_grades_of_all_ratings_in_the_year(actors):
    home = actors.community
    req = filed(home, "2025-03-03 10:00", status=S.CLOSED)
    for score, day in ((5, "02-01"), (4, "03-01"), (3, "04-01"), (2, "05-01"), (1, "06-01"), (5, "07-01")):
        rate(req, score, f"2025-{day} 10:00")
    rate(req, 1, "2024-12-01 10:00")  # another year
    rate(filed(actors.other_community, "2025-03-03 10:00"), 1, "2025-03-05 10:00")  # another community

    satisfaction = open_figures(home, 2025)["satisfaction"]

    assert satisfaction["rate"] == Rate(4, 6)
    assert satisfaction["scores"] == [("非常满意", 2), ("满意", 1), ("基本满意", 1), ("不满意", 1), ("非常不满意", 1)]


def test_with_no_ratings_the_satisfaction_rate_has_no_value_rather_than_zero():
    figures = open_figures(make_community("空社区", "KK"), 2025)
    assert figures["satisfaction"]["rate"].percent is None
    assert figures["response"].percent is None and figures["resolution"].percent is None
    assert figures["completion"]["lines"] == [] and figures["filed"] == 0


def test_median_working_days_to_complete_per_service_item(actors):
    home = actors.community
    birth = make_item(home, "生育登记", time_limit_days=3, order=1)
    allowance = make_item(home, "高龄津贴申领", time_limit_days=10, order=2)
    make_item(home, "居住证明开具", order=3)  # nothing completed: left out

    def done(item, when_filed: str, when_done: str) -> None:
        filed(home, when_filed, item=item, status=S.COMPLETED, completed_at=at(when_done))

    # 26 Sep → 10 Oct: 28, 29, 30 Sep, 9, 10 Oct = 5 working days.
    done(birth, "2025-09-26 10:00", "2025-10-10 15:00")
    # 26 Sep → 29 Sep: 28, 29 Sep = 2.
    done(birth, "2025-09-26 11:00", "2025-09-29 15:00")
    # Filed in 2024, completed in 2025: 31 Dec, 2, 3 Jan = 3 (New Year's Day off).
    done(birth, "2024-12-30 10:00", "2025-01-03 15:00")
    # Filed on the Dragon Boat holiday (2 June): 3, 4, 5 June = 3.
    done(allowance, "2025-06-02 10:00", "2025-06-05 15:00")
    # 3 June → 10 June: 4, 5, 6, 9, 10 = 5.
    done(allowance, "2025-06-03 10:00", "2025-06-10 15:00")
    # Completed in 2024: not this year's figure.
    done(allowance, "2024-06-03 10:00", "2024-06-20 15:00")

    completion = open_figures(home, 2025)["completion"]

    assert completion["lines"] == [
        {"name": "生育登记", "limit": 3, "completed": 3, "median": 3.0},
        {"name": "高龄津贴申领", "limit": 10, "completed": 2, "median": 4.0},
    ]
    assert completion["chart"].horizontal and dict(completion["chart"].series)["承诺时限"] == [3, 10]


def test_median_of_counted_values():
    assert median([(5, 1), (2, 1), (3, 1)]) == 3
    assert median([(3, 1), (5, 1)]) == 4
    assert median([(3, 2), (5, 1)]) == 3
    assert median([(1, 1), (9, 3)]) == 9
    assert median([(7, 4)]) == 7


@pytest.mark.django_db
def test_the_year_reads_the_calendar_table_once_not_once_per_day(actors, settings):
    from datetime import timedelta

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    now = timezone.now().replace(month=6, day=15)
    for days in range(5):
        req = make_request(actors.community, actors.resident)
        ServiceRequest.objects.filter(pk=req.pk).update(created_at=now - timedelta(days=days))
    with CaptureQueriesContext(connection) as ctx:
        open_figures(actors.community, now.year)
    # The calendar is read once for the year (its stored version, then its periods and years if not yet loaded),
    # not once for each day the figures walk.
    assert sum('"services_calendar' in q["sql"] for q in ctx.captured_queries) <= 3
