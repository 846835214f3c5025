"""The meetings' entries in the navigation and tiles on the home page."""

from django.utils.translation import gettext_lazy as _

from portal.access import Role
from portal.nav import NavItem

NAV = [
    NavItem(
        label=_("Meetings"),
        url_name="meetings:list",
        icon="people-fill",
        role=(Role.COMMITTEE, Role.STAFF),
        order=30,
        home_tile=True,
        description=_("Agendas, attendance, minutes and the resolutions of the big committee."),
    ),
    NavItem(
        label=_("Resolutions"),
        url_name="meetings:resolutions",
        icon="check2-square",
        order=31,
        home_tile=True,
        description=_("What the big committee decided, and how far each decision has got."),
    ),
]
