"""Tell assignees and admins about overdue requests. Run daily from cron; a second run the same day is silent."""

from collections import defaultdict

from django.core.management.base import BaseCommand
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from portal.access import ADMIN_GROUP
from portal.models import User
from portal.notify import notify
from services.models import ServiceRequest, today


class Command(BaseCommand):
    help = "Notify the handlers of overdue service requests, and each community's admins with a summary."

    def handle(self, *args, **options):
        day = today()
        overdue = list(
            ServiceRequest.objects.overdue(day)
            .exclude(overdue_reminded_on=day)
            .select_related("assignee", "item")
            .order_by("community_id", "due_date")
        )
        by_community = defaultdict(list)
        with override("zh-hans"):
            for req in overdue:
                by_community[req.community_id].append(req)
                if req.assignee_id:
                    req.tell_handler_overdue()
            admins = User.objects.filter(
                community_id__in=by_community, groups__name=ADMIN_GROUP, is_active=True
            ).distinct()
            for admin in admins:
                reqs = by_community[admin.community_id]
                notify(
                    admin,
                    _("%(n)s requests are overdue") % {"n": len(reqs)},
                    "\n".join(f"{r.reference} {r.title} ({r.due_date:%Y-%m-%d})" for r in reqs[:30]),
                    reverse("services:desk") + "?overdue=on",
                )
        ServiceRequest.objects.filter(pk__in=[r.pk for r in overdue]).update(overdue_reminded_on=day)
        self.stdout.write(f"{len(overdue)} overdue requests reminded.")
