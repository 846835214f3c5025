"""Two staff members at one desk: every step either of them takes shows on the other's next page at once.

No cache stands in front of logged-in pages, so nothing has to be retired after a write: the desk's rows,
its per-status counts (kept by the database with every write) and a request's page are always current.
"""

import pytest
from playwright.sync_api import expect

from services.models import ServiceRequest
from tests.browser.conftest import DESKTOP
from tests.factories import PASSWORD, make_admin, make_community, make_request, make_staff, make_user

pytestmark = pytest.mark.django_db(transaction=True)


def row(j, reference: str):
    return j.page.locator("tr", has=j.page.locator(f"a:text-is('{reference}')"))


def pill(j, status: str):
    """The count on a status pill above the queue."""
    return j.page.locator(f".status-counts a[href='?status={status}'] .badge")


def test_two_staff_see_each_others_steps_at_once(journey):
    community = make_community("红星社区", "HX")
    make_staff(community, "李秀梅", phone="13900000002")
    make_admin(community, "王建华", phone="13900000001")
    req = make_request(community, make_user(community, "张桂兰"))

    li = journey(DESKTOP)
    li.login("13900000002", PASSWORD)
    li.visit("/services/desk/")
    expect(row(li, req.reference)).to_contain_text(str(ServiceRequest.Status.SUBMITTED.label))
    expect(pill(li, "submitted")).to_have_text("1")

    # The admin assigns the request to Li from the desk's bulk form.
    wang = journey(DESKTOP)
    wang.login("13900000001", PASSWORD)
    wang.visit("/services/desk/")
    wang.page.locator(f"input[name=refs][value='{req.reference}']").check()
    wang.page.locator("#bulk-assignee").select_option(label="李秀梅")
    wang.page.locator("#bulk-form").get_by_role("button", name="分派", exact=True).click()
    wang.check_page()
    expect(row(wang, req.reference)).to_contain_text("李秀梅")

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
    # The admin's request page offers the next steps of an accepted request, not the accept button.
    wang.visit(req.get_absolute_url())
    expect(wang.page.locator("main")).to_contain_text(str(ServiceRequest.Status.ACCEPTED.label))
    expect(wang.page.get_by_role("button", name="开始办理", exact=True)).to_be_visible()
    expect(wang.page.get_by_role("button", name="受理", exact=True)).to_have_count(0)
    # The desk's filters, drawn by hand, still narrow the queue.
    wang.visit("/services/desk/")
    wang.page.locator("details.mb-3 > summary").click()
    wang.page.locator("#id_status").select_option(value="accepted")
    wang.page.locator(".desk-filters button[type=submit]").click()
    wang.check_page()
    expect(row(wang, req.reference)).to_be_visible()
    expect(wang.page.locator("#id_status")).to_have_value("accepted")
    li.shot("two-staff-desk-after-accept")
