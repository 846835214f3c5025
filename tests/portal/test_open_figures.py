"""The open figures page (/open/) as a whole: "no data" shown as such, per-language caching, a fixed query count."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from meetings.models import Attendance, Meeting
from notices.models import Notice
from services.models import Rating, ServiceRequest
from tests import factories as f
from tests.utils import count_queries

pytestmark = [pytest.mark.django_db, pytest.mark.dates]

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day: str) -> datetime:
    return datetime.fromisoformat(f"{day} 10:00").replace(tzinfo=SHANGHAI)


def test_the_page_shows_a_dash_not_zero_when_nothing_was_rated(client, actors):
    item = f.make_item(actors.community, "居住证明开具")
    f.make_request(actors.community, item=item, status=ServiceRequest.Status.COMPLETED, completed_at=timezone.now())
    page = client.get(reverse("open_dashboard")).content.decode()
    assert "满意率" in page and "—" in page and "本年度暂无数据" in page
    assert "0%" not in page.split("满意率")[1].split("</div></div>")[0]
    assert "本年度共提交诉求1件。" in page


def test_the_page_reads_in_english_too(client, actors):
    client.post(reverse("set_language"), {"language": "en", "next": "/open/"})
    page = client.get(reverse("open_dashboard")).content.decode()
    assert "Response rate" in page and "within one working day of filing" in page
    assert "Monthly meetings held" in page and "Notices published per category" not in page  # no notices: no chart


def test_figures_are_cached_per_language(client, actors):
    client.get(reverse("open_dashboard"))
    client.post(reverse("set_language"), {"language": "en", "next": "/open/"})
    assert "Requests per month" in client.get(reverse("open_dashboard")).content.decode()


def cold_query_count(client, url: str) -> int:
    cache.clear()  # the figures are cached: measure them computed, not read back
    return count_queries(client, url)


def add_a_year_of_rows(actors, n: int, months: range) -> None:
    """n requests (rated), a held meeting with attendance and a resolution, hours, notices — spread over the year."""
    home, year = actors.community, timezone.localdate().year
    items = [f.make_item(home) for _ in range(3)]
    unit = f.make_unit(home)
    seat = f.make_seat(unit, "钱委员")
    member = f.make_party_member(home, kind="in_service", home_unit=unit)
    for i in range(n):
        day = date(year, 1 + i % 10, 1 + i % 27)
        filed_at = datetime(day.year, day.month, day.day, 9, tzinfo=SHANGHAI)
        req = f.make_request(
            home,
            item=items[i % 3],
            status=ServiceRequest.Status.CLOSED,
            created_at=filed_at,
            accepted_at=filed_at + timedelta(hours=2),
            completed_at=filed_at + timedelta(days=3 + i % 5),
            due_date=day + timedelta(days=7),
        )
        Rating.objects.create(request=req, score=1 + i % 5, created_at=filed_at + timedelta(days=9))
        f.make_notice(home, actors.staff, category=Notice.Category.values[i % 6], publish_at=filed_at)
        f.make_participation(f.make_activity(home, date=day), member, "1.5")
    for month in months:
        held = f.make_meeting(
            home, "monthly", f"{year}-{month:02d}", starts_at=at(f"{year}-{month:02d}-10"), status=Meeting.Status.HELD
        )
        Attendance.objects.create(community=home, meeting=held, seat=seat, status="present")
        f.make_resolution(held, lead_unit=unit)


def test_the_page_answers_in_the_same_number_of_queries_with_few_and_many_rows(client, actors):
    url = reverse("open_dashboard")
    count_queries(client, url)  # warm what is not ours (content types, translations)
    add_a_year_of_rows(actors, 2, range(1, 2))
    few = cold_query_count(client, url)
    add_a_year_of_rows(actors, 30, range(2, 8))
    many = cold_query_count(client, url)
    assert many == few, f"/open/: {few} queries with few rows, {many} with many"
    assert few <= 25
    # Read back from the cache, the figures cost no query at all.
    assert count_queries(client, url) < few - 10


def test_horizontal_chart_grows_with_its_rows_and_keeps_long_names_whole_in_the_table():
    from portal.charts import BarChart

    names = ["示范区市场监督管理局向阳所", "红星小学"]
    chart = BarChart(
        "出席率", "各单位出席率", names, [("出席率", [75.0, 50.0])], unit="%", horizontal=True, scale_max=100
    )
    assert chart.height == chart.TOP + 2 * chart.ROW + chart.BOTTOM
    assert [label for _y, label in chart.label_positions] == ["示范区市场监督管…", "红星小学"]
    assert [row[0] for row in chart.rows] == names
    assert chart.bars[0].width == pytest.approx(1.5 * chart.bars[1].width)
    assert [label for _x, label in chart.ticks] == ["0%", "25%", "50%", "75%", "100%"]


def test_chart_scales_end_on_round_numbers():
    from portal.charts import BarChart, nice_top

    assert [nice_top(v) for v in (0, 4, 54, 228, 571)] == [1, 4, 60, 240, 600]
    assert [label for _y, label in BarChart("t", "d", ["a"], [("s", [571])]).ticks] == ["0", "150", "300", "450", "600"]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_charts_write_their_numbers_as_floatformat_would(language):
    import random
    from decimal import Decimal

    from django.template.defaultfilters import floatformat
    from django.utils import translation
    from django.utils.formats import get_format

    from portal.charts import shown_number, svg_number

    rng = random.Random(7)
    values = [0, 0.0, -0.0, 0.05, 0.15, 0.25, 2.5, 2.55, -0.04, -0.05, 3, 3.0, 12.95, 99.95, 1e-7, 1500, 2.9999]
    values += [rng.uniform(-1000, 1000) for _ in range(300)] + [rng.randint(0, 4000) / 20 for _ in range(300)]
    values += [Decimal(rng.randint(0, 10**5)) / 100 for _ in range(100)]
    with translation.override(language):
        separator = get_format("DECIMAL_SEPARATOR")
        assert [svg_number(v) for v in values] == [floatformat(v, "1u") for v in values]
        assert [shown_number(v, separator) for v in values] == [floatformat(v, "-1") for v in values]


def test_a_chart_is_drawn_with_its_numbers_written_out_and_its_names_escaped():
    from django.template.loader import render_to_string

    from portal.charts import BarChart

    names = ["甲<b>", 'R&D "乙"']
    chart = BarChart("出席率", "各单位出席率", names, [("出席率", [75.25, 50])], unit="%", horizontal=True)
    html = render_to_string("includes/bar_chart.html", {"chart": chart, "chart_id": "t"})
    assert '<rect x="132.0" y="15.9" width="289.7" height="18.2" fill="#b3121f">' in html
    assert "<title>甲&lt;b&gt; 出席率: 75.3%</title>" in html and '<td class="text-end">50%</td>' in html
    assert "R&amp;D &quot;乙&quot;</th>" in html and "<b>" not in html
    assert html.count("<rect") == 2 and html.count('dx="4"') == 2  # one series: each bar carries its value
    monthly = BarChart("每月", "每月诉求", ["1月", "2月"], [("办事", [3, 0]), ("求助", [1.5, 2])])
    html = render_to_string("includes/bar_chart.html", {"chart": monthly, "chart_id": "m"})
    assert html.count("<rect") == 4 and 'dx="4"' not in html and '<td class="text-end">1.5</td>' in html
