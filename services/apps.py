from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "services"
    verbose_name = _("Service desk")

    def ready(self) -> None:
        from portal import dashboard, nav
        from portal.access import Role
        from portal.recovery import phone_verified
        from portal.seeding import register_seeder

        from . import calendar_table, figures
        from .dashboard import open_figures as desk_figures
        from .demo import seed_desk
        from .status_counts import ensure_triggers
        from .tracking import attach_requests

        phone_verified.connect(attach_requests, dispatch_uid="services.attach_requests")
        post_migrate.connect(ensure_triggers, sender=self, dispatch_uid="services.ensure_triggers")

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
            nav.NavItem(
                label=_("Client apps (API)"),
                url_name="services:api_clients",
                icon="key",
                role=Role.ADMIN,
                order=80,
                staff_menu=True,
                description=_("Keys for other systems that file requests through Open311."),
            ),
            nav.NavItem(
                label=_("Working-day calendar"),
                url_name="work_calendar",
                icon="calendar3",
                role=Role.DEPLOYMENT,
                order=90,
                staff_menu=True,
            ),
        )
        register_seeder(40, "service desk", seed_desk)
        from .open311.demo import seed_open311

        register_seeder(41, "open311", seed_open311)
        from . import panels
        from .open311.panel import public_view_panel

        panels.register(
            panels.RequestPanel("open311", "services/includes/public_view.html", public_view_panel, order=60)
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

        dashboard.register_panel(
            dashboard.Panel(
                "calendar",
                _("Working-day calendar"),
                "services/includes/calendar_panel.html",
                calendar_table.warning_context,
                role=(Role.ADMIN, Role.DEPLOYMENT),
                order=5,
            )
        )

        from portal import personal_data

        from . import retention

        personal_data.register(
            personal_data.Provider("service_requests", retention.export_requests, retention.forget_requests)
        )

        from portal.bench import register_bench_seeder

        from . import bench

        register_bench_seeder(40, "service desk", bench.seed_desk_bench)
        bench.register_pages()
        from .open311 import bench as open311_bench

        open311_bench.register_pages()
