"""Run by test_sqlite_default.py in its own process, on a fresh SQLite file: 16 filings, then 16 accepts, at once."""

import json
import os
import sys
import threading
import uuid

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
sys.path.insert(0, os.getcwd())

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connections  # noqa: E402

from portal.models import Community, User  # noqa: E402
from services.models import ServiceRequest  # noqa: E402

N = 16


def together(work) -> list:
    barrier = threading.Barrier(N)
    results: list = [None] * N

    def target(i: int) -> None:
        try:
            barrier.wait()
            results[i] = work(i)
        except Exception as exc:  # noqa: BLE001 - reported to the test
            results[i] = f"error: {exc!r}"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=target, args=(i,)) for i in range(N)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


call_command("migrate", verbosity=0)
community = Community.objects.create(name="红星社区", code="HX")
staff = User.objects.create_user(phone="13800000000", password="x" * 12, real_name="李秀梅", community=community)
residents = [
    User.objects.create_user(phone=f"1391234{i:04d}", password="x" * 12, real_name=f"居民{i}", community=community)
    for i in range(N)
]
connections.close_all()


def file(i: int) -> str:
    req, _created = ServiceRequest.file(
        community=community,
        submitted_by=residents[i],
        form_token=uuid.uuid4(),
        kind="appeal",
        applicant=residents[i],
        applicant_name=residents[i].real_name,
        applicant_phone=residents[i].phone,
        description="楼道灯坏了",
    )
    return req.reference


filed = together(file)
requests = list(ServiceRequest.objects.order_by("pk"))
connections.close_all()
accepted = together(lambda i: requests[i].accept(staff).status)
print(json.dumps({"filed": filed, "accepted": accepted}))
