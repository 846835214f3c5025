"""The staff desk: the community's queue with search, filters and counts, its print view, and bulk steps."""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django import forms
from django.contrib import messages
from django.db.models import F, prefetch_related_objects
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext, pgettext_lazy
from django.views.decorators.http import require_GET, require_POST

from portal import audit
from portal.access import admin_required, for_community, get_in_community, is_admin, staff_required
from portal.models import User, mask_phone

from .. import calendar_table
from ..export import requests_workbook, send_or_queue
from ..forms import DeskQueueForm, ExportForm, ResolveForm, staff_of
from ..models import REFERENCE_RE, FollowUp, ServiceItem, ServiceRequest, StatusCount, TransitionError, today

PER_PAGE = 25
# The print view lists every matching request up to this many (a few dozen pages), and says how many match.
PRINT_CAP = 500
# Bulk steps take at most this many requests in one go (four pages of the queue).
BULK_CAP = 100


class NextPage:
    """A page that knows whether a next one exists by reading one row more: no COUNT of the table."""

    def __init__(self, queryset, number: str | None, per_page: int = PER_PAGE):
        # Capped: a page number of 40 digits would overflow the database's OFFSET.
        self.number = min(max(int(number), 1), 100_000) if re.fullmatch(r"[0-9]{1,9}", number or "") else 1
        self.queryset = queryset
        self.per_page = per_page
        self.has_previous = self.number > 1

    @cached_property
    def _rows(self) -> list:
        start = (self.number - 1) * self.per_page
        return list(self.queryset[start : start + self.per_page + 1])

    @property
    def object_list(self) -> list:
        return self._rows[: self.per_page]

    @property
    def has_next(self) -> bool:
        return len(self._rows) > self.per_page

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


def status_counts(community) -> dict[str, int]:
    """Requests per status, from the counter rows the database keeps with every write (StatusCount)."""
    return StatusCount.for_community(community.pk)


def _status_pills(community) -> list[tuple[str, str, int]]:
    counts = status_counts(community)
    return [
        ("open", _("All open"), sum(counts.get(s, 0) for s in ServiceRequest.OPEN)),
        *[(value, label, counts.get(value, 0)) for value, label in ServiceRequest.Status.choices],
        ("", _("All"), sum(counts.values())),
    ]


def _day_start(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def _filtered(queryset, data: dict):
    if data.get("q"):
        queryset = queryset.search(data["q"])
    if data.get("since"):
        queryset = queryset.filter(created_at__gte=_day_start(data["since"]))
    if data.get("until"):
        queryset = queryset.filter(created_at__lt=_day_start(data["until"] + timedelta(days=1)))
    status = data.get("status")
    if status == "open":
        queryset = queryset.open()
    elif status:
        queryset = queryset.filter(status=status)
    for name in ("item", "kind", "assignee", "channel"):
        if data.get(name):
            queryset = queryset.filter(**{name: data[name]})
    if data.get("overdue"):
        queryset = queryset.overdue()
    if data.get("sort") == "-created":
        return queryset.order_by("-created_at", "-id")
    return queryset.order_by(F("due_date").asc(nulls_last=True), "-created_at", "-id")


def _desk_params(request):
    """The query as the desk reads it: with no status chosen, the open queue, or every request for a search."""
    params = request.GET.copy()
    if "status" not in params:
        params["status"] = "" if params.get("q", "").strip() else "open"
    return params


def _queue_form(user, params) -> tuple[DeskQueueForm, dict]:
    """The filters, checked; (form, the values that passed). A bad period is left out whole, with its error."""
    # The form only validates: its querysets are read only to check a chosen item or handler.
    form = DeskQueueForm(params, items=ServiceItem.objects.filter(community_id=user.community_id), staff=staff_of(user))
    form.is_valid()
    data = dict(form.cleaned_data)
    if "since" in form.errors or "until" in form.errors:
        data.pop("since", None)
        data.pop("until", None)
    return form, data


def _queue(request, params) -> dict:
    """The filters, the page of requests, the staff and the counts (the items and staff read once each)."""
    user = request.user
    # Only what the choices show: the rest of each row stays in the database.
    items = list(ServiceItem.objects.filter(community_id=user.community_id).only("name"))
    staff = list(staff_of(user).only("real_name", "phone"))
    form, data = _queue_form(user, params)
    queryset = _filtered(for_community(ServiceRequest.objects.all(), user), data)
    page = NextPage(queryset.only(*QUEUE_FIELDS), request.GET.get("page"))
    _join_read_rows(page.object_list, items, staff)
    return {
        "filters": _filter_controls(form, params, {"item": items, "assignee": staff}),
        "search": _search_box(request, form, params),
        "current_status": params.get("status", ""),
        "page": page,
        "rows": _queue_rows(page),
        "staff": staff,
        "status_counts": _status_pills(user.community),
    }


# What a row of the queue shows, read with it (the rest of each request is left in the database).
QUEUE_FIELDS = (
    *("reference", "kind", "channel", "status", "applicant_name", "applicant_phone", "served_name"),
    *("served_relation", "due_date", "due_provisional", "escalated_until", "awaiting_meeting"),
    *("item", "assignee", "notice"),
)


def _join_read_rows(rows: list, items: list, staff: list) -> None:
    """Each row's item and handler from the rows the filters read already, instead of joins in the queue's
    query (planning them cost more than running it). A handler who left the staff, and the notice of an
    objection, are read for those rows only."""
    items_by_pk = {item.pk: item for item in items}
    people = {person.pk: person for person in staff}
    gone = {req.assignee_id for req in rows if req.assignee_id is not None and req.assignee_id not in people}
    if gone:
        people |= User.objects.only("real_name", "phone").in_bulk(gone)
    for req in rows:
        if req.item_id in items_by_pk:
            req.item = items_by_pk[req.item_id]
        if req.assignee_id in people:
            req.assignee = people[req.assignee_id]
    objections = [req for req in rows if req.notice_id is not None]
    if objections:
        prefetch_related_objects(objections, "notice")


def _queue_rows(page) -> str:
    """The queue's rows as HTML, drawn here: in the template, two dozen lookups and labels a row cost most of
    the desk's render. The words said on every row are translated once."""
    said = {
        "overdue": _("Overdue"),
        "awaiting": _("Awaiting the joint meeting"),
        "provisional": _("provisional"),
        "provisional_title": _(
            "It falls in a year whose official calendar is not entered yet: counted Monday to Friday for now."
        ),
        "objection": _("Objection"),
        "objection_title": _("An objection to a notice in its publicity period"),
    }
    return mark_safe("".join(_queue_row(req, said) for req in page))


def _queue_row(req, said: dict) -> str:
    ref = conditional_escape(req.reference)
    title = conditional_escape(req.title)
    if req.is_objection:
        title += format_html(
            '<br><span class="badge objection-badge" title="{}">{}</span> <a href="{}">{}</a>\n',
            said["objection_title"],
            said["objection"],
            reverse("notices:detail", args=[req.notice_id]),
            req.notice.title,
        )
    applicant = format_html('{} <span class="text-nowrap">{}</span>', req.applicant_name, req.masked_phone)
    if req.on_behalf_of:
        applicant += format_html('<br><span class="small">{}</span>', req.proxy_line())
    overdue = req.is_overdue
    status = format_html('<span class="badge status-{}">{}</span>', req.status, req.get_status_display())
    if overdue:
        status += format_html(' <span class="badge text-bg-danger">{}</span>', said["overdue"])
    elif req.escalation_covers:
        text = _("At the joint meeting: not overdue while its decision is due by %(day)s")
        day = conditional_escape(req.escalated_until.isoformat())
        status += format_html(' <span class="badge text-bg-info">{}</span>', mark_safe(text % {"day": day}))
    if req.awaiting_meeting and req.clock_running:
        status += format_html(' <span class="badge text-bg-secondary">{}</span>', said["awaiting"])
    due = "—"
    if req.due_date:
        due = conditional_escape(req.due_date.isoformat())
        if req.due_provisional:
            due += format_html(
                ' <span class="badge text-bg-warning" title="{}">{}</span>',
                said["provisional_title"],
                said["provisional"],
            )
    handler = (req.assignee.real_name if req.assignee_id else "") or "—"
    select = mark_safe(_("Select %(ref)s") % {"ref": ref})
    return format_html(
        """
          <tr{}>
            <td><input type="checkbox" class="form-check-input" name="refs" value="{}" aria-label="{}"></td>
            <td><a href="{}">{}</a></td>
            <td>{}</td>
            <td>{}</td>
            <td>{}</td>
            <td>{}</td>
            <td>{}</td>
            <td>{}</td>
          </tr>
        """,
        mark_safe(' class="table-danger"') if overdue else "",
        ref,
        select,
        req.get_absolute_url(),
        ref,
        title,
        applicant,
        req.get_channel_display(),
        status,
        due,
        handler,
    )


def _search_box(request, form, params) -> dict:
    """The search box: what was typed, its error, and the filters it keeps (those chosen, not the default)."""
    field = form["q"]
    value = params.get("q", "")
    narrowed = any(v for k, v in params.items() if k not in ("q", "page", "sort"))
    return {
        "value": value,
        "label": field.label,
        "help": field.help_text,
        "errors": form.errors.get("q", []),
        "keep": [(k, v) for k, values in request.GET.lists() if k not in ("q", "page") for v in values],
        # An empty result under filters offers the same search over every request.
        "everywhere": urlencode({"q": value, "status": ""}) if value.strip() and narrowed else "",
    }


def _is_iso_date(value: str) -> bool:
    try:
        return bool(re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value)) and bool(date.fromisoformat(value))
    except ValueError:
        return False


SELECTED = mark_safe(" selected")


def _filter_controls(form, params, rows: dict[str, list]) -> list[dict]:
    """The filter form's fields as plain data, drawn by hand in the template.

    Rendering the form's widgets (and crispy's wrappers) cost most of the desk's render; plain lists of
    options cost almost nothing. The choices of item and assignee come from rows already read.
    """
    controls = []
    for name, field in form.fields.items():
        if name == "q":
            continue  # the search box stands above the queue
        current = params.get(name, "")
        control = {"name": name, "id": f"id_{name}", "label": field.label, "errors": form.errors.get(name, [])}
        if isinstance(field, forms.DateField):
            # A date input holds only a date: what was typed is kept when it is one (a reversed period is).
            control["date"] = current if _is_iso_date(current) else ""
            control["is_date"] = True
            controls.append(control)
            continue
        if name in rows:
            choices = [("", field.empty_label), *((str(row.pk), str(row)) for row in rows[name])]
        elif hasattr(field, "choices"):
            choices = [(str(value), label) for value, label in field.choices]
        else:
            control["checked"] = current in ("on", "true", "1", "True")
            controls.append(control)
            continue
        control["options"] = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((value, SELECTED if value == current else "", label) for value, label in choices),
        )
        controls.append(control)
    return controls


@staff_required
@require_GET
def desk(request):
    user = request.user
    # With no filter chosen the desk shows the open queue, most urgent first.
    params = _desk_params(request)
    follow_ups = []
    if is_admin(user):
        follow_ups = list(
            for_community(FollowUp.objects.filter(status=FollowUp.Status.OPEN), user).select_related(
                "request", "owner", "rating"
            )[:50]
        )
    query = params.copy()
    query.pop("page", None)
    export_query = query.copy()
    export_query.pop("q", None)  # the export takes the filters and a period, not the search
    context = {
        **_queue(request, params),
        "follow_ups": follow_ups,
        "resolve_form": ResolveForm(),
        "bulk_actions": [(name, step.label) for name, step in BULK_STEPS.items()],
        "query": query.urlencode(),
        "export_query": export_query.urlencode(),
        "today": today(),
        "is_admin": is_admin(user),
        **calendar_table.warning_context(user),
    }
    return render(request, "services/desk.html", context)


def _labelled(label, value) -> str:
    return _("%(label)s: %(value)s") % {"label": label, "value": value} if value != "" else str(label)


def _chosen_filters(form, data: dict) -> str:
    """The filters in force, in words, for the printed page's header ("Kind: Service matter; Search: 王")."""
    chosen = []
    for name, field in form.fields.items():
        value = data.get(name)
        if name == "sort" or value in (None, "", False):
            continue
        if value is True:
            value = ""  # a tick box: its label says it
        elif name == "q" and re.fullmatch(r"[0-9 -]{7,}", value):
            value = mask_phone(re.sub(r"[ -]", "", value))  # a number searched for is masked on paper too
        elif isinstance(field, forms.ModelChoiceField) or isinstance(value, date):
            value = str(value)
        elif isinstance(field, forms.ChoiceField):
            value = str(dict(field.choices).get(value, value))
        chosen.append(_labelled(field.label, value))
    return pgettext("joins the parts of a message", "; ").join(chosen)


@staff_required
@require_GET
def desk_print(request):
    """The queue as the desk shows it (filters and search), every matching request up to PRINT_CAP, for paper."""
    user = request.user
    params = _desk_params(request)
    form, data = _queue_form(user, params)
    queryset = _filtered(for_community(ServiceRequest.objects.all(), user), data).select_related("item", "assignee")
    rows = list(queryset[: PRINT_CAP + 1])
    # Counted only when there are more than fit: the page says how many were left out.
    total = len(rows) if len(rows) <= PRINT_CAP else queryset.count()
    query = params.copy()
    query.pop("page", None)
    audit.record_action(user.community, "queue printed", {"rows": [None, min(total, PRINT_CAP)]})
    context = {
        "rows": rows[:PRINT_CAP],
        "total": total,
        "shown": min(total, PRINT_CAP),
        "chosen": _chosen_filters(form, data),
        "errors": [_labelled(form.fields[name].label, " ".join(errors)) for name, errors in form.errors.items()],
        "query": query.urlencode(),
    }
    return render(request, "services/desk_print.html", context)


@dataclass(frozen=True)
class BulkStep:
    """One of the desk's bulk steps: its name in the list, what is said after it, and the model's method."""

    label: str
    done: Callable[[int], str]  # "%(n)d requests accepted", for n
    refused: str  # "%(ref)s not accepted: %(reason)s"
    call: Callable


BULK_STEPS = {
    "accept": BulkStep(
        gettext_lazy("Accept"),
        lambda n: ngettext("%(n)d request accepted", "%(n)d requests accepted", n),
        gettext_lazy("%(ref)s not accepted: %(reason)s"),
        lambda req, user: req.accept(user),
    ),
    "close": BulkStep(
        pgettext_lazy("bulk step", "Close"),
        lambda n: ngettext("%(n)d request closed", "%(n)d requests closed", n),
        gettext_lazy("%(ref)s not closed: %(reason)s"),
        lambda req, user: req.close(user),
    ),
    "remind": BulkStep(
        gettext_lazy("Remind"),
        lambda n: ngettext("%(n)d reminder sent", "%(n)d reminders sent", n),
        gettext_lazy("%(ref)s not reminded: %(reason)s"),
        lambda req, user: req.remind(user),
    ),
}


def _back_to_desk(request):
    """Back to the desk as it was (the filters and page sent along with the form)."""
    back = request.POST.get("back", "")
    return redirect(reverse("services:desk") + (f"?{back}" if back else ""))


@staff_required
@require_POST
def bulk_act(request):
    """Accept, close or remind the ticked requests, each through its own step (own transaction and row lock)."""
    user = request.user
    step = BULK_STEPS.get(request.POST.get("action", ""))
    references = list(dict.fromkeys(request.POST.getlist("refs")))
    if step is None or not references:
        messages.error(request, _("Choose requests and a step."))
        return _back_to_desk(request)
    if len(references) > BULK_CAP:
        messages.error(request, _("Choose at most %(n)s requests at a time.") % {"n": BULK_CAP})
        return _back_to_desk(request)
    found = {}
    if all(REFERENCE_RE.fullmatch(ref) for ref in references):
        found = {r.reference: r for r in for_community(ServiceRequest.objects.filter(reference__in=references), user)}
    if len(found) < len(references):
        # One is of another community (or of none): nothing is done, and nothing is told about it.
        raise Http404
    done, refused = 0, []
    for reference in references:
        try:
            step.call(found[reference], user)
            done += 1
        except TransitionError as exc:
            refused.append(step.refused % {"ref": reference, "reason": str(exc).rstrip("。.")})
    text = pgettext("joins the parts of a message", "; ").join([step.done(done) % {"n": done}, *refused])
    (messages.error if not done else messages.warning if refused else messages.success)(request, text)
    return _back_to_desk(request)


@staff_required
@require_POST
def bulk_assign(request):
    user = request.user
    to = next((s for s in staff_of(user) if str(s.pk) == request.POST.get("assignee")), None)
    references = request.POST.getlist("refs")
    if to is None or not references:
        messages.error(request, _("Choose requests and a staff member."))
        return _back_to_desk(request)
    done = 0
    for req in for_community(ServiceRequest.objects.filter(reference__in=references[:100]), user):
        try:
            req.assign(user, to)
            done += 1
        except TransitionError as exc:
            messages.error(request, f"{req.reference}: {exc}")
    messages.success(request, _("%(n)s requests assigned to %(name)s.") % {"n": done, "name": to.real_name})
    return _back_to_desk(request)


@admin_required
@require_POST
def resolve_follow_up(request, pk: int):
    follow_up = get_in_community(FollowUp.objects.select_related("request"), request.user, pk=pk)
    form = ResolveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Describe what was done."))
    else:
        try:
            follow_up.resolve(request.user, form.cleaned_data["resolution"])
            messages.success(request, _("Follow-up resolved."))
        except TransitionError as exc:
            messages.error(request, str(exc))
    return redirect("services:desk")


@admin_required
@require_GET
def export(request):
    """The requests filed in a period, with the desk's filters, as an .xlsx workbook (admins)."""
    user = request.user
    items = ServiceItem.objects.filter(community_id=user.community_id)
    first = today().replace(day=1)
    if "since" not in request.GET:
        initial = dict(request.GET.items()) | {"since": first, "until": today()}
        form = ExportForm(initial=initial, items=items, staff=staff_of(user))
        return render(request, "services/export.html", {"form": form})
    form = ExportForm(request.GET, items=items, staff=staff_of(user))
    if not form.is_valid():
        return render(request, "services/export.html", {"form": form}, status=400)
    data = form.cleaned_data
    audit.record_action(user.community, "requests exported", {"period": [str(data["since"]), str(data["until"])]})
    return send_or_queue(request, export_workbook, "desk", _export_queryset(user, data).count())


def _export_queryset(user, data: dict):
    start = timezone.make_aware(datetime.combine(data["since"], time.min))
    end = timezone.make_aware(datetime.combine(data["until"] + timedelta(days=1), time.min))
    queryset = for_community(ServiceRequest.objects.filter(created_at__gte=start, created_at__lt=end), user)
    return _filtered(queryset, data)


def export_workbook(user, query) -> tuple[bytes, str] | None:
    """(the .xlsx, its file name) for the export form's fields, or None if they are not valid."""
    items = ServiceItem.objects.filter(community_id=user.community_id)
    form = ExportForm(query, items=items, staff=staff_of(user))
    if not form.is_valid():
        return None
    data = form.cleaned_data
    queryset = _export_queryset(user, data).order_by("created_at", "id").select_related("item", "assignee")
    title = _("%(community)s: requests filed %(since)s to %(until)s") % {
        "community": user.community.name,
        "since": data["since"].isoformat(),
        "until": data["until"].isoformat(),
    }
    return requests_workbook(queryset, title), f"requests-{data['since']:%Y%m%d}-{data['until']:%Y%m%d}.xlsx"
