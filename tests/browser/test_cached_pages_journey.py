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


def test_a_resident_on_a_phone_and_wrong_entries_with_the_cache_on(journey, settings):
    settings.FRAGMENT_CACHE_SECONDS = 300
    community = make_community("红星社区", "HX")
    make_staff(community, "李秀梅", phone="13900000002")
    resident = make_user(community, "张桂兰", phone="13900000010")
    req = make_request(community, resident)

    phone = journey()
    phone.login("13900000010", PASSWORD)
    for _visit in range(2):  # the second visit is served from the cache
        phone.visit("/services/mine/")
        expect(phone.page.locator(".list-group-item", has_text=req.reference)).to_contain_text(req.title)
    phone.shot("cached-my-requests")
    phone.visit(req.get_absolute_url())
    phone.shot("cached-request-resident")

    # Public tracking: wrong digits are told on the form; the right ones show the timeline, twice alike.
    phone.visit("/services/track/")
    phone.page.get_by_label("受理编号").fill(req.reference)
    phone.page.get_by_label("申请人手机号后4位").fill("0000")
    phone.page.get_by_role("button", name="查询").click()
    phone.check_page()
    expect(phone.page.locator("main")).to_contain_text("没有找到与该受理编号和手机号后4位相符的办件。")
    for _visit in range(2):
        phone.page.get_by_label("申请人手机号后4位").fill(req.applicant_phone[-4:])
        phone.page.get_by_role("button", name="查询").click()
        phone.check_page()
        expect(phone.page.locator("#result-heading")).to_contain_text(req.reference)
    phone.shot("cached-tracking")

    # Staff on a phone: assigning with nothing chosen is refused with a message above the cached queue.
    staff = journey()
    staff.login("13900000002", PASSWORD)
    staff.visit("/services/desk/")
    staff.visit("/services/desk/")
    staff.page.locator("#bulk-form button[type=submit]").click()
    staff.check_page()
    expect(staff.page.locator("main")).to_contain_text("请选择办件和工作人员。")
    expect(row(staff, req.reference)).to_be_visible()
    staff.shot("cached-desk-refused")
