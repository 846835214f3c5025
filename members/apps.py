from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Big-committee roster")

    def ready(self) -> None:
        from portal import dashboard, nav, personal_data
        from portal.access import Role, register_role_check
        from portal.sitemaps import register_pages

        from . import nav as entries
        from . import open_figures, roles, work_panels

        register_role_check(Role.PARTY_MEMBER, roles.is_party_member, roles.party_member_expression)
        register_role_check(Role.COMMITTEE, roles.is_committee_member, roles.committee_member_expression)
        nav.register(*entries.NAV)
        dashboard.register_section(*open_figures.SECTIONS)
        dashboard.register_panel(*work_panels.PANELS)
        register_pages("members:committee")
        personal_data.register(personal_data.Provider("party_member", _export_member, _forget_member))


def _export_member(user) -> dict | None:
    from .models import PartyMember

    member = PartyMember.objects.filter(user=user).select_related("home_unit").first()
    if member is None:
        return None
    return {
        "name": member.name,
        "phone": member.phone,
        "kind": str(member.get_kind_display()),
        "status": str(member.get_status_display()),
        "home_unit": str(member.home_unit) if member.home_unit_id else None,
        "party_org": member.party_org,
        "skills": member.skills,
        "availability": member.availability,
        "hours": [
            {"activity": p.activity.title, "date": p.activity.date.isoformat(), "hours": str(p.hours)}
            for p in member.participations.select_related("activity").order_by("activity__date")
        ],
    }


def _forget_member(user) -> None:
    """The roster entry is the party organisation's record: it stays, without the login."""
    from .models import PartyMember

    PartyMember.objects.filter(user=user).update(user=None)
