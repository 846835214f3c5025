from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings")

    def ready(self) -> None:
        from portal import nav
        from portal.access import Role
        from portal.seeding import register_seeder

        from . import seed

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

        from portal.bench import register_bench_seeder

        from . import bench

        register_bench_seeder(30, "meetings", bench.seed_meetings_bench)
        bench.register_pages()
