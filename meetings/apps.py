from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings")

    def ready(self) -> None:
        from portal import dashboard, nav
        from portal.access import Role
        from services import panels

        from . import escalation, figures
        from .dashboard import open_figures as meeting_figures

        nav.register(
            nav.NavItem(
                label=_("Meetings"),
                url_name="meetings:list",
                icon="people-fill",
                role=(Role.COMMITTEE, Role.STAFF),
                order=30,
                home_tile=True,
                description=_("Agendas, attendance, minutes and the resolutions of the big committee."),
            ),
            nav.NavItem(
                label=_("Resolutions"),
                url_name="meetings:resolutions",
                icon="check2-square",
                order=31,
                home_tile=True,
                description=_("What the big committee decided, and how far each decision has got."),
            ),
        )
        dashboard.register_section(
            dashboard.Section(
                "meetings", _("Big committee meetings"), "meetings/open_section.html", meeting_figures, order=15
            )
        )
        panels.register(panels.RequestPanel("escalation", "meetings/escalation_panel.html", escalation.request_panel))
        dashboard.register_section(
            dashboard.Section(
                "escalations",
                _("Escalated to the joint meeting"),
                "meetings/open_escalations.html",
                escalation.open_figures,
                order=16,
            )
        )
        dashboard.register_panel(
            dashboard.Panel(
                "meetings_month",
                _("Meetings this month"),
                "includes/work_list.html",
                figures.meetings_this_month,
                order=30,
            )
        )
        dashboard.register_panel(
            dashboard.Panel(
                "resolutions_due", _("Resolutions due"), "includes/work_list.html", figures.resolutions_due, order=31
            )
        )
