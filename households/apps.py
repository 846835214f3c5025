from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HouseholdsConfig(AppConfig):
    name = "households"
    verbose_name = _("Door to door")

    def ready(self) -> None:
        from . import registration

        registration.register_all()
