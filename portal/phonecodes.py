"""One-time SMS codes that prove a mobile number is someone's.

Codes are 6 digits, stored only as a keyed hash, valid 10 minutes; 5 wrong tries end a code. A number
gets at most one code per 60 seconds and 10 a day, and one client address at most SMS_SENDS_PER_ADDRESS
an hour; code checks are capped per address too. The counts live in the shared store (portal/limits.py)
and when it fails, sending and checking are refused. The screen's answer to "send a code" is the same
whether or not the number has an account: what differs goes only to the phone itself.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from . import limits, outbox
from .models import PhoneCode

CODE_MINUTES = 10
MAX_TRIES = 5
SEND_GAP_SECONDS = 60
SENDS_PER_DAY = 10
DAY = 24 * 3600
HOUR = 3600

Purpose = PhoneCode.Purpose


class CodeError(Exception):
    """A send or a check that is refused; the message is shown at the field."""


@dataclass
class Sent:
    phone: str
    purpose: str


def _hash(phone: str, purpose: str, code: str) -> str:
    return salted_hmac("portal.phonecodes", f"{phone}:{purpose}:{code}", algorithm="sha256").hexdigest()


def _count_send(phone: str, ip: str | None) -> None:
    try:
        # The address first: a flood from one place must not use up other people's numbers' allowance.
        if not limits.hit(f"sms:ip:{ip}", settings.SMS_SENDS_PER_ADDRESS, HOUR):
            raise CodeError(_("Too many codes were asked for from this network. Please try again later."))
        if not limits.hit(f"sms:gap:{phone}", 1, SEND_GAP_SECONDS):
            raise CodeError(_("A code was sent less than a minute ago. Please wait before asking again."))
        if not limits.hit(f"sms:day:{phone}", SENDS_PER_DAY, DAY):
            raise CodeError(_("Too many codes for this number today. Please try again tomorrow."))
    except limits.StoreDown as exc:
        raise CodeError(_("Codes cannot be sent right now. Please try again in a few minutes.")) from exc


def send_code(
    phone: str, purpose: str, ip: str | None, *, community=None, notice: str = "", deliver: bool = True
) -> Sent:
    """Make a fresh code for `phone` and send it; with `notice`, send that text instead of the code.

    A code row is made in every case, so a wrong code answers the same for every number. Callers
    pass `notice` where a code would reveal or do nothing (registering a number that already has an
    account) and `deliver=False` where nothing may be sent (a reset for an unknown number).
    """
    _count_send(phone, ip)
    with transaction.atomic():
        now = timezone.now()
        PhoneCode.objects.filter(phone=phone, purpose=purpose, used_at__isnull=True).update(used_at=now)
        code = f"{secrets.randbelow(10**6):06d}"
        row = PhoneCode.objects.create(
            phone=phone,
            purpose=purpose,
            code_hash=_hash(phone, purpose, code),
            expires_at=now + timedelta(minutes=CODE_MINUTES),
        )
        if notice:
            outbox.enqueue(
                channel="sms",
                recipient=phone,
                template="notice",
                params={"text": notice},
                key=f"notice:{row.pk}",
                community=community,
            )
        if notice or not deliver:
            return Sent(phone, purpose)
        outbox.enqueue(
            channel="sms",
            recipient=phone,
            template="code",
            params={"code": code},
            key=f"code:{row.pk}",
            community=community,
        )
    return Sent(phone, purpose)


def check_code(phone: str, purpose: str, code: str, ip: str | None) -> None:
    """Use up the number's current code if `code` matches; raise CodeError otherwise."""
    try:
        if not limits.hit(f"code:ip:{ip}", settings.CODE_CHECKS_PER_ADDRESS, HOUR):
            raise CodeError(_("Too many codes were tried from this network. Please try again later."))
    except limits.StoreDown as exc:
        raise CodeError(_("Codes cannot be checked right now. Please try again in a few minutes.")) from exc
    with transaction.atomic():
        row = (
            PhoneCode.objects.select_for_update()
            .filter(phone=phone, purpose=purpose, used_at__isnull=True)
            .order_by("-created_at", "-pk")
            .first()
        )
        now = timezone.now()
        if row is None or row.expires_at <= now:
            raise CodeError(_("This code has expired or was already used. Ask for a new one."))
        if hmac.compare_digest(row.code_hash, _hash(phone, purpose, (code or "").strip())):
            row.used_at = now
            row.save(update_fields=["used_at"])
            return
        row.attempts += 1
        if row.attempts >= MAX_TRIES:
            row.used_at = now
        row.save(update_fields=["attempts", "used_at"])
    if row.used_at is not None:
        raise CodeError(_("Too many wrong codes. Ask for a new one."))
    raise CodeError(_("The code is not correct."))
