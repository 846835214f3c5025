from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Big-committee roster")

    def ready(self) -> None:
        from portal import dashboard, nav
        from portal.access import Role, register_role_check

        from . import figures, roles

        register_role_check(Role.PARTY_MEMBER, roles.is_party_member)
        register_role_check(Role.COMMITTEE, roles.is_committee_member)
        nav.register(
            nav.NavItem(
                label=_("Big committee"),
                url_name="members:committee",
                icon="people",
                order=40,
                home_tile=True,
                description=_("Member units and committee members of the big party committee"),
            ),
            nav.NavItem(
                label=_("Roster"),
                url_name="members:unit_list",
                icon="diagram-3",
                role=Role.STAFF,
                order=42,
                secondary=True,
                staff_menu=True,
            ),
            nav.NavItem(
                label=_("In-service registration"),
                url_name="members:register",
                icon="person-check",
                role=Role.RESIDENT,
                order=70,
                secondary=True,
                home_tile=True,
                description=_("Party members working at a unit: register with the community you live in"),
            ),
            nav.NavItem(
                label=_("My volunteer hours"),
                url_name="members:my_activities",
                icon="clock-history",
                role=Role.PARTY_MEMBER,
                order=71,
                home_tile=True,
                description=_("Your activities and volunteer hours this year"),
            ),
            nav.NavItem(
                label=_("My unit's agreement"),
                url_name="members:my_unit",
                icon="file-earmark-text",
                role=Role.COMMITTEE,
                order=72,
                home_tile=True,
                description=_("What your unit promised the community and what it has delivered this year"),
            ),
        )
        dashboard.register_section(
            dashboard.Section(
                "roster", _("Big committee and volunteers"), "members/open_section.html", figures.open_figures, order=20
            )
        )
        dashboard.register_panel(
            dashboard.Panel(
                "roster_registrations",
                _("In-service registrations to confirm"),
                "members/work_panel.html",
                figures.waiting_registrations,
                order=40,
            )
        )
