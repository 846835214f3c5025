"""Two staff members at one desk with the page-part cache on, as in production.

The desk, the request page and the top bar are served from the cache; every step either of them takes
must show on the other's next page, and the forms in cached parts must post with each one's own token.
"""

import pytest
from playwright.sync_api import expect

from portal.models import Community
from services.models import ServiceRequest
from tests.browser.conftest import DESKTOP
from tests.factories import PASSWORD, make_admin, make_community, make_request, make_staff, make_user

pytestmark = pytest.mark.django_db(transaction=True)


def row(j, reference: str):
    return j.page.locator("tr", has=j.page.locator(f"a:text-is('{reference}')"))


def pill(j, status: str):
    """The count on a status pill above the queue."""
    return j.page.locator(f".status-counts a[href='?status={status}'] .badge")


def test_two_staff_see_each_others_steps_through_the_cache(journey, settings):
    settings.FRAGMENT_CACHE_SECONDS = 300
    community = make_community("红星社区", "HX")
    make_staff(community, "李秀梅", phone="13900000002")
    make_admin(community, "王建华", phone="13900000001")
    req = make_request(community, make_user(community, "张桂兰"))
    generation = Community.objects.get(pk=community.pk).generation

    li = journey(DESKTOP)
    li.login("13900000002", PASSWORD)
    li.visit("/services/desk/")
    expect(row(li, req.reference)).to_contain_text(str(ServiceRequest.Status.SUBMITTED.label))
    expect(pill(li, "submitted")).to_have_text("1")

    # The admin's desk comes from the cache the first visit filled; its bulk form carries the admin's token.
    wang = journey(DESKTOP)
    wang.login("13900000001", PASSWORD)
    wang.visit("/services/desk/")
    wang.page.locator(f"input[name=refs][value='{req.reference}']").check()
    wang.page.locator("#bulk-assignee").select_option(label="李秀梅")
    wang.page.locator("#bulk-form button[type=submit]").click()
    wang.check_page()
    expect(row(wang, req.reference)).to_contain_text("李秀梅")
    assert Community.objects.get(pk=community.pk).generation > generation

    # Li sees the assignment on her next desk page, accepts the request, and both desks show it accepted.
    li.visit("/services/desk/")
    expect(row(li, req.reference)).to_contain_text("李秀梅")
    li.page.get_by_role("link", name=req.reference).click()
    li.check_page()
    li.page.get_by_role("button", name="受理", exact=True).click()
    li.check_page()
    req.refresh_from_db()
    assert req.status == ServiceRequest.Status.ACCEPTED
    for j in (li, wang):
        j.visit("/services/desk/?status=")
        expect(row(j, req.reference)).to_contain_text(str(ServiceRequest.Status.ACCEPTED.label))
        # The counts above the queue agree with its rows.
        expect(pill(j, "accepted")).to_have_text("1")
        expect(pill(j, "submitted")).to_have_text("0")
    wang.visit(req.get_absolute_url())
    expect(wang.page.locator("main")).to_contain_text(str(ServiceRequest.Status.ACCEPTED.label))
    li.shot("cached-desk-after-accept")
