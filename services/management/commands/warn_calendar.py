"""Warn the deployment's admins while next year's official working-day calendar is not entered.

Run daily (celery beat, or cron); from 1 November it notifies each deployment admin once a day until the
year is entered, and says nothing otherwise.
"""

from django.core.management.base import BaseCommand
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from portal.access import DEPLOYMENT_GROUP
from portal.models import Notification, User
from portal.notify import notify
from services import workdays
from services.models import today


class Command(BaseCommand):
    help = "Notify the deployment admins while the coming year's working-day calendar is unknown."

    def handle(self, *args, **options):
        years = workdays.current().unknown_years_ahead(today())
        if not years:
            self.stdout.write("Every year the deadlines reach is known.")
            return
        admins = User.objects.filter(Q(is_superuser=True) | Q(groups__name=DEPLOYMENT_GROUP), is_active=True).distinct()
        start_of_day = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
        told = 0
        with override("zh-hans"):
            title = _("The official working-day calendar for %(years)s is not entered yet") % {
                "years": "、".join(str(year) for year in years)
            }
            body = _("Deadlines in that year are provisional until its holidays and make-up workdays are entered.")
            for admin in admins:
                if Notification.objects.filter(recipient=admin, title=title, created_at__gte=start_of_day).exists():
                    continue  # once a day is enough
                notify(admin, title, body, reverse("work_calendar"))
                told += 1
        self.stdout.write(f"Unknown years {years}: told {told} deployment admin(s).")
