from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal core")

    def ready(self) -> None:
        from . import audit, dashboard, display, fragments, nav, notice_figures  # noqa: F401  (audit, display and fragments connect signal handlers on import)
        from .access import Role
        from .notice_access import notices_to_review
        from .notice_seed import seed_notices
        from .seeding import register_seeder

        nav.register(
            nav.NavItem(_("My work"), "work", icon="briefcase", role=Role.STAFF, order=1, staff_menu=True),
            nav.NavItem(_("Accounts"), "user_list", icon="people", role=Role.STAFF, order=90, staff_menu=True),
            nav.NavItem(_("Audit log"), "audit_log", icon="journal-text", role=Role.ADMIN, order=91, staff_menu=True),
            nav.NavItem(
                label=_("Open affairs"),
                url_name="notices:list",
                icon="megaphone",
                order=10,
                home_tile=True,
                description=_("Party, residents' and financial affairs made public, notices and policies."),
            ),
            nav.NavItem(
                _("Open figures"),
                "open_dashboard",
                icon="bar-chart",
                order=79,
                home_tile=True,
                description=_("How fast requests are handled, how satisfied residents are, what the units did."),
            ),
            nav.NavItem(
                label=_("My notices"),
                url_name="notices:mine",
                icon="pencil-square",
                role=Role.STAFF,
                order=80,
                secondary=True,
                staff_menu=True,
            ),
            nav.NavItem(
                label=_("Notice review"),
                url_name="notices:review",
                icon="clipboard-check",
                role=Role.ADMIN,
                order=81,
                secondary=True,
                staff_menu=True,
            ),
        )
        register_seeder(10, "notices", seed_notices)
        dashboard.register_section(
            dashboard.Section(
                "notices",
                _("Open affairs published"),
                "portal/open_notices.html",
                notice_figures.open_figures,
                order=40,
            )
        )
        dashboard.register_panel(
            dashboard.Panel(
                "notices_review",
                _("Notices waiting for review"),
                "includes/work_list.html",
                notices_to_review,
                role=Role.ADMIN,
                order=60,
            )
        )

        from .bench import register_bench_seeder
        from .notice_bench import seed_notices_bench

        register_bench_seeder(10, "notices", seed_notices_bench)
