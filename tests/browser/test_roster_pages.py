"""Every roster page with the demo committee loaded: axe-clean, no JS or CSP error, on phone and desktop."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from playwright.sync_api import expect

from devtools.demo.core import DEMO_PASSWORD
from members.models import Activity, Agreement, CommitteeSeat, Unit
from portal.access import ADMIN_GROUP, STAFF_GROUP
from tests.browser.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.django_db(transaction=True)

STAFF_PAGES = [
    "/members/units/",
    "/members/seats/",
    "/members/party-members/",
    "/members/party-members/print/",
    "/members/registrations/",
    "/members/registrations/print/",
    "/members/agreements/",
    "/members/agreements/report/",
    "/members/activities/",
    "/members/posts/",
    "/members/resources/",
    "/members/roster/import/",
    "/members/reports/",
    "/members/units/new/",
    "/members/activities/new/",
]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_roster_pages_with_the_demo_committee(journey, viewport):
    # Transactional tests flush the groups the data migration made; the demo needs them.
    for name in (ADMIN_GROUP, STAFF_GROUP):
        Group.objects.get_or_create(name=name)
    call_command("seed_demo", stdout=io.StringIO())
    changed_unit = CommitteeSeat.objects.filter(term_end__isnull=False).first().unit
    pages = [
        *STAFF_PAGES,
        f"/members/units/{changed_unit.pk}/",
        f"/members/agreements/{Agreement.objects.first().pk}/",
        f"/members/activities/{Activity.objects.first().pk}/",
        f"/members/seats/{CommitteeSeat.objects.first().pk}/hand-over/",
    ]
    j = journey(viewport)
    j.visit("/members/committee/")
    expect(j.page.get_by_role("cell", name="王建华")).to_be_visible()
    j.shot("demo-committee")
    j.visit("/open/")
    expect(j.page.get_by_role("heading", name="大党委与志愿服务")).to_be_visible()
    j.shot("demo-open-figures")

    j.login("13900000002", DEMO_PASSWORD)
    j.check_page()
    expect(j.page.get_by_role("link", name="审核报到")).to_be_visible()
    j.shot("demo-staff-work")
    for path in pages:
        j.visit(path)
    j.visit(f"/members/units/{changed_unit.pk}/")
    expect(j.page.get_by_role("heading", name="历任委员")).to_be_visible()
    j.shot("demo-unit-with-history")
    j.visit("/members/agreements/report/")
    j.shot("demo-agreement-report")
    j.visit("/members/seats/")
    j.shot("demo-seats")

    member = journey(viewport)
    member.login("13900000021", DEMO_PASSWORD)
    member.visit("/members/mine/")
    expect(member.page.locator("#year-total")).to_contain_text("小时")
    member.shot("demo-my-hours")
    member.visit("/")
    member.shot("demo-home-party-member")

    committee = journey(viewport)
    committee.login("13900000020", DEMO_PASSWORD)
    committee.visit("/members/my-unit/")
    expect(committee.page.get_by_role("heading", name="红星社区与示范区税务局向阳税务所共驻共建协议书")).to_be_visible()
    committee.shot("demo-my-unit")
    assert Unit.objects.count() == 11
