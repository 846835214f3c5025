"""One-time codes: 6 digits, hashed, 10 minutes, 5 tries; sends limited per number and address; fail closed."""

from datetime import timedelta

import pytest
from django.utils import timezone

from portal import limits, phonecodes
from portal.models import PhoneCode
from tests import sms

pytestmark = pytest.mark.django_db
PHONE = "13812345678"
IP = "192.0.2.10"
REGISTER = phonecodes.Purpose.REGISTER


def send(phone=PHONE, ip=IP):
    return phonecodes.send_code(phone, REGISTER, ip)


def check(code, phone=PHONE, ip=IP):
    return phonecodes.check_code(phone, REGISTER, code, ip)


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 10**6:06d}"


def test_a_code_is_six_digits_and_stored_only_hashed():
    send()
    code = sms.last_code(PHONE)
    row = PhoneCode.objects.get()
    assert len(code) == 6 and code.isdigit()
    assert code not in row.code_hash and len(row.code_hash) == 64
    check(code)  # no error
    row.refresh_from_db()
    assert row.used_at is not None


def test_a_used_code_cannot_be_used_again():
    send()
    code = sms.last_code(PHONE)
    check(code)
    with pytest.raises(phonecodes.CodeError, match="已使用|already used"):
        check(code)


def test_a_code_expires_after_ten_minutes(time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    send()
    code = sms.last_code(PHONE)
    time_machine.shift(timedelta(minutes=10, seconds=1))
    with pytest.raises(phonecodes.CodeError):
        check(code)


def test_five_wrong_tries_end_the_code_even_for_the_right_one_after():
    send()
    code = sms.last_code(PHONE)
    for _ in range(4):
        with pytest.raises(phonecodes.CodeError):
            check(wrong(code))
    with pytest.raises(phonecodes.CodeError):
        check(wrong(code))
    with pytest.raises(phonecodes.CodeError):
        check(code)


def test_a_new_code_replaces_the_old_one(time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    send()
    old = sms.last_code(PHONE)
    time_machine.shift(timedelta(seconds=61))
    send()
    new = sms.last_code(PHONE)
    if old != new:
        with pytest.raises(phonecodes.CodeError):
            check(old)
    check(new)


def test_one_send_per_minute_per_number(time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    send()
    with pytest.raises(phonecodes.CodeError, match="1分钟|minute"):
        send(ip="192.0.2.99")
    time_machine.shift(timedelta(seconds=61))
    send()
    assert len(sms.to(PHONE)) == 2


def test_ten_sends_a_day_per_number(time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    for n in range(10):
        send(ip=f"192.0.2.{n}")
        time_machine.shift(timedelta(seconds=61))
    with pytest.raises(phonecodes.CodeError):
        send(ip="192.0.2.200")
    assert len(sms.to(PHONE)) == 10


def test_a_cap_per_client_address(settings):
    settings.SMS_SENDS_PER_ADDRESS = 3
    for n in range(3):
        send(phone=f"1381234000{n}")
    with pytest.raises(phonecodes.CodeError):
        send(phone="13812340009")
    send(phone="13812340009", ip="192.0.2.77")  # another address still may


def test_code_checks_are_capped_per_address(settings):
    settings.CODE_CHECKS_PER_ADDRESS = 2
    send()
    code = sms.last_code(PHONE)
    for _ in range(2):
        with pytest.raises(phonecodes.CodeError):
            check(wrong(code))
    with pytest.raises(phonecodes.CodeError):
        check(code)


def test_when_the_counter_store_fails_sends_and_checks_are_refused(monkeypatch):
    send()
    code = sms.last_code(PHONE)

    def down(*args, **kwargs):
        raise limits.StoreDown("down")

    monkeypatch.setattr(limits, "hit", down)
    with pytest.raises(phonecodes.CodeError):
        send(phone="13812340001")
    with pytest.raises(phonecodes.CodeError):
        check(code)
    assert PhoneCode.objects.get().used_at is None


def test_a_broken_database_counter_is_a_store_failure(monkeypatch):
    from django.db import DatabaseError

    def broken(self, key, window):
        raise DatabaseError("connection lost")

    monkeypatch.setattr(limits.DatabaseStore, "hit", broken)
    with pytest.raises(limits.StoreDown):
        limits.hit("x", 1, 60)
