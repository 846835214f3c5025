"""Who may see which notice: the public sees what is visible in its community, staff see their community's."""

from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from portal.access import for_community, get_in_community, is_staff_member, public_community

from .models import Notice


def public_notices(request: HttpRequest) -> QuerySet:
    """Published notices whose time has come, of the community this visitor sees."""
    community = public_community(request)
    if community is None:
        return Notice.objects.none()
    return Notice.objects.visible().filter(community=community)


def get_public_notice(request: HttpRequest, pk: int) -> Notice:
    try:
        return public_notices(request).get(pk=pk)
    except Notice.DoesNotExist as exc:
        raise Http404 from exc


def managed_notices(user) -> QuerySet:
    """Every notice of the staff member's community, whatever its state."""
    if not is_staff_member(user):
        return Notice.objects.none()
    return for_community(Notice.objects.all(), user)


def get_managed_notice(user, pk: int) -> Notice:
    return get_in_community(managed_notices(user).select_related("author", "reviewed_by"), user, pk=pk)


def get_readable_notice(request: HttpRequest, pk: int) -> Notice:
    """A notice for its files: public if visible here, otherwise only to its community's staff."""
    notice = public_notices(request).filter(pk=pk).first()
    if notice is None and is_staff_member(request.user):
        notice = managed_notices(request.user).filter(pk=pk).first()
    if notice is None:
        raise Http404
    return notice
