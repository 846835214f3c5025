"""Everything the door-to-door app adds to the shared pages, in one place (called from AppConfig.ready())."""

from django.utils.translation import gettext_lazy as _


def register_all() -> None:
    from portal import dashboard, nav
    from portal.access import Role
    from services import panels

    from . import care, desk

    nav.register(
        nav.NavItem(
            label=_("Door to door"),
            url_name="households:index",
            icon="door-open",
            role=(Role.STAFF, Role.PARTY_MEMBER),
            order=45,
            home_tile=True,
            description=_("Households, door-to-door campaigns and care visits; the visit form works offline."),
        )
    )
    dashboard.register_section(
        dashboard.Section(
            "care", _("Care visits (结对帮扶)"), "households/open_section.html", care.open_figures, order=40
        )
    )
    dashboard.register_panel(
        dashboard.Panel("care_due", _("Care visits due"), "includes/work_list.html", care.due_panel, order=35)
    )
    panels.register(panels.RequestPanel("household", "households/request_panel.html", desk.request_panel, order=60))
