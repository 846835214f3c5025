"""The staff desk: the community's queue with filters, counts and bulk assignment."""

import re
from datetime import datetime, time, timedelta

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db.models import Count, F
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from portal import audit, fragments
from portal.access import admin_required, for_community, get_in_community, is_admin, staff_required

from .. import calendar_table
from ..export import requests_workbook
from ..forms import DeskFilterForm, ExportForm, ResolveForm, staff_of
from ..models import FollowUp, ServiceItem, ServiceRequest, TransitionError, today

PER_PAGE = 25
COUNTS_SECONDS = 5


class NextPage:
    """A page that knows whether a next one exists by reading one row more: no COUNT of the table.

    The rows are read when first asked for, so a page served from the fragment cache reads none.
    """

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
    """Requests per status in one aggregate query, which reads every row of the community.

    With the fragment cache on, the counts are kept until the community's data changes (its
    generation, portal/fragments.py), like the desk part that shows them: never older than its rows.
    Without it they are kept a few seconds, so a busy desk shares them.
    """
    if fragments.enabled():
        key, seconds = f"services:desk-counts:{community.pk}:{community.generation}", settings.FRAGMENT_CACHE_SECONDS
    else:
        key, seconds = f"services:desk-counts:{community.pk}", COUNTS_SECONDS
    counts = cache.get(key)
    if counts is None:
        rows = ServiceRequest.objects.filter(community=community).values("status").annotate(n=Count("id")).order_by()
        counts = {row["status"]: row["n"] for row in rows}
        cache.set(key, counts, seconds)
    return counts


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
    """The filter form, the page of requests, the staff and the counts: what the desk's cached part shows."""
    user = request.user
    items = ServiceItem.objects.filter(community_id=user.community_id)
    form = DeskFilterForm(params, items=items, staff=staff_of(user))
    data = form.cleaned_data if form.is_valid() else {}
    queryset = _filtered(for_community(ServiceRequest.objects.all(), user), data)
    return {
        "form": form,
        "page": NextPage(queryset.select_related("item", "assignee"), request.GET.get("page")),
        "staff": staff_of(user),
        "status_counts": _status_pills(user.community),
    }


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
        # Built, read and counted only when the page is not in the fragment cache.
        **fragments.lazy_parts(lambda: _queue(request, params), ("form", "page", "staff", "status_counts")),
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


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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
    start = timezone.make_aware(datetime.combine(data["since"], time.min))
    end = timezone.make_aware(datetime.combine(data["until"] + timedelta(days=1), time.min))
    queryset = for_community(ServiceRequest.objects.filter(created_at__gte=start, created_at__lt=end), user)
    queryset = _filtered(queryset, data).order_by("created_at", "id").select_related("item", "assignee")
    title = _("%(community)s: requests filed %(since)s to %(until)s") % {
        "community": user.community.name,
        "since": data["since"].isoformat(),
        "until": data["until"].isoformat(),
    }
    body = requests_workbook(queryset, title)
    audit.record_action(user.community, "requests exported", {"period": [str(data["since"]), str(data["until"])]})
    response = HttpResponse(body, content_type=XLSX)
    name = f"requests-{data['since']:%Y%m%d}-{data['until']:%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
