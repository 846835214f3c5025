"""What a caller without an account gets: SMS updates and a signed link to their own request's page.

The link (sent by SMS and printed as the receipt's QR code) carries a signed token for that one request:
with it the tracking page needs no digits and no lock applies, so nobody can lock a caller out of
their own request by guessing. Guessing by digits is limited per reference (5 wrong tries lock that
reference's digit look-up for an hour, whatever the address) and per address (only failures count).
When a number is verified later, requests filed for it (at the desk, or by a relative acting for its owner) join
the account (`attach_requests`).
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal import outbox
from portal.models import MOBILE_RE
from portal.notify import notify

SALT = "services.track"
SMS_CAP = 10  # updates per request by SMS; the desk phones after that
LOCK_FAILURES = 5
LOCK_SECONDS = 3600
ADDRESS_WINDOW = 600
LANDLINE_RE = re.compile(r"^0\d{2,3}-?\d{7,8}$")


def make_token(req) -> str:
    return signing.Signer(salt=SALT).sign(req.reference)


def read_token(token: str) -> str | None:
    """The reference a token was made for, or None if it was not made by us."""
    try:
        return signing.Signer(salt=SALT).unsign(token)
    except signing.BadSignature:
        return None


def track_path(req) -> str:
    return f"{reverse('services:track')}?t={make_token(req)}"


def is_mobile(phone: str) -> bool:
    return bool(MOBILE_RE.match(phone or ""))


def send_update(req, phone: str, signed_link: bool = True) -> None:
    """Tell someone without an account of a step by SMS, within the request's cap (after commit, by the outbox).

    `phone` is the caller's number (when they asked for SMS updates) or that of the person served. Only the
    caller's own number gets the signed link that opens the request without digits: the person served's number
    was typed by someone else, and a slip of one digit must not hand a stranger the request; they get the
    tracking page, where the reference and their own last 4 digits open it.
    """
    if not is_mobile(phone):
        return
    with transaction.atomic():
        counted = type(req).objects.filter(pk=req.pk, sms_sent__lt=SMS_CAP).update(sms_sent=F("sms_sent") + 1)
        if not counted:
            return
        number = req.sms_sent + 1
        req.sms_sent = number
        outbox.enqueue(
            channel="sms",
            recipient=phone,
            template="update",
            params={
                "ref": req.reference,
                "status": str(req.get_status_display()),
                "link": settings.SITE_URL.rstrip("/") + (track_path(req) if signed_link else reverse("services:track")),
            },
            key=f"update:{req.pk}:{number}",
            community=req.community_id,
        )


def attach_requests(sender, user, **kwargs) -> None:
    """A number became verified: requests filed for it (at the desk, or by a relative) join the account, and the
    person is told."""
    from .models import ServiceRequest

    if user.community_id is None:
        return
    in_community = ServiceRequest.objects.filter(community_id=user.community_id)
    waiting = in_community.filter(applicant__isnull=True, applicant_phone=user.phone)
    count = 0
    for req in waiting:
        req.applicant, req.sms_updates = user, False
        req.save(update_fields=["applicant", "sms_updates"])
        count += 1
    served = in_community.filter(served_account__isnull=True, served_phone=user.phone).exclude(applicant=user)
    for req in served:
        req.served_account = user
        req.save(update_fields=["served_account"])
        count += 1
    if count:
        notify(
            user,
            ngettext(
                "%(count)d request filed for you is now in your account",
                "%(count)d requests filed for you are now in your account",
                count,
            )
            % {"count": count},
            _("You can follow them under “My requests”."),
            reverse("services:mine"),
        )
