"""Staff pages of door to door at phone and desktop width: coverage, the building grid, households, care list."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE
from tests.factories import PASSWORD, make_community, make_party_member, make_staff, make_user
from tests.households import make
from tests.households.conftest import visit_data

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_staff_pages_are_accessible(journey, viewport):
    home = make_community("红星社区", "HX")
    staff = make_staff(home, "李秀梅")
    visitor = make_user(home, "刘党员")
    make_party_member(home, user=visitor)
    building = make.building(home, worker=staff, doors=6)
    households = list(building.households.order_by("door"))
    make.tag(households[0], "elderly_alone")
    make.pairing(households[0], visitor, days_ago=45)
    campaign = make.campaign(home, staff=staff, buildings=[building], visitor=visitor)

    class Doors:  # what visit_data needs
        pass

    doors = Doors()
    doors.campaign, doors.households = campaign, households
    from django.test import Client

    client = Client()
    client.force_login(visitor)
    for h, outcome in zip(households[:3], ["visited", "absent", "refused"], strict=True):
        client.post("/households/visit/sync/", visit_data(doors, h, outcome=outcome, concerns="楼道灯坏了"))

    j = journey(viewport)
    j.login(staff.phone, PASSWORD)
    page = j.visit(campaign.get_absolute_url())
    expect(page.locator("#coverage-total")).to_contain_text("6 户中已入户 1 户")
    j.shot("campaign coverage")
    page = j.visit(f"/households/campaigns/{campaign.pk}/buildings/{building.pk}/")
    expect(page.locator(".door-grid .door-refused")).to_contain_text("拒访")
    j.shot("building grid")
    for path in ["/households/", "/households/list/", households[0].get_absolute_url(), "/households/care/"]:
        j.visit(path)
    j.shot("care list")
    page = j.visit("/work/")
    expect(page.get_by_text("到期的关爱走访")).to_be_visible()
    j.visit("/households/campaigns/new/")
    j.visit("/households/import/")
