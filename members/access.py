"""Who sees which roster rows: built on portal.access, nothing else decides it."""

from django.db.models import QuerySet

from portal.access import for_community, get_in_community

from .models import PartyMember


def in_community(queryset: QuerySet, user) -> QuerySet:
    """Every roster queryset a user sees starts here."""
    return for_community(queryset, user)


def get_for_user(queryset: QuerySet, user, pk: int):
    """One roster row of the user's community; another community's row is a 404."""
    return get_in_community(queryset, user, pk=pk)


def own_member(user) -> PartyMember | None:
    """The user's own confirmed roster entry, if they are a party member here."""
    if not user.is_authenticated or user.community_id is None:
        return None
    return (
        PartyMember.objects.filter(user=user, community_id=user.community_id, status=PartyMember.Status.CONFIRMED)
        .select_related("home_unit")
        .first()
    )


def own_registration(user) -> PartyMember | None:
    """The user's roster entry whatever its status (a pending or declined 双报到 too)."""
    if not user.is_authenticated or user.community_id is None:
        return None
    return PartyMember.objects.filter(user=user, community_id=user.community_id).select_related("home_unit").first()
