"""A newcomer registers, looks around in both languages, turns on elderly mode, logs out."""

import pytest
from playwright.sync_api import expect

from portal.models import User
from tests import sms
from tests.browser.conftest import DESKTOP, PHONE
from tests.factories import make_community

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Hongxing-2026!"


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_register_login_profile_languages_elderly_logout(journey, viewport):
    community = make_community("红星社区", "HX", office_hours="周一至周五 8:30–17:30")
    j = journey(viewport)
    page = j.page

    j.visit("/")
    j.shot("home")
    expect(page.get_by_role("heading", level=1)).to_contain_text("红星社区")

    j.visit("/accounts/register/")
    page.get_by_label("手机号").fill("13812345678")
    page.get_by_role("button", name="获取验证码").click()
    j.check_page()
    page.get_by_label("验证码").fill(sms.last_code("13812345678"))
    page.get_by_label("真实姓名").fill("周小红")
    page.get_by_label("社区").select_option(str(community.pk))
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill("not the same")
    page.get_by_label("我已阅读并同意隐私说明").check()
    page.get_by_role("button", name="创建账号").click()
    j.check_page()
    expect(page.locator(".invalid-feedback")).to_contain_text("两次输入的密码不一致")
    j.shot("register-error")
    assert not User.objects.filter(phone="13812345678").exists()

    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="创建账号").click()
    j.check_page()
    expect(page.get_by_role("heading", name="个人中心")).to_be_visible()

    # Log out, then log in again with the new account.
    if viewport == PHONE:
        j.open_menu()
    # Wait for the logout to finish before opening the login page, or the two navigations race.
    with page.expect_navigation():
        page.get_by_role("button", name="退出登录").click()
    j.check_page()
    j.login("13812345678", PASSWORD)
    j.visit("/accounts/profile/")
    expect(page.get_by_text("13812345678")).to_be_visible()
    j.shot("profile")

    page.get_by_role("button", name="English").click()
    j.check_page()
    expect(page.get_by_role("heading", name="My profile")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    j.shot("profile-english")
    page.get_by_role("button", name="中文").click()
    j.check_page()
    expect(page.get_by_role("heading", name="个人中心")).to_be_visible()

    size_before = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    page.get_by_role("button", name="长辈模式").click()
    j.check_page()
    expect(page.locator("html")).to_have_class("elderly")
    size_after = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert size_after >= 18 and size_after > size_before
    j.shot("profile-elderly")

    # Elderly mode is remembered by the browser across pages.
    j.visit("/")
    expect(page.locator("html")).to_have_class("elderly")

    if viewport == PHONE:
        j.open_menu()
    page.get_by_role("button", name="退出登录").click()
    j.check_page()
    expect(page.get_by_role("link", name="登录")).to_be_visible()


def test_lockout_is_explained(journey):
    make_community("红星社区", "HX")
    j = journey(PHONE)
    for _ in range(5):
        j.login("13800000000", "wrong-password")
    expect(j.page.get_by_role("alert")).to_contain_text("15 分钟")
    j.shot("login-locked")
