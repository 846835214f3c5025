"""Cached parts of logged-in pages: served again until the community's data changes, never another's token.

The part cache is off in tests (as in development); these tests turn it on. A change moves the community's
generation once its transaction commits, so the views are driven inside django_capture_on_commit_callbacks.
"""

import re

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.models import CommitteeSeat
from portal import fragments
from portal.access import Role, has_role
from portal.models import Community, User
from portal.pagecache import PLACEHOLDER
from services.models import ServiceRequest
from tests import factories

pytestmark = pytest.mark.django_db
DESK = reverse("services:desk")
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"')


@pytest.fixture(autouse=True)
def _parts_cached(settings):
    settings.FRAGMENT_CACHE_SECONDS = 300


def generation(community: Community) -> int:
    return Community.objects.values_list("generation", flat=True).get(pk=community.pk)


def queries(client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        page = client.get(url)
    assert page.status_code == 200
    return len(captured), page.content.decode()


def test_the_desk_is_served_again_from_the_cache_with_fewer_queries_and_the_same_rows(actors):
    req = factories.make_request(actors.community, actors.resident, description="楼道灯不亮")
    client = actors.client("staff")
    first_count, first = queries(client, DESK)
    second_count, second = queries(client, DESK)
    assert second_count < first_count
    assert req.reference in second and req.title in second
    assert TOKEN.sub("", first) == TOKEN.sub("", second)


def test_every_viewer_gets_their_own_csrf_token_in_a_cached_part_and_it_works(actors):
    req = factories.make_request(actors.community, actors.resident)
    actors.client("staff").get(DESK)  # fills the cache
    other = actors.client("admin")
    page = other.get(DESK).content.decode()
    assert PLACEHOLDER not in page
    tokens = set(TOKEN.findall(page))
    assert len(tokens) == 1
    # The bulk-assignment form in the cached part posts with the token the second viewer was given.
    other.enforce_csrf_checks = True
    other.handler.enforce_csrf_checks = True
    response = other.post(
        reverse("services:bulk_assign"),
        {"csrfmiddlewaretoken": tokens.pop(), "refs": [req.reference], "assignee": actors.staff.pk},
    )
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.assignee == actors.staff


def test_a_step_taken_on_a_request_shows_on_the_next_desk_page(actors, django_capture_on_commit_callbacks):
    req = factories.make_request(actors.community, actors.resident)
    client = actors.client("staff")
    before = generation(actors.community)
    page = client.get(reverse("services:desk") + "?status=accepted").content.decode()
    assert req.reference not in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("services:act", args=[req.reference, "accept"]), {"accept-note": "受理"})
    assert generation(actors.community) > before
    req.refresh_from_db()
    assert req.status == ServiceRequest.Status.ACCEPTED
    assert req.reference in client.get(reverse("services:desk") + "?status=accepted").content.decode()


def test_a_change_written_without_signals_shows_too(actors, django_capture_on_commit_callbacks):
    # QuerySet.update() sends no signal: the code that uses it calls fragments.touch() itself.
    req = factories.make_request(actors.community, actors.resident, description="原来的描述")
    client = actors.client("staff")
    assert "原来的描述" in client.get(req.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        ServiceRequest.objects.filter(pk=req.pk).update(description="改过的描述")
        fragments.touch(req.community_id)
    assert "改过的描述" in client.get(req.get_absolute_url()).content.decode()


def test_a_change_in_another_community_leaves_this_ones_parts_alone(actors, django_capture_on_commit_callbacks):
    home, other = generation(actors.community), generation(actors.other_community)
    with django_capture_on_commit_callbacks(execute=True):
        factories.make_request(actors.other_community, actors.outsider_resident)
    assert generation(actors.community) == home
    assert generation(actors.other_community) > other


def test_a_rolled_back_change_moves_nothing(actors, django_capture_on_commit_callbacks):
    before = generation(actors.community)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        factories.make_request(actors.community, actors.resident)
        raise RuntimeError
    assert generation(actors.community) == before


def test_a_login_moves_nothing_but_a_new_name_does(actors, django_capture_on_commit_callbacks):
    before = generation(actors.community)
    with django_capture_on_commit_callbacks(execute=True):
        actors.staff.last_login = None
        actors.staff.save(update_fields=["last_login"])
    assert generation(actors.community) == before
    with django_capture_on_commit_callbacks(execute=True):
        actors.staff.real_name = "李秀梅（新）"
        actors.staff.save()
    assert generation(actors.community) > before


def test_saving_a_community_loaded_earlier_does_not_wind_its_generation_back(
    actors, django_capture_on_commit_callbacks
):
    stale = Community.objects.get(pk=actors.community.pk)
    with django_capture_on_commit_callbacks(execute=True):
        factories.make_request(actors.community, actors.resident)
    moved = generation(actors.community)
    stale.office_hours = "周一至周五"
    stale.save()
    assert generation(actors.community) >= moved
    assert Community.objects.get(pk=stale.pk).office_hours == "周一至周五"


def test_a_new_seat_gives_the_committee_role_at_once(actors, django_capture_on_commit_callbacks):
    user = actors.resident
    assert not has_role(User.objects.get(pk=user.pk), Role.COMMITTEE)  # now remembered in the cache
    with django_capture_on_commit_callbacks(execute=True):
        factories.make_seat(factories.make_unit(actors.community, "区医保局"), user=user, holder_name=user.real_name)
    assert has_role(User.objects.get(pk=user.pk), Role.COMMITTEE)
    with django_capture_on_commit_callbacks(execute=True):
        CommitteeSeat.objects.filter(user=user).delete()
    assert not has_role(User.objects.get(pk=user.pk), Role.COMMITTEE)


def test_a_group_change_counts_at_once(actors, django_capture_on_commit_callbacks):
    from django.contrib.auth.models import Group

    user = actors.resident
    assert not has_role(User.objects.get(pk=user.pk), Role.STAFF)
    with django_capture_on_commit_callbacks(execute=True):
        user.groups.add(Group.objects.get_or_create(name="staff")[0])
    assert has_role(User.objects.get(pk=user.pk), Role.STAFF)


def test_the_meeting_record_is_kept_per_viewer(actors):
    meeting = factories.make_held_meeting(actors.community)
    url = reverse("meetings:detail", args=[meeting.pk])
    staff_page = actors.client("staff").get(url).content.decode()
    member_page = actors.client("committee_member").get(url).content.decode()
    again = actors.client("staff").get(url).content.decode()
    assert TOKEN.sub("", staff_page) == TOKEN.sub("", again)
    assert TOKEN.sub("", staff_page) != TOKEN.sub("", member_page)


def test_a_tracked_request_follows_its_own_communitys_changes(actors, client, django_capture_on_commit_callbacks):
    # A visitor's page belongs to the default community; the request they track may be another's.
    req = factories.make_request(actors.other_community, actors.outsider_resident)
    form = {"ref": req.reference, "digits": req.applicant_phone[-4:]}
    url = reverse("services:track")
    assert req.reference in client.post(url, form).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        req.accept(actors.outsider, note="已受理，三日内上门")
    # Digits show the public step (the new status), not the note written for the applicant.
    assert 'class="badge status-accepted"' in client.post(url, form).content.decode()


def test_a_timeline_entry_moves_only_its_requests_community(actors, django_capture_on_commit_callbacks):
    req = factories.make_request(actors.community, actors.resident)
    fresh = ServiceRequest.objects.get(pk=req.pk)  # the entry's request not loaded with it
    home, other = generation(actors.community), generation(actors.other_community)
    with django_capture_on_commit_callbacks(execute=True):
        fresh.events.create(author=actors.staff, text="电话联系居民", public=True)
    assert generation(actors.community) > home and generation(actors.other_community) == other


def test_rows_every_community_shares_move_every_community(actors, django_capture_on_commit_callbacks):
    from services.models import CalendarDay

    before = (generation(actors.community), generation(actors.other_community))
    with django_capture_on_commit_callbacks(execute=True):
        CalendarDay.objects.create(day="2027-02-10", is_workday=False)
    after = (generation(actors.community), generation(actors.other_community))
    assert after[0] > before[0] and after[1] > before[1]


def test_audit_entries_and_notifications_move_nothing(actors, django_capture_on_commit_callbacks):
    from portal.notify import notify

    before = generation(actors.community)
    with django_capture_on_commit_callbacks(execute=True):
        notify(actors.resident, "您的申请已受理", "")
    assert generation(actors.community) == before
    assert "portal.auditlog" not in {m._meta.label_lower for m in fragments.tracked_models()}


def test_a_token_anywhere_in_a_part_is_each_viewers_own(actors, rf):
    from django.middleware.csrf import _unmask_cipher_token
    from django.template import engines

    template = engines["django"].from_string(
        '{% load fragments %}{% fragment t %}<div data-hx-headers=\'{"X-CSRFToken": "{{ csrf_token }}"}\'>'
        "<form>{% csrf_token %}</form>render {{ n }}</div>{% endfragment %}"
    )

    def render(user, n):
        request = rf.get("/")
        request.user = user
        html = template.render({"community": actors.community, "n": n}, request)
        (token,) = TOKEN.findall(html)  # the viewer's own: their request's CSRF secret, masked
        assert _unmask_cipher_token(token) == request.META["CSRF_COOKIE"]
        return html, token

    first, first_token = render(actors.staff, 1)
    second, token = render(actors.admin, 2)
    assert "render 1" in second  # served from the cache
    assert PLACEHOLDER not in second and second.count(token) == 2 and token != first_token
    assert first.replace(first_token, "T") == second.replace(token, "T")


def test_the_top_bar_shows_a_new_name_and_new_notifications(actors, django_capture_on_commit_callbacks):
    from portal.notify import notify

    client = actors.client("resident")
    assert "张桂兰" in client.get(reverse("services:mine")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        actors.resident.real_name = "张桂芳"
        actors.resident.save()
    page = client.get(reverse("services:mine")).content.decode()
    assert "张桂芳" in page and "张桂兰" not in page
    badge = '<span class="badge rounded-pill bg-warning text-dark">1<span class="visually-hidden">'
    assert badge not in page
    notify(actors.resident, "您的申请已受理", "")  # moves no generation: the unread count is part of the key
    assert badge in client.get(reverse("services:mine")).content.decode()


def test_a_new_filing_shows_in_my_requests(actors, django_capture_on_commit_callbacks):
    client = actors.client("resident")
    assert "HX" not in client.get(reverse("services:mine")).content.decode().split("<main", 1)[1]
    with django_capture_on_commit_callbacks(execute=True):
        req = factories.make_request(actors.community, actors.resident)
    assert req.reference in client.get(reverse("services:mine")).content.decode()


def test_a_user_moved_to_another_community_leaves_both_fresh(actors, django_capture_on_commit_callbacks):
    home, other = generation(actors.community), generation(actors.other_community)
    with django_capture_on_commit_callbacks(execute=True):
        actors.staff.community = actors.other_community
        actors.staff.save()
    assert generation(actors.community) > home and generation(actors.other_community) > other


def test_roles_remembered_in_one_community_are_not_taken_to_another(actors):
    from django.contrib.auth.models import Group

    user = User.objects.get(pk=actors.staff.pk)
    assert has_role(user, Role.STAFF)  # remembered for 红星社区 at its generation
    other = actors.other_community
    Community.objects.filter(pk=other.pk).update(generation=generation(actors.community))
    user.groups.remove(Group.objects.get(name="staff"))
    User.objects.filter(pk=user.pk).update(community=other)  # same generation number, another community
    assert not has_role(User.objects.get(pk=user.pk), Role.STAFF)


def test_adding_users_to_a_group_from_the_group_side_counts_at_once(actors, django_capture_on_commit_callbacks):
    from django.contrib.auth.models import Group

    user = actors.resident
    assert not has_role(User.objects.get(pk=user.pk), Role.STAFF)
    with django_capture_on_commit_callbacks(execute=True):
        Group.objects.get_or_create(name="staff")[0].user_set.add(user)
    assert has_role(User.objects.get(pk=user.pk), Role.STAFF)


def test_a_login_reads_no_old_row_for_a_community_move(actors):
    with CaptureQueriesContext(connection) as captured:
        actors.staff.save(update_fields=["last_login"])
    assert len(captured) == 1  # the UPDATE itself
