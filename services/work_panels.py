"""The desk's blocks of the staff work page: each a count and the first few rows, in two queries."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from portal.access import Role, for_community
from portal.dashboard import Panel

from . import calendar_table
from .models import FollowUp, ServiceRequest, today

SHOWN = 5


def _request_rows(queryset) -> list[dict]:
    rows = []
    for req in queryset.select_related("item")[:SHOWN]:
        note = _("due %(day)s") % {"day": req.due_date.isoformat()} if req.due_date else req.get_status_display()
        rows.append(
            {
                "label": f"{req.reference} {req.title}",
                "url": req.get_absolute_url(),
                "note": note,
                "alert": _("Overdue") if req.is_overdue else "",
            }
        )
    return rows


def my_open_requests(user) -> dict:
    # Work still to do: a completed request counts only while its result waits to be delivered.
    S = ServiceRequest.Status
    to_do = Q(status__in=[S.SUBMITTED, S.ACCEPTED, S.IN_PROGRESS, S.WAITING])
    to_do |= Q(status=S.COMPLETED, needs_delivery=True)
    mine = ServiceRequest.objects.filter(to_do, community_id=user.community_id, assignee=user)
    mine = mine.order_by("due_date", "-created_at")
    return {
        "count": mine.count(),
        "unit": _("open requests assigned to you"),
        "rows": _request_rows(mine),
        "empty": _("No open request is assigned to you."),
        "link": reverse("services:desk") + f"?status=open&assignee={user.pk}",
        "link_label": _("All my requests on the desk"),
    }


def overdue_requests(user) -> dict:
    late = for_community(ServiceRequest.objects.overdue(), user).order_by("due_date", "-created_at")
    return {
        "count": late.count(),
        "unit": _("requests past their due date"),
        "rows": _request_rows(late),
        "empty": _("No request is overdue."),
        "link": reverse("services:desk") + "?status=open&overdue=on",
        "link_label": _("All overdue requests"),
    }


def open_follow_ups(user) -> dict:
    waiting = for_community(FollowUp.objects.filter(status=FollowUp.Status.OPEN), user).order_by("due_date", "id")
    rows = [
        {
            "label": fu.request.reference,
            "url": fu.request.get_absolute_url(),
            "note": f"{fu.rating.get_score_display()} · " + _("due %(day)s") % {"day": fu.due_date.isoformat()},
            "alert": _("Overdue") if fu.due_date < today() else "",
        }
        for fu in waiting.select_related("request", "rating")[:SHOWN]
    ]
    return {
        "count": waiting.count(),
        "unit": _("follow-ups after poor ratings"),
        "rows": rows,
        "empty": _("No follow-up is waiting."),
        "link": reverse("services:desk"),
        "link_label": _("Follow-ups on the desk"),
    }


PANELS = [
    Panel("desk_mine", _lazy("My open requests"), "includes/work_list.html", my_open_requests, Role.STAFF, 10),
    Panel("desk_overdue", _lazy("Overdue requests"), "includes/work_list.html", overdue_requests, Role.STAFF, 11),
    Panel("desk_follow_ups", _lazy("Follow-ups"), "includes/work_list.html", open_follow_ups, Role.ADMIN, 12),
    Panel(
        "calendar",
        _lazy("Working-day calendar"),
        "services/includes/calendar_panel.html",
        calendar_table.warning_context,
        (Role.ADMIN, Role.DEPLOYMENT),
        5,
    ),
]
