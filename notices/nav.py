"""The notices' entries in the navigation and tiles on the home page."""

from django.utils.translation import gettext_lazy as _

from portal.access import Role
from portal.nav import NavItem

NAV = [
    NavItem(
        label=_("Open affairs"),
        url_name="notices:list",
        icon="megaphone",
        order=10,
        home_tile=True,
        description=_("Party, residents' and financial affairs made public, notices and policies."),
    ),
    NavItem(
        label=_("My notices"),
        url_name="notices:mine",
        icon="pencil-square",
        role=Role.STAFF,
        order=80,
        secondary=True,
        staff_menu=True,
    ),
    NavItem(
        label=_("Notice review"),
        url_name="notices:review",
        icon="clipboard-check",
        role=Role.ADMIN,
        order=81,
        secondary=True,
        staff_menu=True,
    ),
]
