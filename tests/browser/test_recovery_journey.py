"""At phone width: register with a code, log out, forget the password, get back in with a code, log in."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from portal.models import User
from tests import sms
from tests.browser.conftest import PHONE
from tests.factories import make_community

pytestmark = pytest.mark.django_db(transaction=True)

PHONE_NUMBER = "13812345678"
FIRST, SECOND = "Hongxing-2026!", "Xinmima-2027!"


def log_out(j):
    j.open_menu()
    button = j.page.get_by_role("button", name="退出登录")
    expect(button).to_be_visible()
    with j.page.expect_navigation(url=j.url("/")):
        button.click()
    j.check_page()


def test_register_forget_recover_and_log_in_at_phone_width(journey, time_machine):
    time_machine.move_to(timezone.now())
    community = make_community("红星社区", "HX")
    j = journey(PHONE)
    page = j.page

    j.visit("/accounts/register/")
    page.get_by_label("手机号").fill("1381234")
    page.get_by_role("button", name="获取验证码").click()
    j.check_page()
    expect(page.locator(".invalid-feedback")).to_be_visible()
    page.get_by_label("手机号").fill(PHONE_NUMBER)
    page.get_by_role("button", name="获取验证码").click()
    j.check_page()
    expect(page.locator(".messages")).to_contain_text("验证码")
    j.shot("register-code")
    page.get_by_label("验证码").fill("000000" if sms.last_code(PHONE_NUMBER) != "000000" else "111111")
    page.get_by_label("真实姓名").fill("周小红")
    page.get_by_label("社区").select_option(str(community.pk))
    page.locator("#id_password1").fill(FIRST)
    page.locator("#id_password2").fill(FIRST)
    page.get_by_label("我已阅读并同意隐私说明").check()
    page.get_by_role("button", name="创建账号").click()
    j.check_page()
    expect(page.locator(".invalid-feedback")).to_contain_text("验证码不正确")
    page.get_by_label("验证码").fill(sms.last_code(PHONE_NUMBER))
    page.locator("#id_password1").fill(FIRST)
    page.locator("#id_password2").fill(FIRST)
    page.get_by_role("button", name="创建账号").click()
    j.check_page()
    expect(page.get_by_role("heading", name="个人中心")).to_be_visible()
    assert User.objects.get(phone=PHONE_NUMBER).phone_verified

    log_out(j)
    time_machine.shift(timedelta(seconds=61))  # one code per number per minute
    j.visit("/accounts/login/")
    page.get_by_role("link", name="忘记密码").click()
    j.check_page()
    page.get_by_label("手机号").fill(PHONE_NUMBER)
    page.get_by_role("button", name="获取验证码").click()
    j.check_page()
    j.shot("password-reset")
    page.get_by_label("验证码").fill(sms.last_code(PHONE_NUMBER))
    page.locator("#id_password1").fill(SECOND)
    page.locator("#id_password2").fill(SECOND)
    page.get_by_role("button", name="设置新密码").click()
    j.check_page()
    expect(page.get_by_role("heading", name="登录")).to_be_visible()

    j.login(PHONE_NUMBER, SECOND)
    j.visit("/accounts/profile/")
    expect(page.get_by_text(PHONE_NUMBER)).to_be_visible()
    j.shot("profile-after-recovery")
