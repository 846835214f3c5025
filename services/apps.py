from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "services"
    verbose_name = _("Service desk")

    def ready(self) -> None:
        from portal import dashboard, nav, personal_data
        from portal.recovery import phone_verified
        from portal.sitemaps import register_pages, register_sitemap

        from . import nav as entries
        from . import open_figures, panels, retention, sitemaps, work_panels
        from .open311.panel import public_view_panel
        from .status_counts import ensure_triggers
        from .tracking import attach_requests

        nav.register(*entries.NAV)
        dashboard.register_section(*open_figures.SECTIONS)
        dashboard.register_panel(*work_panels.PANELS)
        register_pages(*sitemaps.PAGES)
        register_sitemap("service-items", sitemaps.ServiceItemSitemap)
        panels.register(
            panels.RequestPanel("open311", "services/includes/public_view.html", public_view_panel, order=60)
        )
        personal_data.register(
            personal_data.Provider("service_requests", retention.export_requests, retention.forget_requests)
        )
        # A number verified later brings the requests filed for it at the desk into the account.
        phone_verified.connect(attach_requests, dispatch_uid="services.attach_requests")
        post_migrate.connect(ensure_triggers, sender=self, dispatch_uid="services.ensure_triggers")
