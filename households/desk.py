"""Where a household meets the service desk: a request filed from a household (or from a visit's concern).

The request goes to the household's grid worker by default and is linked to the household, so the desk
can see where it came from and the household page lists it; from the desk it can go to the joint meeting
like any other request.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import prefetch_related_objects
from django.utils.translation import gettext as _

from portal import audit
from services.models import ServiceRequest

from .models import Household, HouseholdRequest, Member, Visit


def _contact(household: Household) -> Member | None:
    members = list(household.members.all())
    heads = [m for m in members if m.relation == Member.Relation.HEAD and m.phone]
    return (heads or [m for m in members if m.phone] or members or [None])[0]


@transaction.atomic
def file_for_household(household: Household, *, by, kind: str, description: str, visit: Visit | None = None):
    """File a desk request for the household, handled by its grid worker; returns the request."""
    contact = _contact(household)
    grid = household.building.grid
    req, _created = ServiceRequest.file(
        community=household.community,
        submitted_by=by,
        form_token=None,
        kind=kind,
        channel=ServiceRequest.Channel.VISIT,
        applicant=contact.user if contact and contact.user_id else None,
        applicant_name=(contact.name if contact else household.name)[:50],
        applicant_phone=contact.phone if contact else "",
        address=household.door_label[:200],
        description=description,
    )
    if grid is not None and grid.worker_id:
        req.assign(by, grid.worker)  # the grid worker is told, and the timeline says who handles it
    HouseholdRequest.objects.create(community=household.community, household=household, request=req, visit=visit)
    audit.record_action(household, "desk request filed", {"request": [None, req.reference]})
    return req


@transaction.atomic
def concern_to_request(visit: Visit, by):
    """The concern a visitor wrote down becomes a request (once: a second click returns the first)."""
    Visit.objects.select_for_update().filter(pk=visit.pk).first()  # two clicks at once: the second waits here
    link = HouseholdRequest.objects.filter(visit=visit).select_related("request").first()
    if link is not None:
        return link.request, False
    text = _("Concern raised at a door-to-door visit (%(campaign)s): %(text)s") % {
        "campaign": visit.campaign.title if visit.campaign_id else _("care visit"),
        "text": visit.concerns,
    }
    return file_for_household(
        visit.household, by=by, kind=ServiceRequest.Kind.APPEAL, description=text, visit=visit
    ), True


def request_panel(req, user) -> dict | None:
    """On the desk's request page: the household the request came from (staff only)."""
    # Read plain (most requests came from no household), the household and building only for one that did.
    link = HouseholdRequest.objects.filter(request=req).first()
    if link is None:
        return None
    prefetch_related_objects([link], "household__building")
    return {"link": link}
