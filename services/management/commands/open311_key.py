"""Issue an Open311 API key for a client app: `manage.py open311_key --community HX --name 市民热线`."""

from django.core.management.base import BaseCommand, CommandError

from portal.models import Community
from services.models import ApiClient


class Command(BaseCommand):
    help = "Issue an API key for a client app of one community; the key is printed once and stored hashed."

    def add_arguments(self, parser):
        parser.add_argument("--community", required=True, help="the community's code, e.g. HX")
        parser.add_argument("--name", required=True, help="the client app, e.g. the city hotline")

    def handle(self, *args, community: str, name: str, **options):
        found = Community.objects.filter(code=community).first()
        if found is None:
            raise CommandError(f"No community with the code {community}.")
        if not name.strip() or len(name) > 100:
            raise CommandError("Give the client app a name of 1 to 100 characters.")
        client, key = ApiClient.issue(found, name.strip())
        self.stderr.write(f"Key for {client.name} ({found.code}); it is shown only this once:")
        self.stdout.write(key)
