from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from ...demo import SEEDERS, core


class Command(BaseCommand):
    help = "Build the demo community with a login for each role. Safe to run again: it changes nothing."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="load the demo even with DEBUG off")

    def handle(self, *args, force=False, **options):
        if not (settings.DEBUG or settings.TESTING or force):
            raise CommandError(
                "seed_demo creates logins with a published password; it runs only with DEBUG on (or --force)."
            )
        with transaction.atomic():
            ctx = core.SeedContext(community=core.demo_community(), stdout=self.stdout)
            core.seed_core(ctx)
            for name, seeder in SEEDERS:
                self.stdout.write(f"  seeding {name} …")
                seeder(ctx)
        self.stdout.write(self.style.SUCCESS(f"Demo community ready: {ctx.community.name} ({ctx.community.code})"))
        self.stdout.write("Demo logins (mobile number / password):")
        for label, phone, password in ctx.logins:
            self.stdout.write(f"  {label:<40} {phone}  {password}")
        if settings.SMS_BACKEND == "portal.sms.ConsoleBackend":
            self.stdout.write(
                "SMS codes (registration, forgotten passwords, and staff or admins on a new browser) are not sent:\n"
                "  the console SMS backend prints each one in this terminal, in the server's log: [SMS to 139…]"
            )
