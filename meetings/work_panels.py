"""The meetings' blocks of the staff work page: each a count and the first few rows, in two queries."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from portal.access import Role, for_community
from portal.dashboard import Panel

from .models import Meeting, Resolution

SHOWN = 5
DUE_WITHIN_DAYS = 14


def meetings_this_month(user) -> dict:
    today = timezone.localdate()
    meetings = for_community(Meeting.objects.all(), user).filter(
        starts_at__year=today.year, starts_at__month=today.month
    )
    meetings = meetings.exclude(status=Meeting.Status.CANCELLED).order_by("starts_at", "id")
    rows = [
        {
            "label": meeting.display_title,
            "url": reverse("meetings:detail", args=[meeting.pk]),
            "note": f"{timezone.localtime(meeting.starts_at):%m-%d %H:%M} · {meeting.get_status_display()}",
        }
        for meeting in meetings[:SHOWN]
    ]
    return {
        "count": meetings.count(),
        "unit": _("meetings this month"),
        "rows": rows,
        "empty": _("No meeting this month."),
        "link": reverse("meetings:list"),
        "link_label": _("All meetings"),
    }


def resolutions_due(user) -> dict:
    """Open resolutions overdue or due within two weeks."""
    horizon = timezone.localdate() + timedelta(days=DUE_WITHIN_DAYS)
    due = for_community(Resolution.objects.filter(status__in=Resolution.OPEN_STATES), user).filter(
        due_date__lte=horizon
    )
    due = due.order_by("due_date", "id")
    rows = [
        {
            "label": str(resolution),
            "url": reverse("meetings:detail", args=[resolution.meeting_id]),
            "note": f"{resolution.lead_unit.name} · " + _("due %(day)s") % {"day": resolution.due_date.isoformat()},
            "alert": _("Overdue") if resolution.is_overdue else "",
        }
        for resolution in due.select_related("lead_unit")[:SHOWN]
    ]
    return {
        "count": due.count(),
        "unit": _("open resolutions due within two weeks or overdue"),
        "rows": rows,
        "empty": _("No resolution is due soon."),
        "link": reverse("meetings:follow"),
        "link_label": _("Follow resolutions"),
    }


PANELS = [
    Panel("meetings_month", _lazy("Meetings this month"), "includes/work_list.html", meetings_this_month, order=30),
    Panel("resolutions_due", _lazy("Resolutions due"), "includes/work_list.html", resolutions_due, Role.STAFF, 31),
]
