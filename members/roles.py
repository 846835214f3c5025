"""How the roster gives roles: a confirmed party-member link, an active seat."""

from django.db.models import Exists, OuterRef

from .models import CommitteeSeat, PartyMember


def is_party_member(user) -> bool:
    return PartyMember.objects.filter(
        user=user, community_id=user.community_id, status=PartyMember.Status.CONFIRMED
    ).exists()


def is_committee_member(user) -> bool:
    return CommitteeSeat.objects.active().filter(user=user, community_id=user.community_id).exists()


# The same checks in SQL, read with the user of each request (portal.access.with_roles).
def party_member_expression() -> Exists:
    return Exists(
        PartyMember.objects.filter(
            user=OuterRef("pk"), community_id=OuterRef("community_id"), status=PartyMember.Status.CONFIRMED
        )
    )


def committee_member_expression() -> Exists:
    return Exists(CommitteeSeat.objects.active().filter(user=OuterRef("pk"), community_id=OuterRef("community_id")))
