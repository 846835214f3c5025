from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DevtoolsConfig(AppConfig):
    """Demo data, benchmark and fault drill: loaded only with DEBUG on or DEVTOOLS=1 (see portal/settings.py)."""

    name = "devtools"
    verbose_name = _("Development tools")
