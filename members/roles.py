"""How the roster gives roles: a confirmed party-member link, an active seat."""

from .models import CommitteeSeat, PartyMember


def is_party_member(user) -> bool:
    return PartyMember.objects.filter(
        user=user, community_id=user.community_id, status=PartyMember.Status.CONFIRMED
    ).exists()


def is_committee_member(user) -> bool:
    return CommitteeSeat.objects.active().filter(user=user, community_id=user.community_id).exists()
