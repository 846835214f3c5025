"""Getting back in: forgotten password by code, the desk's in-person check and slip, admins' account controls."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portal.models import AuditLog, ResetSlip
from tests import sms
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
NEW = "Brand-new-pass-2026"


def forgot(client, phone):
    return client.post(reverse("password_forgot"), {"phone": phone})


def reset(client, code, password=NEW):
    return client.post(reverse("password_reset"), {"code": code, "password1": password, "password2": password})


def test_forgot_password_number_code_new_password_and_other_sessions_end(actors):
    elsewhere = actors.client("resident")
    assert elsewhere.get(reverse("profile")).status_code == 200
    client = Client()
    assert forgot(client, actors.resident.phone)["Location"] == reverse("password_reset")
    response = reset(client, sms.last_code(actors.resident.phone))
    assert response.status_code == 302 and response["Location"] == reverse("login")
    actors.resident.refresh_from_db()
    assert actors.resident.check_password(NEW) and actors.resident.phone_verified
    assert elsewhere.get(reverse("profile")).status_code == 302  # the other session ended
    response = client.post(reverse("login"), {"username": actors.resident.phone, "password": NEW})
    assert response.status_code == 302 and client.get(reverse("profile")).status_code == 200


def test_an_unknown_number_gets_the_same_answer_and_no_message(actors):
    known, unknown = forgot(Client(), actors.resident.phone), forgot(Client(), "13912340000")
    assert known.status_code == unknown.status_code == 302 and known["Location"] == unknown["Location"]
    assert sms.to("13912340000") == [] and len(sms.to(actors.resident.phone)) == 1
    client = Client()
    forgot(client, "13912340001")
    wrong_unknown = reset(client, "123456")
    client = Client()
    forgot(client, actors.admin.phone)
    code = sms.last_code(actors.admin.phone)
    wrong_known = reset(client, "123456" if code != "123456" else "654321")
    assert wrong_unknown.context["form"].errors == wrong_known.context["form"].errors


@pytest.mark.parametrize("code", ["", "12345", "abcdef", "1234567"])
def test_a_malformed_code_is_refused_at_the_field(actors, code):
    client = Client()
    forgot(client, actors.resident.phone)
    response = reset(client, code)
    assert response.status_code == 200 and "code" in response.context["form"].errors
    actors.resident.refresh_from_db()
    assert actors.resident.check_password(PASSWORD)


def test_a_weak_or_mismatched_new_password_is_refused_and_the_code_not_spent(actors):
    client = Client()
    forgot(client, actors.resident.phone)
    code = sms.last_code(actors.resident.phone)
    assert "password1" in reset(client, code, "12345678").context["form"].errors
    assert reset(client, code).status_code == 302


def test_the_reset_step_without_a_number_goes_back(client):
    assert client.get(reverse("password_reset"))["Location"] == reverse("password_forgot")


def test_staff_mark_a_number_verified_after_the_id_check_and_it_is_audited(actors):
    staff = actors.client("staff")
    page = staff.get(reverse("user_desk", args=[actors.resident.pk])).content.decode()
    assert actors.resident.phone in page
    assert staff.post(reverse("user_desk_verify", args=[actors.resident.pk])).status_code == 302
    actors.resident.refresh_from_db()
    assert actors.resident.phone_verified
    assert AuditLog.objects.filter(actor=actors.staff, note="phone verified in person").exists()


def test_a_reset_slip_works_once_for_24_hours_and_is_audited(actors, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    response = actors.client("staff").post(reverse("user_desk_slip", args=[actors.resident.pk]))
    code = response.context["code"]
    assert response.status_code == 200 and code in response.content.decode() and len(code) == 19
    assert AuditLog.objects.filter(actor=actors.staff, note="reset slip printed").exists()
    assert code.replace("-", "") not in ResetSlip.objects.get().token_hash
    data = {"token": code, "password1": NEW, "password2": NEW}
    time_machine.shift(timedelta(hours=23))
    assert Client().post(reverse("password_slip"), data)["Location"] == reverse("login")
    actors.resident.refresh_from_db()
    assert actors.resident.check_password(NEW)
    again = Client().post(reverse("password_slip"), data)
    assert again.status_code == 200 and "token" in again.context["form"].errors


def test_an_expired_or_replaced_slip_is_refused(actors, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    staff = actors.client("staff")
    first = staff.post(reverse("user_desk_slip", args=[actors.resident.pk])).context["code"]
    second = staff.post(reverse("user_desk_slip", args=[actors.resident.pk])).context["code"]
    data = {"password1": NEW, "password2": NEW}
    assert "token" in Client().post(reverse("password_slip"), {"token": first, **data}).context["form"].errors
    time_machine.shift(timedelta(hours=24, seconds=1))
    assert "token" in Client().post(reverse("password_slip"), {"token": second, **data}).context["form"].errors
    actors.resident.refresh_from_db()
    assert actors.resident.check_password(PASSWORD)


def test_the_desk_pages_hide_other_communities_and_refuse_residents(actors):
    for name in ("user_desk", "user_desk_verify", "user_desk_slip"):
        url = reverse(name, args=[actors.resident.pk])
        method = "get" if name == "user_desk" else "post"
        assert getattr(actors.client("outsider"), method)(url).status_code == 404
        assert getattr(actors.client("resident"), method)(url).status_code == 403
    assert actors.client("staff").get(reverse("user_desk_slip", args=[actors.resident.pk])).status_code == 405


def _version(user) -> int:
    """The version the roles form, opened now, would carry (the edit-conflict check)."""
    return type(user).objects.values_list("version", flat=True).get(pk=user.pk)


def test_admins_disable_a_staff_account_and_its_sessions_end(actors):
    desk = actors.client("staff")
    assert desk.get(reverse("work")).status_code == 200
    data = {"is_staff_member": "on", "is_verified": "", "is_active": "", "version": _version(actors.staff)}
    assert actors.client("admin").post(reverse("user_edit", args=[actors.staff.pk]), data).status_code == 302
    assert desk.get(reverse("work")).status_code == 302
    data |= {"is_active": "on", "version": _version(actors.staff)}
    actors.client("admin").post(reverse("user_edit", args=[actors.staff.pk]), data)
    response = Client().post(reverse("login"), {"username": actors.staff.phone, "password": PASSWORD})
    assert response["Location"] == reverse("login_code")  # the password works again


def test_admins_force_a_password_reset_and_nothing_opens_until_it_is_set(actors):
    data = {"is_staff_member": "on", "is_active": "on", "must_change_password": "on", "version": _version(actors.staff)}
    actors.client("admin").post(reverse("user_edit", args=[actors.staff.pk]), data)
    desk = actors.client("staff")
    assert desk.get(reverse("work"))["Location"] == reverse("password_change")
    change = {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW}
    assert desk.post(reverse("password_change"), change).status_code == 302
    assert desk.get(reverse("work")).status_code == 200


def test_admins_see_who_has_not_verified_their_number(actors):
    actors.staff.phone_verified_at = timezone.now()
    actors.staff.save(update_fields=["phone_verified_at"])
    page = actors.client("admin").get(reverse("user_list"), {"unverified": "1"})
    names = {u.real_name for u in page.context["page"]}
    assert actors.resident.real_name in names and actors.staff.real_name not in names


def test_an_existing_account_is_asked_to_verify_at_login_and_can(actors):
    client = Client()
    response = client.post(reverse("login"), {"username": actors.resident.phone, "password": PASSWORD}, follow=True)
    assert any("验证我的手机号" in str(m) for m in response.context["messages"])
    assert reverse("verify_phone") in client.get(reverse("profile")).content.decode()
    client.post(reverse("verify_phone"), {"send": "1"})
    response = client.post(reverse("verify_phone"), {"code": sms.last_code(actors.resident.phone)})
    assert response["Location"] == reverse("profile")
    actors.resident.refresh_from_db()
    assert actors.resident.phone_verified


def test_staff_on_a_new_browser_type_a_code_and_the_browser_is_known_for_30_days(actors, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    client = Client()
    login = {"username": actors.staff.phone, "password": PASSWORD}
    assert client.post(reverse("login"), login)["Location"] == reverse("login_code")
    assert client.get(reverse("work")).status_code == 302  # not logged in yet
    wrong = client.post(reverse("login_code"), {"code": "000000"})
    assert wrong.status_code == 200 and "code" in wrong.context["form"].errors
    client.post(reverse("login_code"), {"code": sms.last_code(actors.staff.phone)})
    assert client.get(reverse("work")).status_code == 200
    client.post(reverse("logout"))
    time_machine.shift(timedelta(days=29))
    assert client.post(reverse("login"), login)["Location"] == reverse("work")
    client.post(reverse("logout"))
    time_machine.shift(timedelta(days=31))
    assert client.post(reverse("login"), login)["Location"] == reverse("login_code")


def test_the_code_step_without_a_password_first_goes_to_login(client):
    assert client.get(reverse("login_code"))["Location"] == reverse("login")


def test_logout_ends_the_session_in_the_database(actors):
    from django.contrib.sessions.models import Session

    client = actors.client("resident")
    key = client.session.session_key
    assert Session.objects.filter(session_key=key).exists()
    client.post(reverse("logout"))
    assert not Session.objects.filter(session_key=key).exists()
    replay = Client()
    replay.cookies["sessionid"] = key
    assert replay.get(reverse("profile")).status_code == 302


def test_a_password_change_keeps_this_session_and_ends_the_others(actors):
    here, elsewhere = actors.client("resident"), actors.client("resident")
    change = {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW}
    assert here.post(reverse("password_change"), change).status_code == 302
    assert here.get(reverse("profile")).status_code == 200
    assert elsewhere.get(reverse("profile")).status_code == 302


def test_only_an_admin_recovers_a_staff_or_admin_account_at_the_desk(actors):
    clerk = actors.client("staff")
    for target in (actors.admin, actors.staff):
        assert clerk.post(reverse("user_desk_slip", args=[target.pk])).status_code == 403
        assert clerk.post(reverse("user_desk_verify", args=[target.pk])).status_code == 403
    assert not ResetSlip.objects.exists()
    assert actors.client("admin").post(reverse("user_desk_slip", args=[actors.staff.pk])).status_code == 200
