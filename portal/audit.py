"""Audit log: every write a staff member or admin makes through the portal.

The middleware puts the acting user and their IP address in a context
variable; model signals turn each save or delete of one of our own models
into an AuditLog row with the fields that changed. Writes by residents and
by management commands (no request) are not audited: the log is about what
the office (staff, admins, committee members, the deployment admin) did.
Model methods can add a named step with `record_action`; `readable()` turns
entries into what people read: field names, old → new values with names.
"""

from __future__ import annotations

import contextvars
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone

from .privacy import mask_id_numbers

AUDITED_APPS = {"portal", "notices", "members", "meetings", "services", "households"}
SECRET_FIELDS = {"password", "calendar_token", "key_hash", "token_hash", "code_hash"}


@dataclass(frozen=True)
class Actor:
    user: object
    ip: str | None


_current: contextvars.ContextVar[Actor | None] = contextvars.ContextVar("audit_actor", default=None)


def set_actor(user, ip: str | None) -> contextvars.Token:
    return _current.set(Actor(user, ip))


def reset_actor(token: contextvars.Token) -> None:
    _current.reset(token)


def current_actor() -> Actor | None:
    actor = _current.get()
    if actor is None or not getattr(actor.user, "is_authenticated", False):
        return None
    from .access import Role, has_role, is_deployment_admin, is_staff_member

    # The office's writes, the deployment admin's, and those of committee members (their unit's progress
    # reports, their agreement): everyone who writes on behalf of an organisation, not residents.
    if not (is_staff_member(actor.user) or is_deployment_admin(actor.user) or has_role(actor.user, Role.COMMITTEE)):
        return None
    return actor


def _audited(sender) -> bool:
    from .models import AuditLog, Notification, OutboxMessage, PhoneCode, RateCounter

    meta = sender._meta
    # Bookkeeping rows (counters, codes, queued messages) are not the office's doing.
    unaudited = (AuditLog, Notification, OutboxMessage, PhoneCode, RateCounter)
    return meta.app_label in AUDITED_APPS and sender not in unaudited and not meta.auto_created


def _plain(value):
    if isinstance(value, datetime) and timezone.is_aware(value):
        # People read the log in Beijing time, not UTC.
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "name") and hasattr(value, "storage"):  # a FieldFile
        return value.name or ""
    if isinstance(value, str):
        return mask_id_numbers(value)
    if isinstance(value, int | float | bool) or value is None:
        return value
    return mask_id_numbers(str(value))


def _values(instance) -> dict:
    return {f.attname: _plain(getattr(instance, f.attname)) for f in instance._meta.concrete_fields}


def _community_id(instance):
    from .models import Community

    if isinstance(instance, Community):
        return instance.pk
    return getattr(instance, "community_id", None)


def _write(actor: Actor, action: str, instance, changes: dict, note: str = "") -> None:
    from .models import AuditLog

    AuditLog.objects.create(
        community_id=_community_id(instance) or getattr(actor.user, "community_id", None),
        actor=actor.user,
        action=action,
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=False),
        object_id=str(instance.pk or ""),
        object_repr=mask_id_numbers(str(instance))[:200],
        changes=changes,
        note=note[:200],
        ip=actor.ip,
    )


def record_action(instance, note: str, changes: dict | None = None) -> None:
    """Record a named step (e.g. "published", "roles changed") by the current actor."""
    actor = current_actor()
    if actor is not None:
        _write(actor, "action", instance, _jsonable(changes or {}), note)


def _jsonable(value):
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    return _plain(value)


def record_client_write(instance, note: str, ip: str | None, changes: dict | None = None) -> None:
    """Record a write made by a client app through the API (no user: the note names the app)."""
    _write(Actor(None, ip), "create", instance, changes or {}, note)


@receiver(pre_save)
def _remember_old_values(sender, instance, raw=False, **kwargs):
    if raw or not _audited(sender) or current_actor() is None or instance._state.adding or instance.pk is None:
        return
    old = sender._base_manager.filter(pk=instance.pk).first()
    instance._audit_old = _values(old) if old is not None else None


@receiver(post_save)
def _log_save(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if raw or not _audited(sender):
        return
    actor = current_actor()
    if actor is None:
        return
    new = _values(instance)
    old = instance.__dict__.pop("_audit_old", None)
    if created or old is None:
        changes = {k: [None, v] for k, v in new.items() if v not in (None, "") and k != "id"}
        action = "create"
    else:
        if update_fields:
            # Only what was written counts; other attributes may be stale in memory.
            written = {instance._meta.get_field(name).attname for name in update_fields}
            new = {k: v for k, v in new.items() if k in written}
        changes = {k: [old.get(k), v] for k, v in new.items() if old.get(k) != v}
        action = "update"
        if not changes:
            return
    for key in SECRET_FIELDS & changes.keys():
        changes[key] = ["***", "***"]
    _write(actor, action, instance, changes)


@receiver(m2m_changed)
def _log_group_change(sender, instance, action, pk_set, **kwargs):
    """Role changes made anywhere (the portal or the Django admin) are audited."""
    from .models import User

    if not isinstance(instance, User) or sender is not User.groups.through:
        return
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    from django.contrib.auth.models import Group

    names = sorted(Group.objects.filter(pk__in=pk_set or []).values_list("name", flat=True))
    record_action(instance, f"groups {action.removeprefix('post_')}", {"groups": names})


@receiver(post_delete)
def _log_delete(sender, instance, **kwargs):
    if not _audited(sender):
        return
    actor = current_actor()
    if actor is not None:
        _write(actor, "delete", instance, {})
