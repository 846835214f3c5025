from django.conf import settings
from django.utils.functional import SimpleLazyObject

from . import nav
from .access import Role, has_role, public_community
from .display import elderly_mode


def portal(request):
    """What every page needs: community, roles, navigation, elderly mode, unread count."""
    user = getattr(request, "user", None)
    context = {
        "community": public_community(request),
        "elderly_mode": elderly_mode(request),
        "portal_name": settings.PORTAL_NAME,
        "icp_filing_number": settings.ICP_FILING_NUMBER,
        "is_staff_member": False,
        "is_admin": False,
        "unread_count": 0,
    }
    if user is None:
        return context
    # Lazy: only the home page shows tiles, and pages without the shell (feeds, exports) need none.
    context["nav_items"] = SimpleLazyObject(lambda: nav.links(nav.nav_items(user), request.path))
    context["staff_menu_items"] = SimpleLazyObject(lambda: nav.links(nav.staff_menu_items(user), request.path))
    context["home_tiles"] = SimpleLazyObject(lambda: nav.home_tiles(user))
    if user.is_authenticated:
        context["is_staff_member"] = has_role(user, Role.STAFF)
        context["is_admin"] = has_role(user, Role.ADMIN)
        context["is_party_member"] = has_role(user, Role.PARTY_MEMBER)
        context["is_committee_member"] = has_role(user, Role.COMMITTEE)
        # Read with the user (portal/backends.py) when the session's backend is the portal's.
        unread = getattr(user, "portal_unread", None)
        context["unread_count"] = (
            unread if unread is not None else user.notifications.filter(read_at__isnull=True).count()
        )
    return context
