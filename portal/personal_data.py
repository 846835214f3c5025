"""What the portal holds about a person, gathered from every app: for their download and their account closing.

Apps register a provider in AppConfig.ready(): a name, a function giving the person's data as plain JSON
values, and a function that forgets the person (keeping the community's figures).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone


@dataclass(frozen=True)
class Provider:
    name: str
    export: Callable[[object], object]
    forget: Callable[[object], None]


_providers: dict[str, Provider] = {}


def register(provider: Provider) -> None:
    _providers[provider.name] = provider


def export(user) -> dict:
    data = {"exported_at": timezone.localtime().isoformat(timespec="seconds")}
    for name in sorted(_providers):
        data[name] = _providers[name].export(user)
    return data


CLOSED_NAME = "已注销用户"


def close_account(user) -> None:
    """The person leaves: every app forgets them, then the account keeps no name, number or password."""
    with transaction.atomic():
        for name in sorted(_providers):
            _providers[name].forget(user)
        # The mobile number is the login and unique: a placeholder starting with 0 is never a real number.
        user.phone = f"0{user.pk:010d}"[-11:]
        user.real_name, user.email = CLOSED_NAME, ""
        user.password = make_password(None)
        user.is_active = False
        user.save(update_fields=["phone", "real_name", "email", "password", "is_active"])


def _profile(user) -> dict:
    return {
        "real_name": user.real_name,
        "phone": user.phone,
        "email": user.email,
        "community": str(user.community) if user.community_id else None,
        "verified": user.is_verified,
        "date_joined": timezone.localtime(user.date_joined).isoformat(timespec="seconds"),
    }


def _notifications(user) -> list:
    return [
        {"time": timezone.localtime(n.created_at).isoformat(timespec="seconds"), "title": n.title, "message": n.body}
        for n in user.notifications.order_by("created_at", "id")
    ]


def _forget_notifications(user) -> None:
    user.notifications.all().delete()


register(Provider("account", _profile, lambda user: None))
register(Provider("notifications", _notifications, _forget_notifications))
