from django.core.management.base import BaseCommand, CommandError

from meetings.planning import plan_coming
from portal.models import Community


class Command(BaseCommand):
    help = "Plan the monthly and quarterly meetings of the coming periods (adds only what is missing)."

    def add_arguments(self, parser):
        parser.add_argument("--community", help="short code of one community (default: all)")
        parser.add_argument("--months", type=int, default=3, help="how many months ahead, this one included")
        parser.add_argument("--quarters", type=int, default=2, help="how many quarters ahead, this one included")

    def handle(self, *args, community=None, months=3, quarters=2, **options):
        communities = Community.objects.all()
        if community:
            communities = communities.filter(code=community)
            if not communities.exists():
                raise CommandError(f"No community with code {community}.")
        for each in communities:
            created = plan_coming(each, months=months, quarters=quarters)
            self.stdout.write(f"{each.code}: planned {len(created)} meeting(s) " + ", ".join(m.period for m in created))
