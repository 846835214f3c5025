from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "notices"
    verbose_name = _("Open affairs")

    def ready(self) -> None:
        from portal import dashboard, nav
        from portal.access import Role
        from portal.home import HomeBlock, register_home_block
        from portal.sitemaps import register_sitemap

        from . import open_figures
        from .access import notices_to_review
        from .feeds import NoticeSitemap
        from .views import home_notices

        nav.register(
            nav.NavItem(
                label=_("Open affairs"),
                url_name="notices:list",
                icon="megaphone",
                order=10,
                home_tile=True,
                description=_("Party, residents' and financial affairs made public, notices and policies."),
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
        register_home_block(HomeBlock("notices", "notices/_home.html", home_notices, order=10))
        register_sitemap("notices", NoticeSitemap, pages=("notices:list",))
        dashboard.register_section(
            dashboard.Section(
                "notices", _("Open affairs published"), "notices/open_section.html", open_figures.open_figures, order=40
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
