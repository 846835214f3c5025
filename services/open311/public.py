"""What the public may know about a request: the one place that decides it.

Less than GeoReport allows. Only requests whose service item staff marked public are listed; the description is
the summary staff wrote for the public (never the applicant's words); the address stops at the building; the
status is open or closed; the notes come from public timeline steps only; a picture only if staff chose it.
No name, phone or door number leaves here.
"""

from __future__ import annotations

import re
from datetime import datetime, time

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from ..models import Attachment, RequestEvent, ServiceRequest

# The work is done (or refused) once completed: delivery and closing are the desk's own bookkeeping.
CLOSED_STATUSES = (
    ServiceRequest.Status.COMPLETED,
    ServiceRequest.Status.DELIVERED,
    ServiceRequest.Status.CLOSED,
    ServiceRequest.Status.REJECTED,
)
OPEN_STATUSES = tuple(s for s in ServiceRequest.Status.values if s not in CLOSED_STATUSES)
STATUS_GROUPS = {"open": OPEN_STATUSES, "closed": CLOSED_STATUSES}

# The part of an address up to the building: 3栋, 3幢, 3号楼, 3座 (Chinese) or "Building 3".
_BUILDING = re.compile(r"^.*?(?:\d+|[一二三四五六七八九十]+)\s*(?:栋|幢|号楼|座)|^.*?building\s*\d+", re.IGNORECASE)
# Without a building, the street number (…路12号) is as far as we go: anything after it may be a door.
_STREET_NUMBER = re.compile(r"^.*?\d+\s*号(?!楼)")
_LONG_NUMBER = re.compile(r"\d{7,}")
COORDINATE_PLACES = 4  # about 10 m: the building, not the window


def public_requests(community) -> QuerySet:
    """The requests of a community the API may show, with what their answer needs, in one query."""
    latest = RequestEvent.objects.filter(request=OuterRef("pk")).order_by("-created_at", "-id")
    return (
        ServiceRequest.objects.filter(community=community, item__public=True)
        .select_related("item", "community", "api_submission")
        .annotate(
            updated_at=Subquery(latest.values("created_at")[:1]),
            public_note=Subquery(public_steps(latest).values("text")[:1]),
            public_picture=Subquery(
                Attachment.objects.filter(request=OuterRef("pk"), shown_publicly=True).order_by("pk").values("pk")[:1]
            ),
        )
    )


def public_steps(events: QuerySet) -> QuerySet:
    """Timeline status steps whose audience is the public."""
    return events.filter(audience=RequestEvent.Audience.PUBLIC, kind=RequestEvent.Kind.STATUS)


def public_status(status: str) -> str:
    return "closed" if status in CLOSED_STATUSES else "open"


def status_notes(req: ServiceRequest) -> str:
    """The latest public step's text (annotated as `public_note`), without what would name the applicant.

    Such a note is written for the applicant, so it may greet them or repeat their address: their name, their
    address past the building and any long number (a phone, an ID) are blanked.
    """
    text = (getattr(req, "public_note", None) or "").strip()
    building = building_address(req.address)
    rest = req.address[len(building) :].strip() if req.address.startswith(building) else req.address
    for personal in (req.address if building != req.address else "", rest, req.applicant_name):
        if len(personal) >= 2:
            text = text.replace(personal, "…")
    return _LONG_NUMBER.sub("…", text)[:500]


def building_address(address: str) -> str:
    """The address cut at the building (no entrance, floor or door); empty when no building can be told."""
    address = (address or "").strip()
    for pattern in (_BUILDING, _STREET_NUMBER):
        match = pattern.match(address)
        if match:
            return match.group(0).strip()
    return ""


def coordinate(value) -> float | None:
    return None if value is None else round(float(value), COORDINATE_PLACES)


def expected_at(req: ServiceRequest) -> datetime | None:
    """The end of the due day, when the desk promised one."""
    if req.due_date is None or req.status in CLOSED_STATUSES:
        return None
    return timezone.make_aware(datetime.combine(req.due_date, time(23, 59, 59)))
