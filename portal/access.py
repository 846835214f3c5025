"""Who may see or change what: the one place that answers it.

Roles are data. Staff and admins are groups; the party-member and
committee-member roles come from the roster (the `members` app registers a
check for them at start-up, so this module imports no other app). Every
queryset a user sees starts from their community through `for_community`.
"""

from collections.abc import Callable
from enum import StrEnum
from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, Model, OuterRef, QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext_lazy as _

STAFF_GROUP = "staff"
ADMIN_GROUP = "admin"
# Whoever runs the deployment for a subdistrict or city: the national working-day calendar. A Django
# superuser is one too. It gives no access to a community's records (that takes that community's roles).
DEPLOYMENT_GROUP = "deployment_admin"


class Role(StrEnum):
    RESIDENT = "resident"
    PARTY_MEMBER = "party_member"
    COMMITTEE = "committee"
    STAFF = "staff"
    ADMIN = "admin"
    DEPLOYMENT = "deployment_admin"


ROLE_LABELS = {
    Role.RESIDENT: _("Resident"),
    Role.PARTY_MEMBER: _("Party member"),
    Role.COMMITTEE: _("Committee member"),
    Role.STAFF: _("Community staff"),
    Role.ADMIN: _("Community admin"),
    Role.DEPLOYMENT: _("Deployment admin"),
}

# Role -> check(user) for roles that live in other apps' data, and the same check as an SQL expression
# (`Exists` over rows whose user is OuterRef("pk")), so the user of each request comes with it.
_role_checks: dict[Role, Callable] = {}
_role_expressions: dict[Role, Callable] = {}
GROUPS = (STAFF_GROUP, ADMIN_GROUP, DEPLOYMENT_GROUP)


def register_role_check(role: Role, check: Callable, expression: Callable | None = None) -> None:
    """Let an app say how a role is derived from its data (e.g. an active seat), in Python and in SQL."""
    _role_checks[role] = check
    if expression is not None:
        _role_expressions[role] = expression


def with_roles(users: QuerySet) -> QuerySet:
    """Users with their groups and roles read in the same query (every page shows what they may do).

    `remember_roles` then answers `has_role` from these columns instead of a query per role.
    """
    membership = users.model.groups.through.objects
    columns = {
        f"portal_group_{name}": Exists(membership.filter(**{"user_id": OuterRef("pk"), "group__name": name}))
        for name in GROUPS
    }
    columns.update({f"portal_role_{role}": expression() for role, expression in _role_expressions.items()})
    return users.annotate(**columns)


def remember_roles(user) -> None:
    """Keep on the user what `with_roles` read, as `has_role` caches it."""
    user._portal_groups = frozenset(name for name in GROUPS if getattr(user, f"portal_group_{name}", False))
    user._portal_role_cache = {role: getattr(user, f"portal_role_{role}") for role in _role_expressions}


def _group_names(user) -> frozenset[str]:
    # Cached on the user object: asked once per request at most, however often needed.
    cached = getattr(user, "_portal_groups", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True)) if user.pk else frozenset()
        user._portal_groups = cached
    return cached


def has_role(user, role: Role) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if role == Role.RESIDENT:
        return True
    if role == Role.ADMIN:
        return user.community_id is not None and ADMIN_GROUP in _group_names(user)
    if role == Role.STAFF:
        # Admins can do everything staff can.
        return user.community_id is not None and bool({STAFF_GROUP, ADMIN_GROUP} & _group_names(user))
    if role == Role.DEPLOYMENT:
        return user.is_superuser or DEPLOYMENT_GROUP in _group_names(user)
    check = _role_checks.get(role)
    if check is None:
        return False
    asked = getattr(user, "_portal_role_cache", None)  # through request.user's lazy wrapper to the user
    if asked is None:
        asked = user._portal_role_cache = {}
    if role not in asked:
        asked[role] = bool(check(user))
    return asked[role]


def is_staff_member(user) -> bool:
    return has_role(user, Role.STAFF)


def is_admin(user) -> bool:
    return has_role(user, Role.ADMIN)


def roles(user) -> list[Role]:
    return [role for role in Role if has_role(user, role)]


def for_community(queryset: QuerySet, user, field: str = "community") -> QuerySet:
    """Limit a queryset to the rows of the user's own community (nothing if none)."""
    community_id = getattr(user, "community_id", None)
    if community_id is None:
        return queryset.none()
    return queryset.filter(**{f"{field}_id": community_id})


def get_in_community(queryset: QuerySet, user, field: str = "community", **lookup) -> Model:
    """Fetch one row of the user's community; another community's row is a 404."""
    try:
        return for_community(queryset, user, field).get(**lookup)
    except queryset.model.DoesNotExist as exc:
        raise Http404 from exc


def users_visible_to(user) -> QuerySet:
    """The accounts a staff member may see: those of their own community."""
    from .models import User

    if not is_staff_member(user):
        return User.objects.none()
    return for_community(User.objects.all(), user)


def public_community(request: HttpRequest):
    """The community whose public pages a visitor sees.

    A logged-in user sees their own; a visitor sees the one chosen by the
    `community` cookie, else DEFAULT_COMMUNITY_CODE, else the first one.
    """
    from .models import Community

    if hasattr(request, "_public_community"):
        return request._public_community
    user = getattr(request, "user", None)
    community = None
    if user is not None and user.is_authenticated and user.community_id:
        community = user.community
    else:
        code = request.COOKIES.get("community") or settings.DEFAULT_COMMUNITY_CODE
        if code:
            community = Community.objects.filter(code=code).first()
        if community is None:
            community = Community.objects.order_by("pk").first()
    request._public_community = community
    return community


def is_deployment_admin(user) -> bool:
    return has_role(user, Role.DEPLOYMENT)


def role_required(*wanted: Role):
    """View decorator: log in first, then 403 unless the user holds one of the `wanted` roles."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if not any(has_role(request.user, role) for role in wanted):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


staff_required = role_required(Role.STAFF)
admin_required = role_required(Role.ADMIN)
deployment_admin_required = role_required(Role.DEPLOYMENT)
