from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "notices"
    verbose_name = _("Open affairs")

    def ready(self) -> None:
        from portal import dashboard, nav
        from portal.home import HomeBlock, register_home_block
        from portal.sitemaps import register_sitemap

        from . import nav as entries
        from . import open_figures, work_panels
        from .feeds import NoticeSitemap
        from .views import home_notices

        nav.register(*entries.NAV)
        dashboard.register_section(*open_figures.SECTIONS)
        dashboard.register_panel(*work_panels.PANELS)
        register_home_block(HomeBlock("notices", "notices/_home.html", home_notices, order=10))
        register_sitemap("notices", NoticeSitemap, pages=("notices:list", "notices:subscribe"))
