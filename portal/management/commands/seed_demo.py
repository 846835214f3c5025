from django.core.management.base import BaseCommand
from django.db import transaction

from portal import demo
from portal.seeding import SeedContext, seeders


class Command(BaseCommand):
    help = "Build the demo community with a login for each role. Safe to run again: it changes nothing."

    def handle(self, *args, **options):
        with transaction.atomic():
            ctx = SeedContext(community=demo.demo_community(), stdout=self.stdout)
            demo.seed_core(ctx)
            for _order, name, seeder in seeders():
                self.stdout.write(f"  seeding {name} …")
                seeder(ctx)
        self.stdout.write(self.style.SUCCESS(f"Demo community ready: {ctx.community.name} ({ctx.community.code})"))
        self.stdout.write("Demo logins (mobile number / password):")
        for label, phone, password in ctx.logins:
            self.stdout.write(f"  {label:<40} {phone}  {password}")
