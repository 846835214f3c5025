"""Scale data for the benchmark: the demo plus bulk rows spread over several communities.

    manage.py seed_bench --requests 100000 --notices 10000 --members 5000 --meetings 600

Sizes are totals for the whole database: each app's bench seeder adds only what
is missing, so running the command again at the same size adds nothing, and a
larger size tops the data up. Rows go in with bulk inserts, in chunks that each
commit on their own. Prints how long it took.
"""

import io
import time

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from portal.access import ADMIN_GROUP, STAFF_GROUP
from portal.models import Community, User

from ...bench import SEEDERS
from ...bench.core import BenchSeed

# The demo community (红星社区, from seed_demo) takes the largest share; four neighbours of the
# same subdistrict take the rest, so every query has other communities' rows to skip.
NEIGHBOURS = [("XY", "向阳社区"), ("GM", "光明社区"), ("SL", "胜利社区"), ("HP", "和平社区")]
DEMO_SHARE = 0.4
STAFF_NAMES = ["刘书记", "韩晓东", "孙丽"]


class Command(BaseCommand):
    help = "Fill the database with benchmark-sized data (see README: Performance). Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=100_000)
        parser.add_argument("--notices", type=int, default=10_000)
        parser.add_argument("--members", type=int, default=5_000)
        parser.add_argument("--meetings", type=int, default=600)
        parser.add_argument("--households", type=int, default=10_000)
        parser.add_argument("--force", action="store_true", help="run even with DEBUG off (it loads the demo logins)")

    def handle(self, *args, **options):
        if not (settings.DEBUG or settings.TESTING or options["force"]):
            raise CommandError("seed_bench loads the demo logins; it runs only with DEBUG on (or --force).")
        started = time.monotonic()
        call_command("seed_demo", force=True, stdout=io.StringIO())
        bench = BenchSeed(
            sizes={name: options[name] for name in ("requests", "notices", "members", "meetings", "households")},
            communities=self.communities(),
            weights=[DEMO_SHARE] + [(1 - DEMO_SHARE) / len(NEIGHBOURS)] * len(NEIGHBOURS),
            stdout=self.stdout,
        )
        bench.users = {"admin": User.objects.get(phone="13900000001")}
        bench.staff = {community.pk: self.staff(community) for community in bench.communities}
        for name, seeder in SEEDERS:
            step = time.monotonic()
            seeder(bench)
            self.stdout.write(f"  {name}: {time.monotonic() - step:.1f} s")
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # What autovacuum does after a bulk load, done now: fresh statistics, GIN pending lists merged.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        self.stdout.write(self.style.SUCCESS(f"Bench data ready in {time.monotonic() - started:.1f} s."))

    def communities(self) -> list[Community]:
        demo = Community.objects.get(code="HX")
        result = [demo]
        for code, name in NEIGHBOURS:
            fields = {"name": name, "subdistrict": demo.subdistrict, "district": demo.district, "phone": demo.phone}
            community, _created = Community.objects.get_or_create(code=code, defaults=fields)
            result.append(community)
        return result

    @transaction.atomic
    def staff(self, community: Community) -> list[User]:
        """An admin and two staff members per community (the demo community has its own)."""
        groups = [ADMIN_GROUP, STAFF_GROUP, STAFF_GROUP]
        existing = list(User.objects.filter(community=community, groups__name__in=groups).distinct().order_by("pk")[:3])
        if len(existing) >= 3:
            return existing
        index = len(Community.objects.filter(pk__lt=community.pk))
        result = []
        for n, (name, group) in enumerate(zip(STAFF_NAMES, groups, strict=True)):
            user, created = User.objects.get_or_create(
                phone=f"188{index:04d}{n:04d}", defaults={"real_name": name, "community": community}
            )
            if created:
                user.set_unusable_password()
                user.save(update_fields=["password"])
            user.groups.add(Group.objects.get(name=group))
            result.append(user)
        return result
