"""The apply form in three large steps on a phone in elderly mode; a refused form opens on the step at fault."""

import pytest
from playwright.sync_api import expect

from services.models import ServiceRequest
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_resident_files_a_request_step_by_step(journey):
    community = factories.make_community("红星社区", "HX")
    factories.make_item(community, "高龄津贴申领")
    resident = factories.make_user(community, "张桂兰", elderly_mode=True)
    j = journey({"width": 360, "height": 780})
    j.login(resident.phone, factories.PASSWORD)
    page = j.visit("/services/apply/")
    expect(page.get_by_role("heading", name="第 1 步，共 3 步 您要办什么")).to_be_visible()
    expect(page.get_by_label("您需要办理什么？")).to_be_hidden()
    expect(page.get_by_role("button", name="提交")).to_be_hidden()
    page.get_by_label("服务事项").select_option(label="高龄津贴申领")
    page.get_by_role("button", name="下一步").first.click()
    page.get_by_label("您需要办理什么？").fill("为父亲申领高龄津贴。")
    j.shot("apply-step-2-elderly")
    page.locator("[data-step]:not([hidden])").get_by_role("button", name="下一步").click()
    expect(page.get_by_label("地址")).to_be_visible()
    page.get_by_role("button", name="提交").click()
    j.check_page()
    assert ServiceRequest.objects.get().description == "为父亲申领高龄津贴。"


def test_a_refused_form_opens_on_the_step_with_the_error(journey):
    community = factories.make_community("红星社区", "HX")
    factories.make_item(community, "高龄津贴申领")
    resident = factories.make_user(community, "张桂兰")
    j = journey({"width": 390, "height": 844})
    j.login(resident.phone, factories.PASSWORD)
    page = j.visit("/services/apply/")
    page.get_by_label("服务事项").select_option(label="高龄津贴申领")
    page.get_by_role("button", name="下一步").first.click()
    page.locator("[data-step]:not([hidden])").get_by_role("button", name="下一步").click()
    page.get_by_role("button", name="提交").click()
    j.check_page()
    expect(page.get_by_label("您需要办理什么？")).to_be_visible()
    expect(page.get_by_label("地址")).to_be_hidden()
    assert not ServiceRequest.objects.exists()
