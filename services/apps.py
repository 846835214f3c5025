from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "services"
    verbose_name = _("Service desk")

    def ready(self) -> None:
        from portal import dashboard, nav

        from . import nav as entries
        from . import open_figures, work_panels

        nav.register(*entries.NAV)
        dashboard.register_section(*open_figures.SECTIONS)
        dashboard.register_panel(*work_panels.PANELS)
