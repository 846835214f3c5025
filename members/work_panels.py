"""The roster's block of the staff work page."""

from django.utils.translation import gettext_lazy as _

from portal.access import for_community
from portal.dashboard import Panel

from .models import PartyMember


def waiting_registrations(user) -> dict:
    pending = for_community(PartyMember.objects.filter(status=PartyMember.Status.PENDING), user)
    return {"count": pending.count()}


PANELS = [
    Panel(
        "roster_registrations",
        _("In-service registrations to confirm"),
        "members/work_panel.html",
        waiting_registrations,
        order=40,
    ),
]
