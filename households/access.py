"""Who may see which households: staff see their community's; a visitor only the households assigned to them."""

from django.core.exceptions import PermissionDenied

from portal.access import Role, for_community, get_in_community, has_role, is_staff_member

from .models import Campaign, CarePairing, Household, Target


def may_visit(user) -> bool:
    """Service-team members are party members with accounts; staff may record visits too."""
    return has_role(user, Role.PARTY_MEMBER) or is_staff_member(user)


def require_visitor(user) -> None:
    if not may_visit(user):
        raise PermissionDenied


def assigned_targets(user):
    """The campaign households this visitor is to visit, in campaigns under way."""
    return for_community(Target.objects.all(), user).filter(assignee=user, campaign__status=Campaign.Status.OPEN)


def paired_households(user):
    return for_community(CarePairing.objects.all(), user).filter(member=user)


def household_for_staff(user, pk: int) -> Household:
    return get_in_community(Household.objects.select_related("building__grid__worker"), user, pk=pk)


def campaign_for_staff(user, pk: int) -> Campaign:
    return get_in_community(Campaign.objects.all(), user, pk=pk)
