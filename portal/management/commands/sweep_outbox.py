from django.core.management.base import BaseCommand

from portal import limits, outbox


class Command(BaseCommand):
    help = "Send the outgoing e-mail and SMS that are due (retries included); run every minute from cron."

    def handle(self, *args, **options):
        handed = outbox.sweep()
        pruned = limits.prune()
        self.stdout.write(f"{handed} message(s) dispatched, {pruned} expired counter(s) removed")
