"""The service desk's entries in the navigation and tiles on the home page."""

from django.utils.translation import gettext_lazy as _

from portal.access import Role
from portal.nav import NavItem

NAV = [
    NavItem(
        label=_("Service guide"),
        url_name="services:catalog",
        icon="journal-check",
        order=20,
        home_tile=True,
        description=_("What each service needs: conditions, materials, time limit, place."),
    ),
    NavItem(
        label=_("File a request"),
        url_name="services:apply",
        icon="pencil-square",
        order=21,
        home_tile=True,
        description=_("Apply online, ask for help or make a suggestion. Staff can visit your home."),
    ),
    NavItem(
        label=_("My requests"),
        url_name="services:mine",
        icon="card-checklist",
        role=Role.RESIDENT,
        order=22,
        home_tile=True,
        description=_("Follow your requests, add materials and rate the service."),
    ),
    NavItem(
        label=_("Track a request"),
        url_name="services:track",
        icon="search",
        order=23,
        home_tile=True,
        secondary=True,
        description=_("With the reference number and the last 4 digits of the phone."),
    ),
    NavItem(
        label=_("Desk"),
        url_name="services:desk",
        icon="inboxes",
        role=Role.STAFF,
        order=2,
        staff_menu=True,
        home_tile=True,
        description=_("The community's queue of requests."),
    ),
    NavItem(
        label=_("Client apps (API)"),
        url_name="services:api_clients",
        icon="key",
        role=Role.ADMIN,
        order=80,
        staff_menu=True,
        description=_("Keys for other systems that file requests through Open311."),
    ),
    NavItem(
        label=_("Working-day calendar"),
        url_name="work_calendar",
        icon="calendar3",
        role=Role.DEPLOYMENT,
        order=90,
        staff_menu=True,
    ),
]
