"""Filing a request, the request page and every step taken on it."""

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal import audit
from portal.access import is_staff_member, public_community
from portal.uploads import attachment_response

from .. import forms, panels, timeline, tracking
from ..access import get_own_request, get_request_for_user, get_request_to_handle, own_requests
from ..models import Attachment, RequestEvent, ServiceItem, TransitionError

# action -> (form class, call(request_obj, user, cleaned_data))
ACTIONS = {
    "accept": (forms.NoteForm, lambda r, u, d: r.accept(u, d["note"])),
    "start": (forms.NoteForm, lambda r, u, d: r.start(u, d["note"])),
    "ask": (forms.AskForm, lambda r, u, d: r.ask_for_materials(u, d["materials"], d["note"])),
    "resume": (forms.NoteForm, lambda r, u, d: r.resume(u, d["note"])),
    "complete": (forms.NoteForm, lambda r, u, d: r.complete(u, d["note"])),
    "deliver": (forms.DeliverForm, lambda r, u, d: r.deliver(u, d["note"], d.get("photo"))),
    "close": (forms.NoteForm, lambda r, u, d: r.close(u, d["note"])),
    "reject": (forms.RejectForm, lambda r, u, d: r.reject(u, d["reason"])),
    "assign": (forms.AssignForm, lambda r, u, d: r.assign(u, d["assignee"])),
    "note": (
        forms.StaffNoteForm,
        lambda r, u, d: r.add_note(
            u, d["text"], public=d["public"], files=[f for f in [d.get("document")] if f], photo=d.get("photo")
        ),
    ),
    "public": (forms.PublicViewForm, lambda r, u, d: r.set_public_view(u, d["summary"], d["picture"])),
    "book": (forms.BookStepForm, lambda r, u, d: r.book_step(u, d["kind"], d["appointment_at"], d["note"])),
    "visit": (forms.VisitProofForm, lambda r, u, d: r.record_visit(u, d["step"], d["note"], d.get("photo"))),
}

APPLICANT_ACTIONS = {
    "materials": (
        forms.MaterialsForm,
        lambda r, u, d: r.supply_materials(u, d["text"], [f for f in (d.get("photo"), d.get("document")) if f]),
    ),
    "rate": (forms.RateForm, lambda r, u, d: r.rate(u, d["score"], d["comment"], solved=d["solved"])),
    "reopen": (forms.ReopenForm, lambda r, u, d: r.reopen(u, d["reason"])),
}


# What each step did, said back to whoever took it (not a bare "Saved.").
DONE = {
    "accept": gettext_lazy("Request accepted."),
    "start": gettext_lazy("Marked as in progress."),
    "ask": gettext_lazy("The applicant was asked for the missing materials; the clock stops until they arrive."),
    "resume": gettext_lazy("Materials received; the clock runs again."),
    "complete": gettext_lazy("Marked as completed."),
    "deliver": gettext_lazy("Delivery recorded."),
    "close": gettext_lazy("Request closed."),
    "reject": gettext_lazy("Request rejected with the reason given."),
    "assign": gettext_lazy("Handler assigned."),
    "note": gettext_lazy("Note added to the timeline."),
    "public": gettext_lazy("The public view of this request was saved."),
    "book": gettext_lazy("Appointment booked."),
    "visit": gettext_lazy("Visit recorded."),
    "materials": gettext_lazy("Your materials were sent to the desk."),
    "rate": gettext_lazy("Thank you: your rating was recorded."),
    "reopen": gettext_lazy("Your request was reopened; the desk will look at it again."),
}


# What the request page shows of a request, read with it in one query.
PAGE_RELATED = ("item", "assignee", "applicant")


def _form_kwargs(action: str, form_class, user, req) -> dict:
    # Each form on the request page gets its action as prefix, so field ids never clash.
    kwargs = {"prefix": action}
    if form_class is forms.AssignForm:
        kwargs |= {"user": user, "current": req.assignee_id}
    if form_class in (forms.VisitProofForm, forms.PublicViewForm):
        kwargs["request_obj"] = req
    return kwargs


@login_required
@require_http_methods(["GET", "POST"])
def apply(request):
    on_behalf = is_staff_member(request.user)
    community = request.user.community or public_community(request)
    if community is None:
        raise Http404
    item = None
    item_id = request.GET.get("item", "")
    if item_id.isascii() and item_id.isdecimal():
        item = ServiceItem.objects.filter(community=community, is_active=True, pk=item_id).first()
    notice = _notice_open_to_objection(request, community)
    if notice is False:
        messages.error(request, _("Objections can be raised only while a notice is in its publicity period."))
        return redirect("notices:list")
    form = forms.ApplyForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        community=community,
        on_behalf=on_behalf,
        notice=notice,
        initial={"item": item, "kind": "suggestion" if notice else "service", "address": ""},
    )
    if request.method == "POST" and form.is_valid():
        req = form.file()
        messages.success(request, _("Request filed. Your reference number is %(ref)s.") % {"ref": req.reference})
        return redirect(req)
    context = {"form": form, "on_behalf": on_behalf, "item": item, "notice": notice}
    return render(request, "services/apply.html", context)


def _notice_open_to_objection(request, community):
    """The notice named by ?notice=<id>: None when none is named, False when it takes no objection now."""
    from notices.models import Notice

    raw = request.GET.get("notice", "")
    if not raw:
        return None
    notice = Notice.objects.visible().filter(community=community, pk=raw).first() if raw.isdigit() else None
    return notice if notice is not None and notice.in_publicity else False


@login_required
@require_GET
def mine(request):
    # Their own requests and those a relative filed for them (亲属代办).
    requests = own_requests(request.user).select_related("item").order_by("-created_at", "-id")
    page = Paginator(requests, 20).get_page(request.GET.get("page"))
    return render(request, "services/mine.html", {"page": page})


@login_required
@require_GET
def detail(request, reference: str):
    req, can_handle = get_request_for_user(request.user, reference, related=PAGE_RELATED)
    return _page(request, req, can_handle)


def _page(request, req, can_handle: bool, bound: dict | None = None, status: int = 200):
    """The request page; `bound` replaces blank forms with ones sent back with errors."""
    context = {
        "req": req,
        "can_handle": can_handle,
        "is_applicant": req.applicant_id == request.user.pk,
        "next_steps": req.next_steps(request.user),
        **_request_parts(request.user, req, can_handle, bound or {}),
    }
    return render(request, "services/request.html", context, status=status)


class StepForms(dict):
    """The request page's step forms, each built the first time the template asks for it.

    The page shows only the steps open to the request now (a closed request: a note and its public view),
    so building all thirteen forms, with their querysets, on every view was wasted work.
    """

    def __init__(self, actions: dict, user, req, bound: dict):
        super().__init__(bound)
        self.actions, self.user, self.req = actions, user, req

    def __missing__(self, name: str):
        if name not in self.actions:
            raise KeyError(name)
        form_class = self.actions[name][0]
        form = self[name] = form_class(**_form_kwargs(name, form_class, self.user, self.req))
        return form


def _follow_ups(req) -> list:
    """The follow-ups of poor ratings (few requests have any): read plain, their rating and owner only if found."""
    follow_ups = list(req.follow_ups.all())
    prefetch_related_objects(follow_ups, "rating", "owner")
    return follow_ups


def _request_parts(user, req, can_handle: bool, bound: dict) -> dict:
    events = req.events.select_related("author")
    events = list(events if can_handle else events.filter(public=True))
    # The request's files read once: those filed with it, and each step's (its timeline shows them).
    files, by_event = [], {}
    for att in req.attachments.all():
        (files if att.event_id is None else by_event.setdefault(att.event_id, [])).append(att)
    return {
        "events": events,
        "timeline": timeline.timeline_html(req, events, by_event),
        "attachments": timeline.attachments_html(req, files),
        "steps": req.steps.all(),  # the kind, time and whether done: not who (no join)
        "follow_ups": _follow_ups(req) if can_handle else [],
        "panels": panels.staff_panels(req, user) if can_handle else [],
        "forms": StepForms(ACTIONS if can_handle else APPLICANT_ACTIONS, user, req, bound),
    }


def _run(request, req, action: str, form_class, call):
    form = form_class(request.POST, request.FILES, **_form_kwargs(action, form_class, request.user, req))
    if not form.is_valid():
        return _again(request, req, action, form)
    try:
        call(req, request.user, form.cleaned_data)
    except TransitionError as exc:
        if exc.field in form.fields:
            # A refusal about one field (a clashing appointment): shown at it, with what was typed.
            form.add_error(exc.field, str(exc))
            return _again(request, req, action, form)
        messages.error(request, str(exc))
    else:
        messages.success(request, DONE[action])
    return redirect(req)


def _again(request, req, action: str, form):
    """The page again with this form as it was sent: what was written stays, the error stands at its field."""
    req, can_handle = get_request_for_user(request.user, req.reference, related=PAGE_RELATED)
    return _page(request, req, can_handle, bound={action: form}, status=400)


@login_required
@require_POST
def act(request, reference: str, action: str):
    """A staff step on one request (accept, ask for materials, deliver, assign, …)."""
    if action not in ACTIONS:
        raise Http404
    req = get_request_to_handle(request.user, reference)
    return _run(request, req, action, *ACTIONS[action])


@login_required
@require_POST
def applicant_act(request, reference: str, action: str):
    """The applicant's own steps: add materials, rate, reopen."""
    if action not in APPLICANT_ACTIONS:
        raise Http404
    req = get_own_request(request.user, reference)
    return _run(request, req, action, *APPLICANT_ACTIONS[action])


@login_required
@require_GET
def receipt(request, reference: str):
    """The printable receipt (回执) with a QR code of the public tracking page."""
    req, _can_handle = get_request_for_user(request.user, reference)
    # The QR code carries the request's signed token: the tracking page opens without digits or locks.
    track_url = request.build_absolute_uri(tracking.track_path(req))
    qr = segno.make(track_url, error="m").png_data_uri(scale=6, border=4)
    materials = req.missing_list() or (req.item.material_list() if req.item_id and not req.accepted_at else [])
    return render(
        request,
        "services/receipt.html",
        {"req": req, "qr": qr, "track_url": track_url, "materials": materials},
    )


@login_required
@require_GET
def attachment(request, reference: str, pk: int, thumb: bool = False):
    req, can_handle = get_request_for_user(request.user, reference)
    att = get_object_or_404(Attachment.objects.select_related("event"), pk=pk, request=req)
    if att.event_id and not att.event.public and not can_handle:
        raise PermissionDenied
    field = att.thumbnail if thumb and att.thumbnail else att.file
    if not thumb:
        audit.record_action(req, "attachment downloaded", {"file": [None, att.name]})
    return attachment_response(field, att.name, inline=thumb)


@login_required
@require_GET
def event_photo(request, reference: str, pk: int, thumb: bool = False):
    req, can_handle = get_request_for_user(request.user, reference)
    event = get_object_or_404(RequestEvent, pk=pk, request=req)
    if not event.photo or (not event.public and not can_handle):
        raise Http404
    field = event.thumbnail if thumb and event.thumbnail else event.photo
    if not thumb:
        audit.record_action(req, "attachment downloaded", {"file": [None, f"{req.reference}-{event.pk}.jpg"]})
    return attachment_response(field, f"{req.reference}-{event.pk}.jpg", inline=thumb)
