"""The escalation loop (DESIGN §5.4): the steps that link the service desk and the joint meeting.

A request the desk cannot settle alone is put on the agenda of a planned quarterly joint meeting (`escalate`);
the meeting adopts a resolution for it naming the units that act (`adopt_resolution`). What follows is called
where it happens: `Resolution.post_progress` puts each progress report on the request's timeline
(`Escalation.tell_progress`), `Resolution.revise` moves the request's grace with a new due date, and finishing
the request closes the escalation (`Escalation.close_loop`, in the desk's list of finishing steps). The model is
in meetings/models.py, the form in meetings/forms.py, the request-page panel and views in meetings/views.py.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext

from portal import audit
from services.models import ServiceRequest

from .models import AgendaItem, Escalation, EscalationError, Meeting, Resolution

__all__ = ["Escalation", "EscalationError", "adopt_resolution", "escalate", "open_figures", "planned_joint_meetings"]


def can_escalate(req: ServiceRequest) -> bool:
    """An accepted request that is still open can go before the joint meeting."""
    return not req.is_ended and req.status not in ServiceRequest.MOVES["accept"]


def planned_joint_meetings(community_id: int):
    return Meeting.objects.filter(
        community_id=community_id,
        kind=Meeting.Kind.QUARTERLY,
        status=Meeting.Status.PLANNED,
        starts_at__gte=timezone.now(),
    ).order_by("starts_at")


def meeting_day(meeting: Meeting) -> str:
    return timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d")


def escalate(req: ServiceRequest, by, reason: str, meeting: Meeting | None = None) -> Escalation:
    """Put a request on the agenda of the next planned quarterly joint meeting (or the chosen planned meeting)."""
    reason = (reason or "").strip()
    if not reason:
        raise EscalationError(gettext("Say why the desk cannot settle this request alone."))
    if not can_escalate(req):
        raise EscalationError(gettext("Only an accepted request that is still open can be escalated."))
    if meeting is None:
        meeting = planned_joint_meetings(req.community_id).first()
        if meeting is None:
            raise EscalationError(gettext("No quarterly joint meeting is planned. Plan the coming meetings first."))
    if meeting.community_id != req.community_id or not meeting.is_planned:
        raise EscalationError(gettext("Choose a planned meeting of this community."))
    with transaction.atomic():
        locked = ServiceRequest.objects.select_for_update().get(pk=req.pk)
        earlier = Escalation.objects.filter(request=locked).select_related("meeting", "agenda_item").first()
        if earlier is not None and not earlier.can_move:
            raise EscalationError(gettext("This request has already been escalated."))
        item = meeting.add_agenda_item(
            AgendaItem(
                title=gettext("Residents' request %(ref)s: %(title)s") % {"ref": req.reference, "title": req.title},
                details=reason,
                source_kind=AgendaItem.SourceKind.REQUEST,
            )
        )
        if earlier is not None:
            # The first meeting was cancelled or ended without a decision: the request moves to this one.
            old_item = earlier.agenda_item
            earlier.meeting, earlier.agenda_item, earlier.reason, earlier.escalated_by = meeting, item, reason, by
            earlier.save(update_fields=["meeting", "agenda_item", "reason", "escalated_by"])
            if not old_item.meeting.is_closed:
                old_item.delete()
            escalation = earlier
        else:
            escalation = Escalation.objects.create(
                community_id=req.community_id,
                request=locked,
                meeting=meeting,
                agenda_item=item,
                reason=reason,
                escalated_by=by,
            )
        text = gettext("Referred to the %(meeting)s on %(day)s: the member units will settle it together there.") % {
            "meeting": meeting.get_kind_display(),
            "day": meeting_day(meeting),
        }
        # No due date yet: the overdue clock keeps running until the meeting adopts a resolution.
        req.record_outside_step(by, text, awaiting_meeting=True)
        audit.record_action(escalation, "escalated")
    return escalation


def _units_text(resolution: Resolution) -> str:
    co = "、".join(unit.name for unit in resolution.co_units.all())
    text = gettext("Lead unit: %(lead)s.") % {"lead": resolution.lead_unit.name}
    if co:
        text += " " + gettext("Together with: %(units)s.") % {"units": co}
    return text


def adopt_resolution(escalation: Escalation, by, resolution: Resolution, co_units=()) -> Resolution:
    """The joint meeting, while being held, decides on the escalated request: who acts, by when."""
    if escalation.resolution_id is not None:
        raise EscalationError(gettext("A resolution has already been adopted for this request."))
    meeting = escalation.meeting
    with transaction.atomic():
        meeting.add_resolution(resolution, co_units=co_units)
        escalation.resolution = resolution
        escalation.save(update_fields=["resolution"])
        text = gettext("The joint meeting decided: %(text)s. %(units)s Due %(due)s.") % {
            "text": resolution.text.rstrip("。.；; "),
            "units": _units_text(resolution),
            "due": resolution.due_date.isoformat(),
        }
        escalation.request.record_outside_step(by, text, escalated_until=resolution.due_date, awaiting_meeting=False)
        audit.record_action(escalation, "resolution adopted", {"resolution_id": [None, resolution.pk]})
    return resolution


# --- figures for /open/ and the work page ------------------------------------------------------------------------


def open_figures(community, year: int) -> dict:
    """Escalated requests of the year and where they stand, in one aggregate query (numbers only: cached)."""
    today = timezone.localdate()
    running = Q(closed_at__isnull=True)
    open_res = Q(resolution__status__in=Resolution.OPEN_STATES)
    return Escalation.objects.filter(community=community, created_at__year=year).aggregate(
        total=Count("id"),
        closed=Count("id", filter=~running),
        done=Count("id", filter=running & Q(resolution__status=Resolution.Status.DONE)),
        in_progress=Count("id", filter=running & open_res & Q(resolution__due_date__gte=today)),
        overdue=Count("id", filter=running & open_res & Q(resolution__due_date__lt=today)),
        awaiting=Count("id", filter=running & Q(resolution__isnull=True)),
        dropped=Count("id", filter=running & Q(resolution__status=Resolution.Status.DROPPED)),
    )
