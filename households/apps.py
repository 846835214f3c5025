from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class HouseholdsConfig(AppConfig):
    name = "households"
    verbose_name = _("Door to door")

    def ready(self) -> None:
        from . import registration
        from .counts import TRIGGERS

        registration.register_all()
        post_migrate.connect(TRIGGERS.ensure, sender=self, dispatch_uid="households.ensure_triggers")
