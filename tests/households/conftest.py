from dataclasses import dataclass

import pytest

from households.models import Building, Campaign, Household
from tests.households import make


@dataclass
class Doors:
    building: Building
    campaign: Campaign
    households: list[Household]
    other_household: Household  # another community's


@pytest.fixture
def doors(actors) -> Doors:
    b = make.building(actors.community, worker=actors.staff)
    c = make.campaign(actors.community, staff=actors.staff, buildings=[b], visitor=actors.party_member)
    other = make.building(actors.other_community, doors=1)
    return Doors(b, c, list(b.households.order_by("door")), other.households.get())


def visit_data(doors: Doors, household: Household | None = None, **fields) -> dict:
    """A visit as the phone sends it."""
    import uuid

    from django.utils import timezone

    household = household or doors.households[0]
    data = {
        "id": str(uuid.uuid4()),
        "household": household.pk,
        "campaign": doors.campaign.pk,
        "pairing": "",
        "outcome": "visited",
        "answers": "{}",
        "concerns": "",
        "visited_at": timezone.now().isoformat(),
    }
    data.update(fields)
    return data
