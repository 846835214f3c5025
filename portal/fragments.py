"""Rendered parts of logged-in pages, kept in the cache until their community's data changes.

The staff desk, a request's page, a meeting's record and the rosters cost far
more to render than to fetch. `{% fragment %}` (portal/templatetags/fragments.py)
keeps such a part in the cache under a key made of the community's
*generation*, the language, the display mode, the day and whatever else the
part varies on. Every change to a community's rows moves its generation on, so
the next page is rendered afresh; nothing has to know which parts a change
touches.

The generation lives on the Community row, which every logged-in page loads
anyway, so it is read for free and is the same in every worker process (the
cache itself may be per process). It moves on:

- after any save or delete of a model of the portal's apps that belongs to a
  community (signals; a change of a user's groups too);
- where code writes rows without signals (`QuerySet.update`, `bulk_create`),
  by calling `touch()` itself;
- always after the transaction commits, never inside it, so a rolled-back
  change moves nothing and no lock on the community row is held while other
  rows are locked.

A cached part never holds a visitor's CSRF token: it is stored with a
placeholder and each viewer's own token is put back when it is served, as the
public page cache does. Parts are kept FRAGMENT_CACHE_SECONDS at most (off in
development and tests unless a test turns it on), so time-of-day details such
as "today" stay fresh too.
"""

import functools
import operator
from collections.abc import Callable, Iterable

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils.functional import SimpleLazyObject

CACHED_APPS = {"portal", "members", "meetings", "services"}
# Rows that no cached part shows and that are written on every request or login.
IGNORED_MODELS = {"portal.auditlog", "portal.notification"}


def enabled() -> bool:
    return settings.FRAGMENT_CACHE_SECONDS > 0


def touch(community_id: int | None) -> None:
    """Move a community's generation on once the current transaction commits (None: every community)."""
    transaction.on_commit(lambda: _bump(community_id))


def _bump(community_id: int | None) -> None:
    from .models import Community

    communities = Community.objects.all() if community_id is None else Community.objects.filter(pk=community_id)
    communities.update(generation=F("generation") + 1)


def _tracked(sender) -> bool:
    meta = sender._meta
    return (meta.app_label in CACHED_APPS and meta.label_lower not in IGNORED_MODELS) or _is_group(sender)


def _is_group(sender) -> bool:
    # Staff and admin are groups, found by name: a renamed group changes roles everywhere.
    from django.contrib.auth.models import Group

    return sender is Group


def _community_of(instance) -> int | None:
    """The community a row belongs to: its own field, else that of the row it hangs on (a request's
    timeline entry, say); None for rows every community shares (the holiday table)."""
    from .models import Community, User

    if isinstance(instance, Community):
        return instance.pk
    if _is_group(type(instance)):
        return None
    if hasattr(instance, "community_id"):
        return instance.community_id
    # The row it hangs on (a request) before the people it names (an author of another community, maybe).
    fields = sorted(instance._meta.concrete_fields, key=lambda f: f.related_model is User)
    for field in fields:
        parent = field.related_model
        if field.many_to_one and parent is not None and any(f.name == "community" for f in parent._meta.fields):
            parent_pk = getattr(instance, field.attname)
            if parent_pk is None:
                continue
            if field.is_cached(instance):
                return getattr(instance, field.name).community_id
            return parent._base_manager.filter(pk=parent_pk).values_list("community_id", flat=True).first()
    return None


@receiver(pre_save)
def _remember_a_move(sender, instance, raw=False, update_fields=None, **kwargs):
    """A user moved to another community leaves the old one's pages (a desk's staff list, their requests)."""
    from .models import User

    if raw or sender is not User or instance.pk is None or instance._state.adding:
        return
    if update_fields is not None and "community" not in update_fields:
        return  # a login (last_login only) and the like: no read of the old row
    old = User._base_manager.filter(pk=instance.pk).values_list("community_id", flat=True).first()
    if old is not None and old != instance.community_id:
        touch(old)


@receiver(post_save)
def _touch_on_save(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or not _tracked(sender):
        return
    from .models import Community, User

    if sender is Community and update_fields is not None and set(update_fields) <= {"generation"}:
        return
    if sender is User and update_fields is not None and set(update_fields) <= {"last_login"}:
        return  # a login changes nothing any page shows
    touch(_community_of(instance))


@receiver(post_delete)
def _touch_on_delete(sender, instance, **kwargs):
    if _tracked(sender):
        touch(_community_of(instance))


@receiver(m2m_changed)
def _touch_on_m2m(sender, instance, action, model=None, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if _is_group(type(instance)):
        touch(None)  # group.user_set.add(...): the users may belong to any community
    elif _tracked(type(instance)):
        touch(_community_of(instance))


def lazy_parts(build: Callable[[], dict], names: Iterable[str]) -> dict:
    """Context entries `names`, taken from `build()` the first time any of them is used.

    A view hands what only its cached part shows through this, so a page served from the cache
    runs none of the queries and builds none of the forms behind it.
    """
    parts = SimpleLazyObject(build)
    return {name: SimpleLazyObject(functools.partial(operator.getitem, parts, name)) for name in names}


def tracked_models() -> list:
    """The models whose changes move a generation on (listed for the tests)."""
    return [model for model in apps.get_models() if _tracked(model)]
