from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings")

    def ready(self) -> None:
        from portal import dashboard, nav
        from portal.access import Role
        from portal.seeding import register_seeder
        from services import models as service_models
        from services import panels

        from . import escalation, figures, seed, views
        from .dashboard import open_figures as meeting_figures
        from .models import Escalation

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
        register_seeder(30, "meetings", seed.seed_meetings)
        dashboard.register_section(
            dashboard.Section(
                "meetings", _("Big committee meetings"), "meetings/open_section.html", meeting_figures, order=15
            )
        )
        register_seeder(50, "escalations", seed.seed_escalations)
        panels.register(panels.RequestPanel("escalation", "meetings/escalation_panel.html", views.escalation_panel))
        if Escalation.close_loop not in service_models.on_finish:
            service_models.on_finish.append(Escalation.close_loop)
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

        from portal.bench import register_bench_seeder

        from . import bench

        register_bench_seeder(30, "meetings", bench.seed_meetings_bench)
        bench.register_pages()
