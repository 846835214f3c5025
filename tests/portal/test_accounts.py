import pytest
from django.test import Client
from django.urls import reverse

from portal.models import User
from tests import sms
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def register_data(home, code: str, **overrides):
    data = {
        "code": code,
        "real_name": "周小红",
        "community": home.pk,
        "password1": "Hongxing-2026!",
        "password2": "Hongxing-2026!",
        "consent": "on",
    }
    data.update(overrides)
    return data


def ask_code(client, phone: str = "13812345678"):
    return client.post(reverse("register"), {"phone": phone})


def test_register_sends_a_code_then_creates_a_verified_account_and_logs_in(client, actors):
    response = ask_code(client)
    assert response.status_code == 302 and response["Location"] == reverse("register_verify")
    response = client.post(reverse("register_verify"), register_data(actors.community, sms.last_code("13812345678")))
    assert response.status_code == 302
    user = User.objects.get(phone="13812345678")
    assert user.community == actors.community and user.phone_verified and not user.is_verified
    assert client.get(reverse("profile")).status_code == 200


def test_register_accepts_number_typed_with_spaces(client, actors):
    ask_code(client, "138 1234 5678")
    client.post(reverse("register_verify"), register_data(actors.community, sms.last_code("13812345678")))
    assert User.objects.filter(phone="13812345678").exists()


@pytest.mark.parametrize("phone", ["12345678901", "1381234567", "0431-1234567", ""])
def test_register_refuses_a_malformed_number_at_the_field_and_sends_nothing(client, actors, phone):
    response = ask_code(client, phone)
    assert response.status_code == 200 and "phone" in response.context["form"].errors
    assert sms.delivered() == []


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("code", "12345"),
        ("code", "abcdef"),
        ("password2", "Different-2026!"),
        ("password1", "12345678"),
        ("consent", ""),
        ("real_name", ""),
        ("community", ""),
    ],
)
def test_register_rejects_bad_input_on_the_form_and_saves_nothing(client, actors, field, value):
    ask_code(client)
    before = User.objects.count()
    data = register_data(actors.community, sms.last_code("13812345678"))
    data[field] = value
    if field == "password1":
        data["password2"] = value
    response = client.post(reverse("register_verify"), data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert 'class="invalid-feedback' in response.content.decode()
    assert User.objects.count() == before


def test_register_with_a_wrong_code_is_refused_at_the_code(client, actors):
    ask_code(client)
    code = sms.last_code("13812345678")
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    response = client.post(reverse("register_verify"), register_data(actors.community, wrong))
    assert "code" in response.context["form"].errors
    assert not User.objects.filter(phone="13812345678").exists()


def test_the_second_step_without_a_code_sent_goes_back_to_the_first(client, actors):
    assert client.get(reverse("register_verify"))["Location"] == reverse("register")


def test_register_answers_a_registered_number_like_any_other_and_tells_only_the_phone(client, actors):
    fresh = ask_code(Client(), "13812345678")
    taken = ask_code(client, actors.resident.phone)
    assert taken.status_code == fresh.status_code == 302 and taken["Location"] == fresh["Location"]
    messages = sms.to(actors.resident.phone)
    assert [m.template for m in messages] == ["notice"] and "忘记密码" in messages[0].text
    response = client.post(reverse("register_verify"), register_data(actors.community, "123456"))
    assert "code" in response.context["form"].errors
    assert User.objects.filter(phone=actors.resident.phone).count() == 1


def test_register_rejects_put(client):
    assert client.put(reverse("register")).status_code == 405


def test_login_with_phone_and_password(client, actors):
    response = client.post(reverse("login"), {"username": actors.resident.phone, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("profile")).context["user"] == actors.resident


def test_login_failure_says_so(client, actors):
    response = client.post(reverse("login"), {"username": actors.resident.phone, "password": "wrong"})
    assert response.status_code == 200
    assert "手机号或密码不正确" in response.content.decode()


def test_five_failures_lock_the_login_for_fifteen_minutes(client, actors, settings):
    for _ in range(5):
        client.post(reverse("login"), {"username": actors.resident.phone, "password": "wrong"})
    response = client.post(reverse("login"), {"username": actors.resident.phone, "password": PASSWORD})
    assert response.status_code == 403
    assert "15" in response.content.decode()
    assert client.get(reverse("profile")).status_code == 302  # still not logged in


def test_logout_requires_post(actors):
    client = actors.client("resident")
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("profile")).status_code == 302


def test_profile_requires_login(client):
    response = client.get(reverse("profile"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_profile_saves_name_and_email(actors):
    client = actors.client("resident")
    data = {"real_name": "张桂兰", "email": "zhang@example.org", "version": actors.resident.version}
    response = client.post(reverse("profile"), data)
    assert response.status_code == 302
    actors.resident.refresh_from_db()
    assert actors.resident.email == "zhang@example.org"


def test_profile_rejects_bad_email_and_keeps_old_value(actors):
    client = actors.client("resident")
    data = {"real_name": "张桂兰", "email": "not-an-address", "version": actors.resident.version}
    response = client.post(reverse("profile"), data)
    assert response.status_code == 200 and response.context["form"].errors
    actors.resident.refresh_from_db()
    assert actors.resident.email == ""


def test_password_change(actors):
    client = actors.client("resident")
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "Another-pass-77", "new_password2": "Another-pass-77"},
    )
    assert response.status_code == 302
    actors.resident.refresh_from_db()
    assert actors.resident.check_password("Another-pass-77")


def test_password_change_with_wrong_old_password_is_refused(actors):
    client = actors.client("resident")
    response = client.post(
        reverse("password_change"),
        {"old_password": "nope", "new_password1": "Another-pass-77", "new_password2": "Another-pass-77"},
    )
    assert response.status_code == 200 and "old_password" in response.context["form"].errors


def test_staff_session_ends_after_30_idle_minutes(actors, time_machine):
    time_machine.move_to("2026-11-02 09:00:00+08:00", tick=False)
    client = actors.client("staff")
    assert client.get(reverse("profile")).status_code == 200
    time_machine.move_to("2026-11-02 09:29:00+08:00", tick=False)
    assert client.get(reverse("profile")).status_code == 200
    time_machine.move_to("2026-11-02 10:00:00+08:00", tick=False)
    assert client.get(reverse("profile")).status_code == 302


def test_resident_session_is_not_cut_after_an_idle_hour(actors, time_machine):
    time_machine.move_to("2026-11-02 09:00:00+08:00", tick=False)
    client = actors.client("resident")
    client.get(reverse("profile"))
    time_machine.move_to("2026-11-02 10:30:00+08:00", tick=False)
    assert client.get(reverse("profile")).status_code == 200


def test_user_without_community_can_still_log_in(client, db):
    user = make_user(None, "系统管理员")
    response = client.post(reverse("login"), {"username": user.phone, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert client.get(reverse("profile")).context["user"] == user


def test_superuser_session_also_ends_after_30_idle_minutes(client, db, time_machine):
    from portal.models import User

    time_machine.move_to("2026-11-02 09:00:00+08:00", tick=False)
    client.force_login(User.objects.create_superuser("13900009999", "Root-pass-2026", real_name="运维"))
    assert client.get(reverse("profile")).status_code == 200
    time_machine.move_to("2026-11-02 10:00:00+08:00", tick=False)
    assert client.get(reverse("profile")).status_code == 302


def test_a_stale_form_token_gets_a_friendly_page(db):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(reverse("register"), {})
    assert response.status_code == 403 and "表单已过期" in response.content.decode()
