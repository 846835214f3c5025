"""The demo has about 300 households, a campaign under way with the demo party member among its visitors and a
care list; the bench seeds a campaign over its households and both bench pages answer."""

import io

import pytest
from django.core.management import call_command
from django.test import Client

from devtools.bench import PAGES
from households.models import Campaign, CarePairing, Household, Target, Visit
from portal.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("seed_demo", stdout=io.StringIO())


def test_the_demo_has_households_a_campaign_under_way_and_a_care_list(demo):
    assert Household.objects.count() == 300
    campaign = Campaign.objects.get(status=Campaign.Status.OPEN)
    party_member = User.objects.get(phone="13900000021")
    assert Target.objects.filter(campaign=campaign, assignee=party_member).exists()
    assert Visit.objects.filter(campaign=campaign).count() == 48
    assert CarePairing.objects.filter(member=party_member).exists()
    client = Client()
    client.force_login(party_member)
    tasks = client.get("/households/visit/data/").json()["tasks"]
    assert any("campaign" in t for t in tasks) and any("pairing" in t for t in tasks)


def test_the_bench_pages_answer_on_a_small_bench(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    sizes = {"requests": 50, "notices": 10, "members": 70, "meetings": 5, "households": 200}
    call_command("seed_bench", **sizes, stdout=io.StringIO())
    campaign = Campaign.objects.get(title__startswith="基准")
    assert campaign.targets.count() == 200 and Visit.objects.filter(campaign=campaign).count() == 156
    pages = [p for p in PAGES if p.path().startswith("/households/")]
    assert {p.name for p in pages} == {"visit sync", "campaign coverage"}
    for page in pages:
        client = Client()
        client.force_login(page.user())
        response = client.post(page.path(), page.form()) if page.form else client.get(page.path())
        assert response.status_code == 200, page.name
    assert Visit.objects.filter(campaign=campaign).count() == 157
