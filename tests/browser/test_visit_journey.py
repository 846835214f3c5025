"""A service-team member records three door visits with the phone offline (one with a photo), reloads the page
without signal, comes back online and finds all three stored once; the same visit sent twice is stored once."""

import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from households.models import Target, Visit
from tests.browser.conftest import PHONE
from tests.factories import PASSWORD, make_community, make_party_member, make_staff, make_user
from tests.households import make

pytestmark = pytest.mark.django_db(transaction=True)


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (80, 60), (200, 30, 40)).save(buffer, "PNG")
    return buffer.getvalue()


def record(page, door: str, outcome: str, *, opinion: str = "", photo: bool = False, concerns: str = "") -> None:
    page.locator("#visit-tasks button", has_text=door).click()
    page.get_by_label(outcome, exact=True).check()
    if opinion:
        page.get_by_label(opinion, exact=True).check()
    if concerns:
        page.get_by_label("住户反映的问题").fill(concerns)
    if photo:
        page.get_by_label("照片（可选）").set_input_files(
            {"name": "door.png", "mimeType": "image/png", "buffer": png()}
        )
    page.get_by_role("button", name="保存走访记录").click()
    expect(page.locator("#visit-tasks")).to_be_visible()


def test_three_visits_made_offline_are_stored_once_when_the_phone_is_back_online(journey, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    home = make_community("红星社区", "HX")
    staff = make_staff(home, "李秀梅")
    visitor = make_user(home, "刘党员")
    make_party_member(home, user=visitor)
    building = make.building(home, worker=staff, doors=4)
    make.tag(building.households.get(door="104"), "disabled")
    campaign = make.campaign(home, staff=staff, buildings=[building], visitor=visitor)

    j = journey(PHONE)
    j.login(visitor.phone, PASSWORD)
    page = j.visit("/households/visit/")
    expect(page.locator("#visit-app")).to_have_attribute("data-ready", "offline")
    expect(page.locator("#visit-tasks button")).to_have_count(4)
    assert "残疾" not in page.content() and "1391111" not in page.content()

    j.context.set_offline(True)
    page.locator("#visit-tasks button", has_text="101").click()
    expect(page.get_by_label("屋面", exact=True)).to_be_visible()
    j.check_page()  # the questionnaire drawn by the script is labelled too
    j.shot("visit form questionnaire")
    page.get_by_role("button", name="返回名单").click()
    record(page, "101", "已入户", opinion="同意", photo=True, concerns="担心施工噪音")
    record(page, "102", "不在家")
    record(page, "103", "拒访")
    expect(page.locator("#visit-waiting")).to_have_text("3")
    j.check_page()
    j.shot("visit form offline")

    page.reload()
    expect(page.locator("#visit-waiting")).to_have_text("3")
    # Not at home or refused: back on the list for another try; visited: off it.
    expect(page.locator("#visit-tasks button")).to_have_count(3)
    expect(page.locator("#visit-tasks button", has_text="102")).to_contain_text("已走访 1 次，上次：不在家")
    expect(page.locator("#visit-tasks button", has_text="103")).to_contain_text("已走访 1 次，上次：拒访")
    assert Visit.objects.count() == 0

    j.context.set_offline(False)
    expect(page.locator("#visit-waiting")).to_have_text("0", timeout=20_000)
    expect(page.locator("#visit-message")).to_have_text("走访记录已全部发送。")
    j.check_page()
    expect(page.locator("#visit-tasks button", has_text="103")).to_contain_text("已走访 1 次，上次：拒访")
    j.shot("visit form back online")
    assert Visit.objects.count() == 3
    assert sorted(Visit.objects.values_list("outcome", flat=True)) == ["absent", "refused", "visited"]
    visited = Visit.objects.get(outcome="visited")
    assert visited.photo and visited.concerns == "担心施工噪音" and visited.answers.get().value == "agree"
    assert Target.objects.get(campaign=campaign, household__door="102").tries == 1

    sent_twice = page.evaluate(
        """async ([household, campaign]) => {
          const results = [];
          for (let i = 0; i < 2; i++) {
            const token = (await (await fetch("/households/visit/token/")).json()).token;
            const body = new FormData();
            const fields = {id: "same-visit-0001", household, campaign, outcome: "absent",
                            answers: "{}", concerns: "", visited_at: new Date().toISOString()};
            Object.entries(fields).forEach(([k, v]) => body.append(k, String(v)));
            const headers = {"X-CSRFToken": token};
            const response = await fetch("/households/visit/sync/", {method: "POST", body, headers});
            results.push((await response.json()).duplicate);
          }
          return results;
        }""",
        [building.households.get(door="104").pk, campaign.pk],
    )
    assert sent_twice == [False, True]
    assert Visit.objects.filter(client_id="same-visit-0001").count() == 1


def test_without_service_workers_the_page_says_so_and_visits_are_still_sent_online(journey, browser):
    home = make_community("红星社区", "HX")
    staff = make_staff(home, "李秀梅")
    visitor = make_user(home, "刘党员")
    make_party_member(home, user=visitor)
    building = make.building(home, worker=staff, doors=2)
    make.campaign(home, staff=staff, buildings=[building], visitor=visitor)

    j = journey(PHONE)
    # A browser where service workers cannot register, as in WeChat on an iPhone.
    j.context.close()
    j.context = browser.new_context(viewport=PHONE, locale="zh-CN", service_workers="block")
    j.page = j.context.new_page()
    j.page.on("pageerror", lambda exc: j.errors.append(f"JS error: {exc}"))
    j.page.on("console", j._on_console)
    j.page.on("response", j._on_response)
    j.login(visitor.phone, PASSWORD)
    page = j.visit("/households/visit/")
    expect(page.locator("#visit-app")).to_have_attribute("data-ready", "online-only", timeout=15_000)
    expect(page.locator("#visit-no-sw")).to_be_visible()
    expect(page.locator("#visit-self-link")).to_contain_text("/households/visit/")
    j.check_page()
    j.shot("visit form without service worker")
    record(page, "101", "已入户", opinion="有顾虑")
    expect(page.locator("#visit-waiting")).to_have_text("0")
    expect(page.locator("#visit-message")).to_have_text("走访记录已全部发送。")
    assert Visit.objects.get().household.door == "101"
