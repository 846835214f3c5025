from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Big-committee roster")

    def ready(self) -> None:
        from portal import dashboard, nav
        from portal.access import Role, register_role_check

        from . import nav as entries
        from . import open_figures, roles, work_panels

        register_role_check(Role.PARTY_MEMBER, roles.is_party_member)
        register_role_check(Role.COMMITTEE, roles.is_committee_member)
        nav.register(*entries.NAV)
        dashboard.register_section(*open_figures.SECTIONS)
        dashboard.register_panel(*work_panels.PANELS)
