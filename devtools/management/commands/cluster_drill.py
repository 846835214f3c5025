"""manage.py cluster_drill: the deploy/ layout on 127.0.0.1 under faults (see devtools/cluster_drill.py)."""

from django.core.management.base import BaseCommand, CommandError

from devtools import cluster_drill


class Command(BaseCommand):
    help = "Run deploy/ on 127.0.0.1 (nginx, two gunicorn servers, Redis, Celery, stand-in gateways) under faults."

    def add_arguments(self, parser):
        parser.add_argument("--max-requests", type=int, default=6000, help="upper bound of the load's requests")
        parser.add_argument("--quiet", type=float, default=8.0, help="seconds of plain load between faults")
        parser.add_argument("--database", default="gj_cluster_drill", help="the drill's own PostgreSQL database")
        parser.add_argument(
            "--restart-postgres",
            action="store_true",
            help="also restart the local PostgreSQL cluster (pg_ctlcluster): never beside other work",
        )

    def handle(self, *args, **options):
        ok = cluster_drill.run(
            max_requests=options["max_requests"],
            quiet=options["quiet"],
            restart_postgres=options["restart_postgres"],
            database=options["database"],
            out=self.stdout.write,
        )
        if not ok:
            raise CommandError("the cluster drill failed")
