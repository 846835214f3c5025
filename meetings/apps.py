from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings")

    def ready(self) -> None:
        from portal import dashboard, nav
        from services import panels

        from . import escalation, open_figures, work_panels
        from . import nav as entries

        nav.register(*entries.NAV)
        dashboard.register_section(*open_figures.SECTIONS)
        dashboard.register_panel(*work_panels.PANELS)
        panels.register(panels.RequestPanel("escalation", "meetings/escalation_panel.html", escalation.request_panel))
