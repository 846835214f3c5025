import io

import pytest
from django.core.management import call_command
from django.test import Client

from devtools.bench import PAGES
from members.models import Activity, CommitteeSeat, PartyMember, Unit

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


@pytest.fixture
def demo():
    call_command("seed_demo", stdout=io.StringIO())


def test_the_demo_is_a_believable_committee(demo):
    assert Unit.objects.count() == 11 and len({u.kind for u in Unit.objects.all()}) == 6
    assert CommitteeSeat.objects.active().count() == 21
    assert CommitteeSeat.objects.exclude(term_end=None).count() == 1
    assert PartyMember.objects.count() == 60
    assert PartyMember.objects.filter(kind=PartyMember.Kind.IN_SERVICE).count() == 30
    assert Activity.objects.filter(participations__isnull=False).distinct().count() >= 50


def test_the_roster_bench_pages_answer(demo):
    pages = [page for page in PAGES if page.path().startswith("/members/")]
    assert pages
    for page in pages:
        client = Client()
        if page.user() is not None:
            client.force_login(page.user())
        assert client.get(page.path()).status_code == 200, page.name
