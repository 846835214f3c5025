"""Every meetings page, on the demo data, for the people who use it: axe clean, no JS or CSP error."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from playwright.sync_api import expect

from devtools.demo.core import DEMO_PASSWORD
from meetings.models import Meeting
from portal.access import ADMIN_GROUP, STAFF_GROUP
from tests.browser.conftest import DESKTOP, PHONE

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.dates]


@pytest.fixture
def demo(db):
    # Transactional tests flush the groups the migrations made; the demo needs them.
    for name in (STAFF_GROUP, ADMIN_GROUP):
        Group.objects.get_or_create(name=name)
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_staff_pages_on_the_demo_data(journey, demo):
    j = journey(DESKTOP)
    j.login("13900000002", DEMO_PASSWORD)
    j.visit("/meetings/")
    j.shot("demo-meetings-list")
    below = Meeting.objects.get(period__endswith="-02", kind="monthly", status="held")
    j.visit(f"/meetings/{below.pk}/")
    expect(j.page.get_by_role("alert")).to_contain_text("不足法定人数")
    j.shot("demo-meeting-below-quorum")
    latest = Meeting.objects.filter(status="held").order_by("-starts_at").first()
    j.visit(f"/meetings/{latest.pk}/")
    j.visit(f"/meetings/{latest.pk}/log/")
    j.visit(f"/meetings/{latest.pk}/minutes/")
    planned = Meeting.objects.filter(status="planned").order_by("starts_at").first()
    j.visit(f"/meetings/{planned.pk}/")
    j.shot("demo-meeting-planned")
    j.visit(f"/meetings/{latest.pk}/print/")
    j.visit("/meetings/ledger/")
    j.visit("/meetings/resolutions/mine/?show=all")
    j.shot("demo-follow-staff")
    j.visit("/meetings/new/")
    j.visit("/meetings/calendar/")
    j.page.get_by_role("button", name="生成我的日历链接").click()
    j.check_page()
    expect(j.page.get_by_label("您的日历链接")).to_have_value(re.compile(r"/meetings/calendar/[^/]+[.]ics$"))
    j.shot("demo-calendar")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_committee_member_and_visitor_pages_on_the_demo_data(journey, demo, viewport):
    c = journey(viewport)
    c.login("13900000020", DEMO_PASSWORD)
    c.visit("/meetings/")
    c.visit("/meetings/resolutions/mine/")
    c.shot("demo-follow-member")
    v = journey(viewport)
    v.visit("/meetings/resolutions/")
    v.shot("demo-resolutions-public")
    published = Meeting.objects.filter(minutes_status="published").order_by("-starts_at").first()
    v.visit(f"/meetings/{published.pk}/")
    v.page.get_by_role("button", name="长辈模式").click()
    v.check_page()
    v.shot("demo-meeting-public-elderly")
