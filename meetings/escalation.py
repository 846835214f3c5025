"""The escalation loop (DESIGN §5.4): the one module that links the service desk and the joint meeting.

A request the desk cannot settle alone is put on the agenda of a planned quarterly joint meeting; the meeting
adopts a resolution for it naming the units that act; the resolution's progress reaches the request's public
timeline; when the resolution is done the request's handler is asked to complete the request, and completing it
closes the escalation. services never imports this module: it offers a request-page panel registry and the
`ServiceRequest.record_outside_step` method, and this module uses both.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.db import models, transaction
from django.db.models import Count, Q
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from portal import audit, fragments
from portal.access import get_in_community, staff_required
from portal.models import Community
from portal.notify import notify
from services.access import get_request_to_handle
from services.models import ServiceRequest

from .forms import ResolutionForm
from .models import AgendaItem, Meeting, Resolution, ResolutionUpdate, TransitionError


class EscalationError(TransitionError):
    """An escalation step that is not possible now."""


class Escalation(models.Model):
    """A service request put before a joint meeting, and the resolution adopted for it."""

    community = models.ForeignKey(Community, verbose_name=_("community"), on_delete=models.CASCADE, related_name="+")
    request = models.OneToOneField(
        ServiceRequest, verbose_name=_("service request"), on_delete=models.CASCADE, related_name="escalation"
    )
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="escalations"
    )
    agenda_item = models.OneToOneField(
        AgendaItem, verbose_name=_("agenda item"), on_delete=models.PROTECT, related_name="escalation"
    )
    resolution = models.ForeignKey(
        Resolution,
        verbose_name=_("resolution"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="escalations",
    )
    reason = models.TextField(_("reason for escalation"))
    escalated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("escalated by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("escalated at"), default=timezone.now)
    # Set when the request is completed: the loop is closed on both sides.
    closed_at = models.DateTimeField(_("loop closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("escalation to the joint meeting")
        verbose_name_plural = _("escalations to the joint meeting")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["community", "created_at"])]

    def __str__(self) -> str:
        return f"{self.request_id} → {self.meeting_id}"

    @property
    def can_move(self) -> bool:
        """No decision yet and its meeting was cancelled or closed: it may go to another meeting."""
        ended = self.meeting.status == Meeting.Status.CANCELLED or self.meeting.is_closed
        return self.resolution_id is None and self.closed_at is None and ended


# --- the steps -----------------------------------------------------------------------------------------------


def planned_joint_meetings(community_id: int):
    return Meeting.objects.filter(
        community_id=community_id,
        kind=Meeting.Kind.QUARTERLY,
        status=Meeting.Status.PLANNED,
        starts_at__gte=timezone.now(),
    ).order_by("starts_at")


def _meeting_day(meeting: Meeting) -> str:
    return timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d")


def escalate(req: ServiceRequest, by, reason: str, meeting: Meeting | None = None) -> Escalation:
    """Put a request on the agenda of the next planned quarterly joint meeting (or the chosen planned meeting)."""
    reason = (reason or "").strip()
    if not reason:
        raise EscalationError(gettext("Say why the desk cannot settle this request alone."))
    if req.status in (*ServiceRequest.ENDED, ServiceRequest.Status.SUBMITTED):
        raise EscalationError(gettext("Only an accepted request that is still open can be escalated."))
    if meeting is None:
        meeting = planned_joint_meetings(req.community_id).first()
        if meeting is None:
            raise EscalationError(gettext("No quarterly joint meeting is planned. Plan the coming meetings first."))
    if meeting.community_id != req.community_id or meeting.status != Meeting.Status.PLANNED:
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
            "day": _meeting_day(meeting),
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


# --- what happens after: signal handlers -----------------------------------------------------------------------


@receiver(post_save, sender=ResolutionUpdate, dispatch_uid="escalation_progress")
def _progress_reaches_the_request(sender, instance: ResolutionUpdate, created: bool, raw=False, **kwargs):
    """Each progress report of a resolution adopted for requests goes on their public timelines."""
    if raw or not created:
        return
    escalations = Escalation.objects.filter(resolution_id=instance.resolution_id, closed_at__isnull=True)
    for escalation in escalations.select_related("request__assignee", "request__applicant", "request__item"):
        req = escalation.request
        text = gettext("Progress of the joint meeting's resolution: %(progress)s%% (%(status)s). %(text)s") % {
            "progress": instance.progress,
            "status": instance.get_status_display(),
            "text": instance.text,
        }
        req.record_outside_step(instance.author, text)
        if instance.status in (Resolution.Status.DONE, Resolution.Status.DROPPED) and req.assignee_id:
            _prompt_handler(req, instance)


def _prompt_handler(req: ServiceRequest, update: ResolutionUpdate) -> None:
    if update.status == Resolution.Status.DONE:
        title = gettext("Resolution done: please complete request %(ref)s") % {"ref": req.reference}
    else:
        title = gettext("Resolution dropped: decide what to do with request %(ref)s") % {"ref": req.reference}
    notify(req.assignee, title, update.text, req.get_absolute_url())


@receiver(post_save, sender=Resolution, dispatch_uid="escalation_due_date")
def _due_date_follows_the_resolution(sender, instance: Resolution, created: bool, raw=False, update_fields=None, **kw):
    """A resolution whose due date is changed moves the date until which its requests are not overdue."""
    if raw or created or (update_fields is not None and "due_date" not in update_fields):
        return
    ServiceRequest.objects.filter(escalation__resolution=instance, escalation__closed_at__isnull=True).exclude(
        escalated_until=instance.due_date
    ).update(escalated_until=instance.due_date)
    fragments.touch(instance.community_id)


FINISHED = (ServiceRequest.Status.COMPLETED, ServiceRequest.Status.DELIVERED, ServiceRequest.Status.CLOSED)


@receiver(post_save, sender=ServiceRequest, dispatch_uid="escalation_closed")
def _completion_closes_the_loop(sender, instance: ServiceRequest, raw=False, update_fields=None, **kwargs):
    """Completing an escalated request closes its escalation (the meeting side sees the outcome)."""
    escalated = instance.escalated_until is not None or instance.awaiting_meeting
    if raw or not escalated or instance.status not in FINISHED:
        return
    if update_fields is not None and "status" not in update_fields:
        return
    Escalation.objects.filter(request_id=instance.pk, closed_at__isnull=True).update(closed_at=timezone.now())
    fragments.touch(instance.community_id)


# --- the request page panel, the forms and the two views ----------------------------------------------------------


class EscalateForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the desk cannot settle it alone"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text=_(
            "Written on the meeting's agenda, so describe the problem without personal data. "
            "The resident is told the meeting date."
        ),
    )
    meeting = forms.ModelChoiceField(
        label=_("Meeting"), queryset=Meeting.objects.none(), required=False, empty_label=_("The next joint meeting")
    )

    def __init__(self, *args, community_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = Meeting.objects.filter(
            community_id=community_id, status=Meeting.Status.PLANNED, starts_at__gte=timezone.now()
        ).order_by("starts_at")


def request_panel(req: ServiceRequest, user) -> dict | None:
    """Context of the escalation block on a request page (staff): escalate, or follow what the meeting did."""
    escalation = (
        Escalation.objects.filter(request=req)
        .select_related("meeting", "resolution__lead_unit", "escalated_by")
        .prefetch_related("resolution__co_units")
        .first()
    )
    can_escalate = req.status not in (*ServiceRequest.ENDED, ServiceRequest.Status.SUBMITTED)
    if escalation is None:
        if not can_escalate:
            return None
        return {"req": req, "form": EscalateForm(community_id=req.community_id, prefix="escalate")}
    data = {"req": req, "escalation": escalation, "meeting": escalation.meeting, "resolution": escalation.resolution}
    if can_escalate and escalation.can_move:
        data["form"] = EscalateForm(community_id=req.community_id, prefix="escalate")
    if escalation.resolution is None and escalation.meeting.is_open:
        data["adopt_form"] = ResolutionForm(
            community=req.community,
            prefix="adopt",
            initial={"text": escalation.agenda_item.title, "is_public": True},
        )
    return data


def _show_errors(request, form) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


@staff_required
@require_POST
def escalate_view(request, reference: str):
    req = get_request_to_handle(request.user, reference)
    form = EscalateForm(request.POST, community_id=req.community_id, prefix="escalate")
    if not form.is_valid():
        _show_errors(request, form)
        return redirect(req)
    try:
        escalation = escalate(req, request.user, form.cleaned_data["reason"], form.cleaned_data["meeting"])
    except TransitionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            gettext("Put on the agenda of the meeting on %(day)s.") % {"day": _meeting_day(escalation.meeting)},
        )
    return redirect(req)


@staff_required
@require_POST
def adopt_view(request, pk: int):
    escalation = get_in_community(Escalation.objects.select_related("meeting", "request"), request.user, pk=pk)
    form = ResolutionForm(request.POST, community=request.user.community, prefix="adopt")
    if not form.is_valid():
        _show_errors(request, form)
        return redirect(escalation.request)
    try:
        adopt_resolution(escalation, request.user, form.save(commit=False), form.cleaned_data["co_units"])
    except TransitionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, gettext("Resolution recorded; the resident can follow it."))
    return redirect(escalation.request)


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
