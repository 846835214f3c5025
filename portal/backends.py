"""Password login by phone number, loading each request's user together with their community."""

from datetime import date
from functools import lru_cache

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from .access import remember_roles, with_roles


class PortalBackend(ModelBackend):
    """Django's model backend; the user of every request comes with what every page shows, in one query.

    Every logged-in page shows the community, draws the navigation for the user's roles and counts their
    unread notifications: read with the user, they cost one query instead of five.
    """

    def get_user(self, user_id):
        User = get_user_model()
        try:
            user = _users_with_roles(timezone.localdate()).get(pk=user_id)
        except User.DoesNotExist:
            return None
        remember_roles(user)
        return user if self.user_can_authenticate(user) else None


@lru_cache(maxsize=2)
def _users_with_roles(day: date) -> QuerySet:
    """The users with community, roles and unread count: built once a day (a seat counts on the day it is
    asked), since building its subqueries cost more than running it. Each `.get()` works on a copy."""
    from .models import Notification

    unread = (
        Notification.objects.filter(recipient=OuterRef("pk"), read_at__isnull=True)
        .order_by()
        .values("recipient")
        .annotate(n=Count("pk"))
        .values("n")
    )
    users = get_user_model()._default_manager.select_related("community")
    return with_roles(users).annotate(portal_unread=Coalesce(Subquery(unread, output_field=IntegerField()), 0))
