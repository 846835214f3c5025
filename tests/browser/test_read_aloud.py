"""朗读: notices and request pages read themselves aloud where the browser can speak, and hide the button where not."""

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.browser.conftest import PHONE

pytestmark = pytest.mark.django_db(transaction=True)

# Records what would be spoken instead of speaking (a test machine has no voices).
RECORD_SPEECH = "window.__spoken = []; speechSynthesis.speak = (u) => window.__spoken.push(u.text);"
NO_SPEECH = "delete window.speechSynthesis; delete window.SpeechSynthesisUtterance;"


def test_a_notice_is_read_aloud_sentence_by_sentence(journey):
    community = factories.make_community("红星社区", "HX")
    body = "请提前储水。给您带来不便，敬请谅解！"
    factories.make_notice(community, title="停水通知", summary="明天上午停水。", body=body)
    j = journey(PHONE)
    j.context.add_init_script(RECORD_SPEECH)
    j.visit("/notices/")
    j.page.get_by_role("link", name="停水通知").click()
    j.check_page()
    button = j.page.get_by_role("button", name="朗读")
    button.click()
    spoken = j.page.evaluate("window.__spoken")
    assert spoken == ["停水通知", "明天上午停水。", "请提前储水。", "给您带来不便，敬请谅解！"]
    expect(j.page.get_by_role("button", name="停止朗读")).to_have_attribute("aria-pressed", "true")
    j.page.get_by_role("button", name="停止朗读").click()
    expect(button).to_have_attribute("aria-pressed", "false")


def test_a_request_page_reads_its_facts_and_timeline(journey, live_server):
    community = factories.make_community("红星社区", "HX")
    resident = factories.make_user(community, "张桂兰")
    req = factories.make_request(community, resident, description="楼道灯坏了。")
    j = journey(PHONE)
    j.context.add_init_script(RECORD_SPEECH)
    j.login(resident.phone, factories.PASSWORD)
    j.visit(f"/services/requests/{req.reference}/")
    j.page.get_by_role("button", name="朗读").click()
    spoken = "".join(j.page.evaluate("window.__spoken"))
    assert req.title in spoken and "楼道灯坏了。" in spoken and "办理进度" in spoken


def test_without_speech_synthesis_there_is_no_button(journey):
    community = factories.make_community("红星社区", "HX")
    notice = factories.make_notice(community, title="停水通知")
    j = journey(PHONE)
    j.context.add_init_script(NO_SPEECH)
    j.visit(f"/notices/{notice.pk}/")
    assert j.page.locator("[data-read-aloud]").count() == 1
    expect(j.page.locator("[data-read-aloud]")).to_be_hidden()
