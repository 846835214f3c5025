"""Proving a number, getting back in: the account steps behind the registration and recovery pages.

`confirm_phone` marks a number verified (after a code, or after staff checked the person's ID at the
desk) and tells the apps that wait for it (`phone_verified`: the desk attaches requests filed for that
number earlier). Reset slips are printed at the desk: single use, 24 hours, stored hashed, audited.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

from . import audit
from .models import ResetSlip, User

SLIP_HOURS = 24
SLIP_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed from paper

# Sent with `user` once a number is proven; receivers must not fail the step.
phone_verified = Signal()


class SlipError(Exception):
    """A slip that cannot be used (unknown, used, expired)."""


def confirm_phone(user: User, *, by: User | None = None) -> None:
    """The number is the user's: by a code (`by` None) or checked in person by staff (`by` the staff member)."""
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        first = locked.phone_verified_at is None
        if first:
            locked.phone_verified_at = timezone.now()
            locked.save(update_fields=["phone_verified_at"])
        if by is not None:
            audit.record_action(locked, "phone verified in person")
        user.phone_verified_at = locked.phone_verified_at
        if first:
            phone_verified.send(sender=User, user=locked)


def set_password(user: User, password: str) -> None:
    """A new password; every session of the account ends (their stored hash no longer matches)."""
    user.set_password(password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_slip(user: User, *, by: User) -> tuple[ResetSlip, str]:
    """A new slip for `user`; earlier unused slips stop working. Returns the slip and its printed code."""
    token = "".join(secrets.choice(SLIP_ALPHABET) for _ in range(16))
    now = timezone.now()
    with transaction.atomic():
        ResetSlip.objects.filter(user=user, used_at__isnull=True).update(used_at=now)
        slip = ResetSlip.objects.create(
            user=user,
            community_id=user.community_id,
            token_hash=_digest(token),
            issued_by=by,
            expires_at=now + timedelta(hours=SLIP_HOURS),
        )
        audit.record_action(user, "reset slip printed")
    return slip, "-".join(token[i : i + 4] for i in range(0, 16, 4))


def redeem_slip(token: str, password: str) -> User:
    """Use a slip once to set a new password."""
    with transaction.atomic():
        slip = ResetSlip.objects.select_for_update().select_related("user").filter(token_hash=_digest(token)).first()
        if slip is None or slip.used_at is not None or slip.expires_at <= timezone.now():
            raise SlipError
        slip.used_at = timezone.now()
        slip.save(update_fields=["used_at"])
        set_password(slip.user, password)
    return slip.user
