"""The notices' block of the staff work page: what waits for an admin's review."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from portal.access import Role
from portal.dashboard import Panel

from .access import managed_notices
from .models import Notice


def notices_to_review(user) -> dict:
    """The admins' block of the work page: notices submitted for review, in two queries."""
    waiting = managed_notices(user).filter(state=Notice.State.SUBMITTED).order_by("submitted_at", "id")
    rows = [
        {
            "label": notice.title,
            "url": reverse("notices:manage", args=[notice.pk]),
            "note": notice.get_category_display(),
        }
        for notice in waiting[:5]
    ]
    return {
        "count": waiting.count(),
        "unit": _("notices waiting for review"),
        "rows": rows,
        "empty": _("No notice is waiting for review."),
        "link": reverse("notices:review"),
        "link_label": _("Review notices"),
    }


PANELS = [
    Panel(
        "notices_review",
        _lazy("Notices waiting for review"),
        "includes/work_list.html",
        notices_to_review,
        role=Role.ADMIN,
        order=60,
    ),
]
