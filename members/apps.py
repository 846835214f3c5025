from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Big-committee roster")

    def ready(self) -> None:
        from portal.access import Role, register_role_check
        from portal.seeding import register_seeder

        from . import roles, seed

        register_role_check(Role.PARTY_MEMBER, roles.is_party_member)
        register_role_check(Role.COMMITTEE, roles.is_committee_member)
        register_seeder(20, "roster", seed.seed_roster)
