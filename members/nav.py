"""The roster's entries in the navigation and tiles on the home page."""

from django.utils.translation import gettext_lazy as _

from portal.access import Role
from portal.nav import NavItem

NAV = [
    NavItem(
        label=_("Big committee"),
        url_name="members:committee",
        icon="people",
        order=40,
        home_tile=True,
        description=_("Member units and committee members of the big party committee"),
    ),
    NavItem(
        label=_("Roster"),
        url_name="members:unit_list",
        icon="diagram-3",
        role=Role.STAFF,
        order=42,
        secondary=True,
        staff_menu=True,
    ),
    NavItem(
        label=_("In-service registration"),
        url_name="members:register",
        icon="person-check",
        role=Role.RESIDENT,
        order=70,
        secondary=True,
        home_tile=True,
        description=_("Party members working at a unit: register with the community you live in"),
    ),
    NavItem(
        label=_("My volunteer hours"),
        url_name="members:my_activities",
        icon="clock-history",
        role=Role.PARTY_MEMBER,
        order=71,
        home_tile=True,
        description=_("Your activities and volunteer hours this year"),
    ),
    NavItem(
        label=_("My unit's agreement"),
        url_name="members:my_unit",
        icon="file-earmark-text",
        role=Role.COMMITTEE,
        order=72,
        home_tile=True,
        description=_("What your unit promised the community and what it has delivered this year"),
    ),
]
