from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "services"
    verbose_name = _("Service desk")

    def ready(self) -> None:
        from portal import dashboard, nav
        from portal.access import Role

        from . import figures
        from .dashboard import open_figures as desk_figures

        nav.register(
            nav.NavItem(
                label=_("Service guide"),
                url_name="services:catalog",
                icon="journal-check",
                order=20,
                home_tile=True,
                description=_("What each service needs: conditions, materials, time limit, place."),
            ),
            nav.NavItem(
                label=_("File a request"),
                url_name="services:apply",
                icon="pencil-square",
                order=21,
                home_tile=True,
                description=_("Apply online, ask for help or make a suggestion. Staff can visit your home."),
            ),
            nav.NavItem(
                label=_("My requests"),
                url_name="services:mine",
                icon="card-checklist",
                role=Role.RESIDENT,
                order=22,
                home_tile=True,
                description=_("Follow your requests, add materials and rate the service."),
            ),
            nav.NavItem(
                label=_("Track a request"),
                url_name="services:track",
                icon="search",
                order=23,
                home_tile=True,
                secondary=True,
                description=_("With the reference number and the last 4 digits of the phone."),
            ),
            nav.NavItem(
                label=_("Desk"),
                url_name="services:desk",
                icon="inboxes",
                role=Role.STAFF,
                order=2,
                staff_menu=True,
                home_tile=True,
                description=_("The community's queue of requests."),
            ),
        )
        dashboard.register_section(
            dashboard.Section("desk", _("Service desk"), "services/open_section.html", desk_figures, order=10)
        )
        for key, title, compute, role, order in (
            ("desk_mine", _("My open requests"), figures.my_open_requests, Role.STAFF, 10),
            ("desk_overdue", _("Overdue requests"), figures.overdue_requests, Role.STAFF, 11),
            ("desk_follow_ups", _("Follow-ups"), figures.open_follow_ups, Role.ADMIN, 12),
        ):
            dashboard.register_panel(
                dashboard.Panel(key, title, "includes/work_list.html", compute, role=role, order=order)
            )
