"""Roster fixtures: one unit of the home community with a seat, an agreement, an activity and a member."""

from dataclasses import dataclass

import pytest

from members.models import PartyMember
from tests import factories


@dataclass
class Roster:
    unit: object
    seat: object
    agreement: object
    commitment: object
    activity: object
    member: object
    post: object
    participation: object


@pytest.fixture
def roster(actors) -> Roster:
    unit = factories.make_unit(actors.community, "示范区第二人民医院", kind="institution", party_org_name="医院党委")
    seat = factories.make_seat(unit, "宋玉洁", holder_title="党委副书记")
    agreement = factories.make_agreement(unit)
    commitment = factories.make_commitment(agreement)
    activity = factories.make_activity(actors.community, "社区义诊", organizer=unit, commitment=commitment)
    member = factories.make_party_member(
        actors.community, "潘国强", phone="13912340099", kind=PartyMember.Kind.IN_SERVICE, home_unit=unit
    )
    post = factories.make_post(actors.community, holder=member)
    participation = factories.make_participation(activity, member, "3")
    return Roster(unit, seat, agreement, commitment, activity, member, post, participation)
