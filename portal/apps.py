from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal core")

    def ready(self) -> None:
        from . import audit  # noqa: F401  (connects the audit signal handlers)
        from .access import Role
        from .nav import NavItem, register

        register(
            NavItem(_("My work"), "work", icon="briefcase", role=Role.STAFF, order=1),
            NavItem(
                _("Open figures"),
                "open_dashboard",
                icon="bar-chart",
                order=80,
                home_tile=True,
                description=_("How fast requests are handled, how satisfied residents are, what the units did."),
            ),
        )
