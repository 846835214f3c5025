from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings")

    def ready(self) -> None:
        from portal import dashboard, nav
        from portal.sitemaps import register_pages
        from services import models as service_models
        from services import panels

        from . import nav as entries
        from . import open_figures, views, work_panels
        from .models import Escalation

        nav.register(*entries.NAV)
        dashboard.register_section(*open_figures.SECTIONS)
        dashboard.register_panel(*work_panels.PANELS)
        register_pages("meetings:resolutions")
        panels.register(panels.RequestPanel("escalation", "meetings/escalation_panel.html", views.escalation_panel))
        # A finished request closes its escalation: services cannot import meetings, so it calls this list.
        if Escalation.close_loop not in service_models.on_finish:
            service_models.on_finish.append(Escalation.close_loop)
