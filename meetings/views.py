"""Meeting pages. Views stay thin: fetch through meetings.access, call one model method, redirect."""

from __future__ import annotations

from datetime import timedelta
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal import audit
from portal.access import (
    Role,
    admin_required,
    for_community,
    get_in_community,
    has_role,
    is_staff_member,
    public_community,
    staff_required,
)
from portal.forms import show_form_errors
from portal.pagecache import public_page
from portal.params import year_param
from portal.uploads import attachment_response
from portal.versioning import EditConflict, save_checked, saved_fields
from services.access import get_request_to_handle
from services.models import ServiceRequest

from . import access, exports, planning
from . import escalation as escalation_steps
from .forms import AgendaItemForm, EscalateForm, MeetingForm, MinutesForm, PhotoForm, ProgressForm, ResolutionForm
from .models import (
    AgendaItem,
    Attendance,
    CalendarFeed,
    Escalation,
    Meeting,
    MeetingPhoto,
    Resolution,
    ResolutionUpdate,
    TransitionError,
)

PAGE_SIZE = 20


def _committee_or_staff(view):
    """Log in first; then committee members and staff only (403 for others)."""

    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        if not access.takes_part(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _next(request, fallback: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback


def _do(request, action, success: str) -> bool:
    try:
        action()
    except TransitionError as exc:
        messages.error(request, str(exc))
        return False
    messages.success(request, success)
    return True


def _updates_prefetch():
    return Prefetch(
        "updates",
        queryset=ResolutionUpdate.objects.select_related("author").order_by("created_at", "id"),
    )


def _resolutions_qs():
    return Resolution.objects.select_related("lead_unit", "meeting").prefetch_related("co_units", _updates_prefetch())


def _public_resolutions_qs():
    """The public list's resolutions: only the columns its cards show (no minutes, no report authors)."""
    updates = ResolutionUpdate.objects.only("resolution_id", "text", "progress", "status", "created_at")
    return (
        Resolution.objects.select_related("lead_unit", "meeting")
        .prefetch_related(
            # Into plain lists (to_attr): reading them then makes no related manager per card.
            Prefetch("co_units", to_attr="co_unit_list"),
            Prefetch("updates", queryset=updates.order_by("created_at", "id"), to_attr="update_list"),
        )
        .defer("meeting__minutes", "meeting__internal_notes")
    )


STATUS_BADGE = {
    Resolution.Status.DONE: "text-bg-success",
    Resolution.Status.DROPPED: "text-bg-secondary",
    Resolution.Status.IN_PROGRESS: "text-bg-primary",
}


def _public_cards(resolutions) -> list[dict]:
    """What each card of the public list shows, worked out once here rather than by filters and includes
    per row (the page showed twenty of them, each with a status, a progress bar and a timeline)."""
    today = timezone.localdate()
    meetings = {}  # the link and name of each meeting, once however many of its resolutions the page shows
    cards = []
    for r in resolutions:
        meeting = r.meeting
        if meeting.pk not in meetings:
            meetings[meeting.pk] = (reverse("meetings:detail", args=[meeting.pk]), str(meeting))
        url, name = meetings[meeting.pk]
        timeline = []
        for u in r.update_list:
            at = timezone.localtime(u.created_at)
            timeline.append(
                {
                    "iso": at.strftime("%Y-%m-%dT%H:%M:%S%z"),
                    "day": at.strftime("%Y-%m-%d"),
                    "progress": u.progress,
                    "status": u.get_status_display(),
                    "text": u.text,
                }
            )
        cards.append(
            {
                "pk": r.pk,
                "text": r.text,
                "badge": STATUS_BADGE.get(r.status, "text-bg-light border"),
                "status": r.get_status_display(),
                "overdue": r.status in Resolution.OPEN_STATES and r.due_date < today,
                "adopted": meeting.has_quorum,
                "meeting_url": url,
                "meeting": name,
                "lead_unit": str(r.lead_unit),
                "co_units": "、".join(str(unit) for unit in r.co_unit_list),
                "due": r.due_date.strftime("%Y-%m-%d"),
                "progress": r.progress,
                "done": r.status == Resolution.Status.DONE,
                "timeline": timeline,
            }
        )
    return cards


# --- list, plan, create ------------------------------------------------------------


@_committee_or_staff
@require_GET
def meeting_list(request):
    meetings = access.meetings_for(request.user).with_counts().order_by("-starts_at", "-id")
    page = Paginator(meetings, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "can_manage": is_staff_member(request.user), "year": timezone.localdate().year}
    if context["can_manage"]:
        community = request.user.community
        context["gaps"] = planning.cadence_gaps(community)
        context["unclosed"] = for_community(Meeting.objects, request.user).filter(
            status=Meeting.Status.HELD, closed_at__isnull=True
        )
        context["drafts"] = for_community(Meeting.objects, request.user).filter(
            closed_at__isnull=False, minutes_status=Meeting.MinutesStatus.APPROVED
        )
        context["overdue"] = for_community(Resolution.objects, request.user).overdue().count()
    return render(request, "meetings/meeting_list.html", context)


@staff_required
@require_POST
def plan(request):
    created = planning.plan_coming(request.user.community)
    if created:
        messages.success(
            request,
            _("Planned %(n)s meetings: %(list)s.") % {"n": len(created), "list": ", ".join(map(str, created))},
        )
    else:
        messages.info(request, _("The coming meetings are already planned."))
    return redirect("meetings:list")


@staff_required
@require_http_methods(["GET", "POST"])
def meeting_create(request):
    form = MeetingForm(request.POST or None, community=request.user.community)
    if form.is_valid():
        meeting = form.save()
        meeting.carry_over_open_resolutions()
        messages.success(request, _("The meeting has been planned."))
        return redirect("meetings:detail", meeting.pk)
    return render(request, "meetings/meeting_form.html", {"form": form})


@staff_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request, pk: int):
    meeting = access.get_meeting_for_staff(request.user, pk)
    if meeting.is_closed:
        messages.error(request, _("A closed meeting cannot be edited."))
        return redirect("meetings:detail", pk)
    form = MeetingForm(request.POST or None, instance=meeting, community=request.user.community)
    if form.is_valid() and save_checked(form) is not None:
        messages.success(request, _("The meeting has been saved."))
        return redirect("meetings:detail", pk)
    context = {"form": form, "meeting": meeting}
    return render(request, "meetings/meeting_form.html", context, status=409 if form.saved_version else 200)


# --- one meeting -------------------------------------------------------------------------


def _meeting_context(meeting: Meeting, user, full: bool) -> dict:
    lookups = [Prefetch("source_resolution__updates", queryset=ResolutionUpdate.objects.order_by("created_at", "id"))]
    if not meeting.is_closed:
        # Co-units decide who may post progress (access.can_post_progress), asked only before the meeting closes.
        lookups.append("source_resolution__co_units")
    agenda = list(
        meeting.agenda_items.select_related(
            "proposing_unit", "source_resolution__lead_unit", "source_resolution__meeting"
        ).prefetch_related(*lookups)
    )
    # The escalated request is shown only on items that came from one (meetings/_agenda.html): read for those
    # alone, rather than joining the escalation and the whole request to every item of every meeting.
    escalated = [item for item in agenda if item.source_kind == AgendaItem.SourceKind.REQUEST]
    prefetch_related_objects(escalated, "escalation__request")
    resolutions = list(meeting.resolutions.select_related("lead_unit").prefetch_related("co_units").order_by("number"))
    if not full:
        resolutions = [r for r in resolutions if r.is_public]
    attendance = list(meeting.attendance.select_related("seat__unit"))
    staff = full and is_staff_member(user)
    for item in agenda:
        res = item.source_resolution
        if res is not None:
            # A closed meeting's record shows the progress as the meeting heard it.
            updates = [u for u in res.updates.all() if not meeting.closed_at or u.created_at <= meeting.closed_at]
            item.latest_update = updates[-1] if updates else None
            item.can_post = not meeting.is_closed and res.is_open and access.can_post_progress(user, res)
    return {
        "meeting": meeting,
        "full": full,
        "staff": staff,
        "agenda_all": agenda,
        "matters": [i for i in agenda if i.is_matter_arising],
        "agenda": [i for i in agenda if not i.is_matter_arising],
        "resolutions": resolutions,
        "attendance": attendance,
        # The attendance table's cells, read once here rather than through each row's seat in the template.
        "attendance_rows": [
            {
                "holder": a.seat.holder_name,
                "status": a.get_status_display(),
                "delegate": a.delegate,
                "unit": a.seat.unit,
                "note": a.note,
            }
            for a in attendance
        ],
        "photos": list(meeting.photos.all()),
        "show_minutes": meeting.minutes_public
        or (meeting.is_held and staff)
        or (full and meeting.minutes_shown_to_members),
    }


def _record_parts(meeting: Meeting, user, full: bool) -> dict:
    """What the record shows besides the meeting itself: its agenda, resolutions, attendance and forms."""
    parts = _meeting_context(meeting, user, full)
    parts["progress_form"] = ProgressForm(can_drop=is_staff_member(user))
    parts["photo_form"] = PhotoForm()
    parts["agenda_form"] = None
    if full and is_staff_member(user) and meeting.status == Meeting.Status.PLANNED:
        parts["agenda_form"] = AgendaItemForm(community=meeting.community, prefix="agenda")
    parts["is_admin_user"] = full and user.is_authenticated and _is_admin(user)
    return parts


@require_GET
def meeting_detail(request, pk: int):
    try:
        meeting, full = access.get_meeting_for_user(request.user, pk, related=())
    except access.NotLoggedIn:
        return redirect_to_login(request.get_full_path())
    context = {
        "meeting": meeting,
        "full": full,
        **_record_parts(meeting, request.user, full),
    }
    return render(request, "meetings/meeting_detail.html", context)


def _is_admin(user) -> bool:
    return has_role(user, Role.ADMIN)


@staff_required
@require_GET
def meeting_log(request, pk: int):
    """The one screen used during the meeting: attendance, quorum, agenda, resolutions, close."""
    meeting = access.get_meeting_for_staff(request.user, pk)
    if meeting.status != Meeting.Status.HELD:
        messages.error(request, _("Open the meeting first."))
        return redirect("meetings:detail", pk)
    context = _meeting_context(meeting, request.user, True)
    community = request.user.community
    context["agenda_form"] = AgendaItemForm(community=community, prefix="agenda")
    context["resolution_form"] = ResolutionForm(community=community, prefix="resolution")
    return render(request, "meetings/meeting_log.html", context)


def _transition(request, pk: int, method: str, success: str, target: str = "meetings:detail"):
    meeting = access.get_meeting_for_staff(request.user, pk)
    _do(request, lambda: getattr(meeting, method)(by=request.user), success)
    return redirect(target, pk)


@staff_required
@require_POST
def meeting_open(request, pk: int):
    meeting = access.get_meeting_for_staff(request.user, pk)
    if _do(request, lambda: meeting.open(by=request.user), _("The meeting is open: record the attendance.")):
        return redirect("meetings:log", pk)
    return redirect("meetings:detail", pk)


@staff_required
@require_POST
def meeting_cancel(request, pk: int):
    return _transition(request, pk, "cancel", _("The meeting has been cancelled."))


@staff_required
@require_POST
def meeting_close(request, pk: int):
    meeting = access.get_meeting_for_staff(request.user, pk)
    if _do(request, lambda: meeting.close(by=request.user), _("The meeting has been closed.")):
        if not meeting.has_quorum:
            messages.warning(request, _("The meeting was below quorum: its resolutions are not validly adopted."))
        return redirect("meetings:detail", pk)
    return redirect("meetings:log", pk)


@staff_required
@require_POST
def attendance_mark(request, pk: int, att: int):
    meeting = access.get_meeting_for_staff(request.user, pk)
    row = get_object_or_404(Attendance.objects.select_related("seat__unit"), pk=att, meeting=meeting)
    error = ""
    try:
        row.mark(request.POST.get("status", ""), request.POST.get("delegate", ""), request.POST.get("note"))
    except TransitionError as exc:
        error = str(exc)
        row.refresh_from_db()
    if request.headers.get("HX-Request"):
        meeting.refresh_from_db()
        context = {"row": row, "meeting": meeting, "error": error, "oob": True}
        return render(request, "meetings/_attendance_row.html", context)
    if error:
        messages.error(request, error)
    return redirect(reverse("meetings:log", args=[pk]) + f"#seat-{row.pk}")


@staff_required
@require_POST
def agenda_add(request, pk: int):
    meeting = access.get_meeting_for_staff(request.user, pk)
    form = AgendaItemForm(request.POST, community=request.user.community, prefix="agenda")
    if form.is_valid():
        _do(request, lambda: meeting.add_agenda_item(form.save(commit=False)), _("The agenda item has been added."))
    else:
        show_form_errors(request, form, _("The agenda item was not added: %(e)s"))
    return redirect(_next(request, reverse("meetings:detail", args=[pk])))


@staff_required
@require_POST
def resolution_add(request, pk: int):
    meeting = access.get_meeting_for_staff(request.user, pk)
    form = ResolutionForm(request.POST, community=request.user.community, prefix="resolution")
    if form.is_valid():
        _do(
            request,
            lambda: meeting.add_resolution(form.save(commit=False), form.cleaned_data["co_units"]),
            _("The resolution has been recorded."),
        )
        return redirect(reverse("meetings:log", args=[pk]) + "#resolutions")
    context = _meeting_context(meeting, request.user, True)
    context.update(
        agenda_form=AgendaItemForm(community=request.user.community, prefix="agenda"),
        resolution_form=form,
    )
    return render(request, "meetings/meeting_log.html", context, status=400)


# --- minutes and photos ---------------------------------------------------------------


@staff_required
@require_http_methods(["GET", "POST"])
def minutes_edit(request, pk: int):
    meeting = access.get_meeting_for_staff(request.user, pk)
    if not meeting.minutes_editable:
        messages.error(request, _("Only draft minutes can be edited."))
        return redirect("meetings:detail", pk)
    form = MinutesForm(request.POST or None, instance=meeting)
    try:
        if form.is_valid() and save_checked(form, by=request.user) is not None:
            messages.success(request, _("The draft minutes have been saved."))
            return redirect("meetings:detail", pk)
    except TransitionError as exc:
        messages.error(request, str(exc))
        return redirect("meetings:detail", pk)
    context = {"form": form, "meeting": meeting}
    return render(request, "meetings/minutes_form.html", context, status=409 if form.saved_version else 200)


@admin_required
@require_POST
def minutes_approve(request, pk: int):
    return _transition(request, pk, "approve_minutes", _("The minutes have been approved."))


@admin_required
@require_POST
def minutes_publish(request, pk: int):
    return _transition(request, pk, "publish_minutes", _("The minutes are published."))


@admin_required
@require_POST
def minutes_return(request, pk: int):
    return _transition(request, pk, "return_minutes", _("The minutes are back in draft."))


@staff_required
@require_POST
def photo_upload(request, pk: int):
    meeting = access.get_meeting_for_staff(request.user, pk)
    form = PhotoForm(request.POST, request.FILES)
    if not form.is_valid():
        show_form_errors(request, form, _("The picture was not accepted: %(e)s"))
        return redirect("meetings:detail", pk)
    sheet, photo = form.cleaned_data["sign_in_sheet"], form.cleaned_data["photo"]
    if sheet:
        sheet.store(meeting.sign_in_sheet, meeting.sign_in_sheet_thumb)
        meeting.save(update_fields=["sign_in_sheet", "sign_in_sheet_thumb"])
    if photo:
        row = MeetingPhoto(community=meeting.community, meeting=meeting, caption=form.cleaned_data["caption"])
        photo.store(row.image, row.thumbnail)
        row.save()
    messages.success(request, _("The picture has been saved."))
    return redirect("meetings:detail", pk)


def _picture(fieldfile, name: str):
    ext = fieldfile.name.rsplit(".", 1)[-1].lower()
    return attachment_response(fieldfile, f"{name}.{ext}", inline=True)


@require_GET
def meeting_photo(request, pk: int, photo: int, size: str):
    """A meeting photo, to whoever may open the meeting's page (its public form included)."""
    try:
        meeting, _full = access.get_meeting_for_user(request.user, pk, related=())
    except access.NotLoggedIn:
        return redirect_to_login(request.get_full_path())
    row = get_object_or_404(MeetingPhoto, pk=photo, meeting=meeting)
    if size not in ("thumb", "full"):
        raise Http404
    return _picture(row.thumbnail if size == "thumb" else row.image, f"meeting-{pk}-photo-{row.pk}-{size}")


@require_GET
def sign_in_sheet(request, pk: int, size: str):
    """The signed attendance sheet: people's names and signatures, so only the full record's readers."""
    try:
        meeting, full = access.get_meeting_for_user(request.user, pk, related=())
    except access.NotLoggedIn:
        return redirect_to_login(request.get_full_path())
    if not full:
        raise PermissionDenied
    field = meeting.sign_in_sheet_thumb if size == "thumb" else meeting.sign_in_sheet
    if size not in ("thumb", "full") or not field:
        raise Http404
    return _picture(field, f"meeting-{pk}-sign-in-sheet-{size}")


# --- print and export -------------------------------------------------------------------


@_committee_or_staff
@require_GET
def meeting_print(request, pk: int):
    meeting = get_in_community(Meeting.objects, request.user, pk=pk)
    return render(request, "meetings/print_minutes.html", _meeting_context(meeting, request.user, True))


@staff_required
@require_GET
def ledger(request):
    year = year_param(request, strict=True)
    meetings = (
        for_community(Meeting.objects, request.user)
        .filter(starts_at__year=year)
        .exclude(status=Meeting.Status.PLANNED)
        .select_related("community")
        .order_by("starts_at")
        .prefetch_related(
            Prefetch("attendance", queryset=Attendance.objects.select_related("seat__unit")),
            Prefetch(
                "agenda_items",
                queryset=AgendaItem.objects.select_related("proposing_unit", "source_resolution__lead_unit"),
            ),
            Prefetch(
                "resolutions", queryset=Resolution.objects.select_related("lead_unit").prefetch_related("co_units")
            ),
        )
    )
    return render(request, "meetings/ledger.html", {"year": year, "meetings": meetings})


@staff_required
@require_GET
def attendance_export(request, year: int):
    if not 2000 <= year <= 2100:
        raise Http404  # a number that names no year the portal keeps
    data = exports.attendance_workbook(request.user.community, year)
    audit.record_action(request.user.community, "attendance exported", {"year": [None, year]})
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="attendance-{year}.xlsx"'
    return response


# --- resolutions ---------------------------------------------------------------------------


@public_page
@require_GET
def resolution_public_list(request):
    community = public_community(request)
    resolutions = Resolution.objects.none()
    if community is not None:
        resolutions = _public_resolutions_qs().published().filter(community=community)
        status = request.GET.get("status")
        if status in Resolution.Status.values:
            resolutions = resolutions.filter(status=status)
    page = Paginator(resolutions, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "meetings/resolution_public_list.html",
        {
            "page": page,
            "cards": _public_cards(page),
            "statuses": Resolution.Status.choices,
            "status": request.GET.get("status", ""),
            "status_query": f"status={request.GET['status']}"
            if request.GET.get("status") in Resolution.Status.values
            else "",
        },
    )


@_committee_or_staff
@require_GET
def resolution_follow(request):
    resolutions = _resolutions_qs().filter(pk__in=access.resolutions_followed_by(request.user).values("pk"))
    if request.GET.get("show") != "all":
        resolutions = resolutions.filter(status__in=Resolution.OPEN_STATES)
    resolutions = resolutions.order_by("due_date", "id")
    page = Paginator(resolutions, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "meetings/resolution_follow.html",
        {
            "page": page,
            "show_all": request.GET.get("show") == "all",
            "progress_form": ProgressForm(can_drop=is_staff_member(request.user)),
            "today": timezone.localdate(),
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def resolution_edit(request, pk: int):
    """Correct an open resolution's wording, units, owner or due date; a second editor is told, not overwritten."""
    resolution = get_in_community(Resolution.objects.select_related("meeting", "lead_unit"), request.user, pk=pk)
    back = reverse("meetings:detail", args=[resolution.meeting_id]) + "#resolutions-heading"
    if not resolution.is_open:
        messages.error(request, _("Only an open resolution can be changed."))
        return redirect(back)
    form = ResolutionForm(request.POST or None, instance=resolution, community=request.user.community)
    context = {"form": form, "resolution": resolution, "back": back}
    if form.is_valid():
        try:
            form.save_revision(request.user)
        except TransitionError as exc:
            messages.error(request, str(exc))
            return redirect(back)
        except EditConflict as conflict:
            form.show_conflict(conflict)
            saved = Resolution.objects.get(pk=pk)
            context["saved_fields"] = saved_fields(saved, ["text", "owner", "due_date"])
            return render(request, "meetings/resolution_form.html", context, status=409)
        messages.success(request, _("The resolution has been saved."))
        return redirect(back)
    return render(request, "meetings/resolution_form.html", context)


@login_required
@require_POST
def resolution_progress(request, pk: int):
    resolution = access.get_resolution_for_progress(request.user, pk)
    staff = is_staff_member(request.user)
    form = ProgressForm(request.POST, can_drop=staff)
    fallback = reverse("meetings:follow")
    if not form.is_valid():
        show_form_errors(request, form, _("The progress was not saved: %(e)s"))
        return redirect(_next(request, fallback))
    data = form.cleaned_data
    _do(
        request,
        lambda: resolution.post_progress(request.user, data["text"], data["progress"], data["status"]),
        _("The progress has been saved."),
    )
    return redirect(_next(request, fallback))


# --- calendar ---------------------------------------------------------------------------------


@_committee_or_staff
@require_GET
def calendar_page(request):
    feed = CalendarFeed.objects.filter(user=request.user).first()
    url = request.build_absolute_uri(reverse("meetings:feed", args=[feed.calendar_token])) if feed else ""
    return render(request, "meetings/calendar.html", {"feed": feed, "feed_url": url})


@_committee_or_staff
@require_POST
def calendar_regenerate(request):
    CalendarFeed.regenerate(request.user)
    messages.success(request, _("A new calendar link has been made; the old one no longer works."))
    return redirect("meetings:calendar")


@_committee_or_staff
@require_POST
def calendar_revoke(request):
    CalendarFeed.revoke(request.user)
    messages.success(request, _("Your calendar link has been switched off."))
    return redirect("meetings:calendar")


@require_GET
def calendar_feed(request, token: str):
    feed = CalendarFeed.objects.select_related("user").filter(calendar_token=token).first()
    if feed is None or not feed.user.is_active or not access.takes_part(feed.user):
        raise Http404
    meetings = (
        for_community(Meeting.objects, feed.user)
        .filter(starts_at__gte=timezone.now() - timedelta(days=180))
        .order_by("starts_at")
    )
    data = exports.calendar_bytes(
        meetings,
        lambda m: request.build_absolute_uri(reverse("meetings:detail", args=[m.pk])),
        host=request.get_host().split(":")[0],
    )
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    # The feed names a committee member's meetings: no cache may keep it.
    response["Cache-Control"] = "private, no-store"
    return response


# --- the escalation loop: the request-page panel and its two steps -------------------------------------------------


def escalation_panel(req: ServiceRequest, user) -> dict | None:
    """Context of the escalation block on a request page (staff): escalate, or follow what the meeting did."""
    # Most requests were never escalated: the plain look-up plans in a fraction of the time of one joining four
    # tables, and the meeting, resolution and who escalated are read only for a request that was.
    escalation = Escalation.objects.filter(request=req).first()
    if escalation is not None:
        prefetch_related_objects(
            [escalation], "meeting", "resolution__lead_unit", "resolution__co_units", "escalated_by"
        )
    can_escalate = escalation_steps.can_escalate(req)
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


@staff_required
@require_POST
def escalate_view(request, reference: str):
    req = get_request_to_handle(request.user, reference)
    form = EscalateForm(request.POST, community_id=req.community_id, prefix="escalate")
    if not form.is_valid():
        show_form_errors(request, form)
        return redirect(req)
    try:
        escalation = escalation_steps.escalate(
            req, request.user, form.cleaned_data["reason"], form.cleaned_data["meeting"]
        )
    except TransitionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            gettext("Put on the agenda of the meeting on %(day)s.")
            % {"day": escalation_steps.meeting_day(escalation.meeting)},
        )
    return redirect(req)


@staff_required
@require_POST
def adopt_view(request, pk: int):
    escalation = get_in_community(Escalation.objects.select_related("meeting", "request"), request.user, pk=pk)
    form = ResolutionForm(request.POST, community=request.user.community, prefix="adopt")
    if not form.is_valid():
        show_form_errors(request, form)
        return redirect(escalation.request)
    try:
        escalation_steps.adopt_resolution(
            escalation, request.user, form.save(commit=False), form.cleaned_data["co_units"]
        )
    except TransitionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, gettext("Resolution recorded; the resident can follow it."))
    return redirect(escalation.request)
