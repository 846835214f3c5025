"""The open figures on the demo data, and a year with no data: axe-clean on phone and desktop."""

import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from portal.access import ADMIN_GROUP, STAFF_GROUP
from tests.browser.conftest import DESKTOP, PHONE

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.dates]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_open_figures_on_the_demo_data(journey, viewport):
    for name in (ADMIN_GROUP, STAFF_GROUP):
        Group.objects.get_or_create(name=name)
    call_command("seed_demo", stdout=io.StringIO())
    j = journey(viewport)
    # The demo covers the twelve months before today: in the first weeks of January that is last year.
    year = (timezone.localdate() - timedelta(days=45)).year
    j.visit(f"/open/?year={year}")
    for heading in ("一站式服务", "大党委会议", "大党委与志愿服务", "公开信息发布"):
        expect(j.page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    for figure in ("响应率", "办结率", "满意率", "月度例会召开率", "季度联席会议召开率"):
        expect(j.page.get_by_role("heading", name=figure)).to_be_visible()
    # Every chart is an image with a name, and its numbers are in a table beside it.
    charts = j.page.locator("svg[role=img]")
    assert charts.count() >= 6
    assert j.page.locator("figure.chart table").count() == charts.count()
    no_overflow = "document.documentElement.scrollWidth <= window.innerWidth"
    assert j.page.evaluate(no_overflow), "the page scrolls sideways"
    j.shot("open-figures-demo")

    j.visit("/open/?year=2017")
    expect(j.page.get_by_text("本年度暂无数据").first).to_be_visible()
    expect(j.page.get_by_text("本年度尚未召开会议。")).to_be_visible()
    assert j.page.locator("svg[role=img]").count() == 0
    j.shot("open-figures-empty-year")

    j.visit("/open/")
    j.page.get_by_role("button", name="English").click()
    j.check_page()
    expect(j.page.get_by_role("heading", name="Response rate")).to_be_visible()
    assert j.page.evaluate(no_overflow), "the English page scrolls sideways"
    j.shot("open-figures-english")
