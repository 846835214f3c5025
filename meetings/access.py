"""Who may see or change meetings and resolutions, built on portal.access."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from members.models import CommitteeSeat
from portal.access import Role, for_community, get_in_community, has_role, is_staff_member

from .models import Meeting, Resolution


def takes_part(user) -> bool:
    """Committee members and staff see the committee's meetings."""
    return has_role(user, Role.COMMITTEE) or is_staff_member(user)


def seat_unit_ids(user) -> list[int]:
    if not getattr(user, "is_authenticated", False) or user.community_id is None:
        return []
    cache = user.__dict__.get("_meeting_unit_ids")
    if cache is None:
        cache = list(
            CommitteeSeat.objects.active()
            .filter(user=user, community_id=user.community_id)
            .values_list("unit_id", flat=True)
        )
        user._meeting_unit_ids = cache
    return cache


def meetings_for(user):
    if not takes_part(user):
        return Meeting.objects.none()
    return for_community(Meeting.objects.all(), user)


def get_meeting_for_user(user, pk: int, related=("community", "minutes_approved_by")) -> tuple[Meeting, bool]:
    """The meeting and whether the user sees the full record (True) or the public minutes (False).

    Members and staff of its community see everything; anyone sees a meeting
    whose minutes are published, in the public form; a visitor must log in
    first (None returned), another community's user gets 404, others 403.
    `related` names what is read in the same query.
    """
    meeting = Meeting.objects.filter(pk=pk).select_related(*related).first()
    if meeting is None:
        raise Http404
    user_community = getattr(user, "community_id", None)
    if "community" not in related and user_community == meeting.community_id:
        meeting.community = user.community  # loaded with the user already
    if user_community == meeting.community_id and takes_part(user):
        return meeting, True
    if meeting.minutes_public:
        return meeting, False
    if not user.is_authenticated:
        raise NotLoggedIn
    if user_community != meeting.community_id:
        raise Http404
    raise PermissionDenied


class NotLoggedIn(Exception):
    """The page exists but only for logged-in members: send the visitor to log in."""


def get_meeting_for_staff(user, pk: int) -> Meeting:
    return get_in_community(Meeting.objects.select_related("community"), user, pk=pk)


def resolutions_followed_by(user):
    """Staff follow every resolution of their community; a member, those of their unit."""
    qs = for_community(Resolution.objects.all(), user)
    if is_staff_member(user):
        return qs
    return qs.for_unit(seat_unit_ids(user))


def can_post_progress(user, resolution: Resolution) -> bool:
    """Staff of its community, and committee members of its lead unit or a co-unit."""
    if resolution.community_id != getattr(user, "community_id", None):
        return False
    if is_staff_member(user):
        return True
    units = set(seat_unit_ids(user))
    if not units:
        return False
    # The lead unit and every co-unit report progress (co-units read from a prefetch where there is one).
    return resolution.lead_unit_id in units or any(unit.pk in units for unit in resolution.co_units.all())


def get_resolution_for_progress(user, pk: int) -> Resolution:
    resolution = get_in_community(Resolution.objects.select_related("meeting", "lead_unit"), user, pk=pk)
    if not can_post_progress(user, resolution):
        raise PermissionDenied
    return resolution
