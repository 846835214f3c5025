"""The staff desk: the community's queue with filters, counts and bulk assignment."""

import re
from datetime import datetime, time, timedelta

from django.contrib import messages
from django.db.models import F
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from portal import audit
from portal.access import admin_required, for_community, get_in_community, is_admin, staff_required

from .. import calendar_table
from ..export import requests_workbook, send_or_queue
from ..forms import DeskFilterForm, ExportForm, ResolveForm, staff_of
from ..models import FollowUp, ServiceItem, ServiceRequest, StatusCount, TransitionError, today

PER_PAGE = 25


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


def _filtered(queryset, data: dict):
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


def _queue(request, params) -> dict:
    """The filters, the page of requests, the staff and the counts (the items and staff read once each)."""
    user = request.user
    items = list(ServiceItem.objects.filter(community_id=user.community_id))
    staff = list(staff_of(user))
    # The form only validates: its querysets are read only to check a chosen item or handler.
    form = DeskFilterForm(
        params, items=ServiceItem.objects.filter(community_id=user.community_id), staff=staff_of(user)
    )
    data = form.cleaned_data if form.is_valid() else {}
    queryset = _filtered(for_community(ServiceRequest.objects.all(), user), data)
    return {
        "filters": _filter_controls(form, params, {"item": items, "assignee": staff}),
        "current_status": params.get("status", ""),
        "page": NextPage(queryset.select_related("item", "assignee", "notice"), request.GET.get("page")),
        "staff": staff,
        "status_counts": _status_pills(user.community),
    }


def _filter_controls(form, params, rows: dict[str, list]) -> list[dict]:
    """The filter form's fields as plain data, drawn by hand in the template.

    Rendering the form's widgets (and crispy's wrappers) cost most of the desk's render; plain lists of
    options cost almost nothing. The choices of item and assignee come from rows already read.
    """
    controls = []
    for name, field in form.fields.items():
        current = params.get(name, "")
        control = {"name": name, "id": f"id_{name}", "label": field.label}
        if name in rows:
            choices = [("", field.empty_label), *((str(row.pk), str(row)) for row in rows[name])]
        elif hasattr(field, "choices"):
            choices = [(str(value), label) for value, label in field.choices]
        else:
            control["checked"] = current in ("on", "true", "1", "True")
            controls.append(control)
            continue
        control["options"] = [(value, label, value == current) for value, label in choices]
        controls.append(control)
    return controls


@staff_required
@require_GET
def desk(request):
    user = request.user
    # With no filter chosen the desk shows the open queue, most urgent first.
    params = request.GET.copy()
    if "status" not in params:
        params["status"] = "open"
    follow_ups = []
    if is_admin(user):
        follow_ups = list(
            for_community(FollowUp.objects.filter(status=FollowUp.Status.OPEN), user).select_related(
                "request", "owner", "rating"
            )[:50]
        )
    query = params.copy()
    query.pop("page", None)
    context = {
        **_queue(request, params),
        "follow_ups": follow_ups,
        "resolve_form": ResolveForm(),
        "query": query.urlencode(),
        "today": today(),
        "is_admin": is_admin(user),
        **calendar_table.warning_context(user),
    }
    return render(request, "services/desk.html", context)


@staff_required
@require_POST
def bulk_assign(request):
    user = request.user
    to = next((s for s in staff_of(user) if str(s.pk) == request.POST.get("assignee")), None)
    references = request.POST.getlist("refs")
    if to is None or not references:
        messages.error(request, _("Choose requests and a staff member."))
        return redirect("services:desk")
    done = 0
    for req in for_community(ServiceRequest.objects.filter(reference__in=references[:100]), user):
        try:
            req.assign(user, to)
            done += 1
        except TransitionError as exc:
            messages.error(request, f"{req.reference}: {exc}")
    messages.success(request, _("%(n)s requests assigned to %(name)s.") % {"n": done, "name": to.real_name})
    back = request.POST.get("back", "")
    return redirect(reverse("services:desk") + (f"?{back}" if back else ""))


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
