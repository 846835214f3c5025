"""Two staff members edit the same notice draft and the same resolution in their own browsers.

The first save wins; the second editor sees why their save did not go through,
their own text still in the form and the version saved meanwhile; saving again replaces it.
"""

import pytest
from playwright.sync_api import expect

from notices.models import Notice
from tests import factories
from tests.browser.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def office(db):
    community = factories.make_community("红星社区", "HX")
    first = factories.make_staff(community, "李秀梅", phone="13900000011")
    second = factories.make_staff(community, "陈立新", phone="13900000012")
    meeting = factories.make_held_meeting(community, present=1)
    resolution = factories.make_resolution(meeting, factories.make_unit(community, "区城管局"))
    draft = factories.make_notice(community, first, state=Notice.State.DRAFT, title="停水通知", body="周三停水。")
    return first, second, resolution, draft


def open_as(journey, user, viewport, path):
    j = journey(viewport)
    j.login(user.phone, factories.PASSWORD)
    j.visit(path)
    return j


def test_the_second_editor_of_a_resolution_is_told_and_keeps_their_text(journey, office):
    first, second, resolution, _draft = office
    path = f"/meetings/resolutions/{resolution.pk}/edit/"
    a = open_as(journey, first, DESKTOP, path)
    b = open_as(journey, second, PHONE, path)
    a.page.get_by_label("议定事项").fill("修缮12号楼化粪池，年底前完工")
    a.page.get_by_role("button", name="保存").click()
    a.check_page()
    b.page.get_by_label("议定事项").fill("修缮12号楼化粪池并疏通下水道")
    b.page.get_by_role("button", name="保存").click()
    b.check_page()
    expect(b.page.get_by_text("已有其他人保存了此内容").first).to_be_visible()
    expect(b.page.get_by_label("议定事项")).to_have_value("修缮12号楼化粪池并疏通下水道")
    expect(b.page.get_by_role("region", name="期间已保存的版本")).to_contain_text("年底前完工")
    b.shot("resolution-edit-conflict")
    b.page.get_by_role("button", name="保存").click()
    b.check_page()
    resolution.refresh_from_db()
    assert resolution.text == "修缮12号楼化粪池并疏通下水道"


def test_the_second_editor_of_a_notice_draft_is_told(journey, office):
    first, second, _resolution, draft = office
    path = f"/notices/{draft.pk}/edit/"
    a = open_as(journey, first, DESKTOP, path)
    b = open_as(journey, second, DESKTOP, path)
    a.page.get_by_label("标题").fill("周三全天停水")
    a.page.get_by_role("button", name="保存草稿").click()
    a.check_page()
    b.page.get_by_label("标题").fill("周三上午停水")
    b.page.get_by_role("button", name="保存草稿").click()
    b.check_page()
    expect(b.page.get_by_label("标题")).to_have_value("周三上午停水")
    expect(b.page.get_by_role("region", name="期间已保存的版本")).to_contain_text("周三全天停水")
    b.shot("notice-edit-conflict")
    draft.refresh_from_db()
    assert draft.title == "周三全天停水"
