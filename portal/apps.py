from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal core")

    def ready(self) -> None:
        from . import audit, display, nav  # noqa: F401  (audit and display connect signal handlers on import)
        from .access import Role

        nav.register(
            nav.NavItem(_("My work"), "work", icon="briefcase", role=Role.STAFF, order=1, staff_menu=True),
            nav.NavItem(_("Accounts"), "user_list", icon="people", role=Role.STAFF, order=90, staff_menu=True),
            nav.NavItem(_("Audit log"), "audit_log", icon="journal-text", role=Role.ADMIN, order=91, staff_menu=True),
            nav.NavItem(
                _("Open figures"),
                "open_dashboard",
                icon="bar-chart",
                order=79,
                home_tile=True,
                description=_("How fast requests are handled, how satisfied residents are, what the units did."),
            ),
        )
