"""seed_bench builds scale data in realistic shape, adds nothing when run again, and every bench page loads."""

import io

import pytest
from django.core.management import call_command
from django.test import Client

from devtools.bench import PAGES
from meetings.models import Attendance, Meeting, Resolution
from members.models import Participation, PartyMember
from notices.models import Notice
from portal.models import Community
from services.models import Attachment, Rating, ReferenceCounter, RequestEvent, ServiceRequest

pytestmark = pytest.mark.django_db

SIZES = {"requests": 600, "notices": 120, "members": 150, "meetings": 40, "households": 300}


@pytest.fixture
def seeded(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    out = io.StringIO()
    call_command("seed_bench", **SIZES, stdout=out)
    return out.getvalue()


def test_it_seeds_the_sizes_asked_for_and_says_how_long_it_took(seeded):
    assert ServiceRequest.objects.count() == SIZES["requests"]
    assert Notice.objects.count() == SIZES["notices"]
    assert PartyMember.objects.count() == SIZES["members"]
    assert Meeting.objects.count() >= SIZES["meetings"]  # the demo plans the coming meetings too
    assert "Bench data ready in" in seeded


def test_rows_are_spread_over_several_communities(seeded):
    assert Community.objects.count() == 5
    per_community = ServiceRequest.objects.values("community").distinct().count()
    assert per_community == 5
    assert Notice.objects.values("community").distinct().count() == 5


def test_requests_come_with_timelines_ratings_and_attachments_in_proportion(seeded):
    n = ServiceRequest.objects.count()
    assert 3 * n < RequestEvent.objects.count() < 10 * n
    closed = ServiceRequest.objects.filter(status="closed").count()
    assert closed > n / 2
    assert 0 < Rating.objects.count() < closed
    assert 0 < Attachment.objects.values("request").distinct().count() < n / 3
    assert ServiceRequest.objects.filter(status__in=ServiceRequest.OPEN).exists()
    assert Attendance.objects.exists() and Resolution.objects.exists() and Participation.objects.exists()


def test_the_next_filing_on_a_seeded_day_gets_a_fresh_reference(seeded):
    from django.utils import timezone

    for req in ServiceRequest.objects.order_by("-created_at")[:3]:
        reference = ReferenceCounter.next_reference(req.community, timezone.localdate(req.created_at))
        assert not ServiceRequest.objects.filter(reference=reference).exists()


def test_running_it_again_at_the_same_size_adds_nothing(seeded):
    before = (ServiceRequest.objects.count(), RequestEvent.objects.count(), Notice.objects.count())
    out = io.StringIO()
    call_command("seed_bench", **SIZES, stdout=out)
    assert (ServiceRequest.objects.count(), RequestEvent.objects.count(), Notice.objects.count()) == before
    assert "nothing to add" in out.getvalue()


def test_bench_activities_never_take_a_title_seed_demo_looks_up(seeded):
    # seed_demo finds its monthly activities by title when run again (as seed_bench does); a bench activity
    # of the same name made that lookup find several rows and fail.
    from django.db.models import Count

    from members.models import Activity

    demo_style = Activity.objects.filter(title__regex=r"（[0-9]{4}年[0-9]{1,2}月）$")
    twice = demo_style.values("community", "title").annotate(n=Count("id")).filter(n__gt=1)
    assert demo_style.exists() and not twice.exists()


def test_a_larger_size_tops_the_requests_up(seeded):
    call_command("seed_bench", **{**SIZES, "requests": 800}, stdout=io.StringIO())
    assert ServiceRequest.objects.count() == 800


def test_it_refuses_production_settings(settings):
    from django.core.management.base import CommandError

    settings.DEBUG, settings.TESTING = False, False
    with pytest.raises(CommandError):
        call_command("seed_bench", **SIZES, stdout=io.StringIO())


def test_every_key_page_of_the_issue_is_benched():
    names = {page.name for page in PAGES}
    wanted = {"floor", "home", "notices", "notice search", "catalog", "desk", "desk filtered", "request"}
    wanted |= {"my requests", "tracking", "meeting", "resolutions", "open figures"}
    assert wanted <= names


def test_every_bench_page_answers_its_user_on_the_seeded_data(seeded):
    for page in PAGES:
        client = Client()
        user = page.user()
        if user is not None:
            client.force_login(user)
        path = page.path()
        response = client.post(path, page.form()) if page.form else client.get(path)
        assert response.status_code == 200, (page.name, path, response.status_code)
        if page.name == "tracking":
            assert page.form()["ref"] in response.content.decode()
