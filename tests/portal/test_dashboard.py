import pytest
from django.urls import reverse

from portal import dashboard
from portal.access import Role
from portal.charts import BarChart

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


@pytest.fixture
def templates_dir(tmp_path, settings):
    """A folder of throw-away templates for sections and panels registered by a test."""
    import copy

    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [*templates[0]["DIRS"], tmp_path]
    settings.TEMPLATES = templates
    (tmp_path / "includes").mkdir()
    return tmp_path


@pytest.fixture
def figures_section():
    calls = []

    def compute(community, year):
        calls.append((community.code, year))
        chart = BarChart("每月诉求", "按月统计的诉求数量", ["1月", "2月"], [("诉求", [3, 5])])
        return {"chart": chart, "chart_id": "test"}

    section = dashboard.Section("test", "测试数据", "includes/bar_chart_section_test.html", compute, order=999)
    dashboard.register_section(section)
    yield calls
    dashboard._sections.pop("test")


def test_open_dashboard_works_for_visitors_and_shows_the_figures(client, actors, figures_section, templates_dir):
    (templates_dir / "includes" / "bar_chart_section_test.html").write_text(
        '{% include "includes/bar_chart.html" with chart=data.chart chart_id=data.chart_id %}'
    )
    response = client.get(reverse("open_dashboard"), {"year": "2025"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in page and 'role="img"' in page and "<title" in page and "<desc" in page
    assert "测试数据" in page and "<table" in page and ">5<" in page
    assert figures_section == [("HX", 2025)]


def test_open_dashboard_caches_figures(client, actors, figures_section):
    from django.core.cache import cache

    cache.clear()
    dashboard.dashboard(actors.community, 2025)
    dashboard.dashboard(actors.community, 2025)
    assert figures_section == [("HX", 2025)]


def test_open_dashboard_clamps_the_year_and_rejects_post(client, actors):
    assert client.get(reverse("open_dashboard"), {"year": "abc"}).status_code == 200
    assert client.get(reverse("open_dashboard"), {"year": "1900"}).context["year"] == 2017
    assert client.post(reverse("open_dashboard")).status_code == 405


def test_bar_chart_scales_bars_to_the_largest_value():
    chart = BarChart("t", "d", ["a", "b"], [("s", [2, 4])])
    heights = [bar.height for bar in chart.bars]
    assert heights[1] == pytest.approx(2 * heights[0]) and max(heights) == chart.height - chart.BOTTOM - chart.TOP


def test_bar_chart_with_no_data_draws_nothing_and_does_not_fail():
    chart = BarChart("t", "d", [], [])
    assert chart.bars == [] and chart.rows == []


def test_work_page_requires_staff(actors):
    assert actors.client(None).get(reverse("work")).status_code == 302
    assert actors.client("resident").get(reverse("work")).status_code == 403
    assert actors.client("staff").post(reverse("work")).status_code == 405


def test_work_page_shows_the_panels_for_the_role(actors, templates_dir):
    (templates_dir / "panel_test.html").write_text("待办 {{ data.count }} 件")
    dashboard.register_panel(dashboard.Panel("t", "测试面板", "panel_test.html", lambda user: {"count": 7}))
    dashboard.register_panel(
        dashboard.Panel("a", "管理面板", "panel_test.html", lambda user: {"count": 1}, role=Role.ADMIN)
    )
    try:
        staff_page = actors.client("staff").get(reverse("work")).content.decode()
        admin_page = actors.client("admin").get(reverse("work")).content.decode()
    finally:
        dashboard._panels.pop("t")
        dashboard._panels.pop("a")
    assert "测试面板" in staff_page and "待办 7 件" in staff_page and "管理面板" not in staff_page
    assert "管理面板" in admin_page


def test_staff_land_on_their_work_after_login(client, actors):
    from tests.factories import PASSWORD

    response = client.post(reverse("login"), {"username": actors.staff.phone, "password": PASSWORD})
    assert response["Location"] == reverse("work")
    resident = actors.client(None)
    response = resident.post(reverse("login"), {"username": actors.resident.phone, "password": PASSWORD})
    assert response["Location"] == "/"
