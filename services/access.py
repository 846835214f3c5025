"""Who may see or handle a service request, built on portal.access."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from portal.access import for_community, is_staff_member

from .models import ServiceRequest


def requests_for(user) -> QuerySet:
    """The requests a user may open: all of the community for staff; for anyone else, those they filed and
    those filed for them by someone else (亲属代办) once their number is verified."""
    if not getattr(user, "is_authenticated", False):
        return ServiceRequest.objects.none()
    if is_staff_member(user):
        return for_community(ServiceRequest.objects.all(), user)
    return own_requests(user)


def own_requests(user) -> QuerySet:
    """Requests the user filed, and those filed for them by someone else (亲属代办)."""
    return ServiceRequest.objects.filter(Q(applicant=user) | Q(served_account=user))


def get_request_for_user(
    user, reference: str, related=("item", "assignee", "applicant", "community")
) -> tuple[ServiceRequest, bool]:
    """(request, can_handle): 404 for anyone who may not see it, so references cannot be probed.

    `related` names what is read in the same query.
    """
    try:
        req = requests_for(user).select_related(*related).get(reference=reference)
    except ServiceRequest.DoesNotExist as exc:
        raise Http404 from exc
    if "community" not in related and req.community_id == user.community_id:
        req.community = user.community  # loaded with the user already
    return req, can_handle(user, req)


def can_handle(user, req: ServiceRequest) -> bool:
    """Staff of the request's own community handle it; anyone else may at most follow it."""
    return is_staff_member(user) and req.community_id == getattr(user, "community_id", None)


def get_request_to_handle(user, reference: str) -> ServiceRequest:
    """A request a staff member will act on: 404 if unseen, 403 if only its applicant."""
    req, can_handle = get_request_for_user(user, reference)
    if not can_handle:
        raise PermissionDenied
    return req


def get_own_request(user, reference: str) -> ServiceRequest:
    """A request its applicant acts on (add materials, rate, reopen): 403 for staff who did not file it."""
    req, _can_handle = get_request_for_user(user, reference)
    if req.applicant_id != user.pk:
        raise PermissionDenied
    return req
