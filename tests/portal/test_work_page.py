"""The staff work page (/work/): each app's panel, with links, in a fixed number of queries."""

from datetime import timedelta

import pytest
from django.utils import timezone

from notices.models import Notice
from services.models import Rating, ServiceRequest
from tests import factories
from tests.utils import assert_constant_queries

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


def add_work(actors, n=1):
    today = timezone.localdate()
    for i in range(n):
        req = factories.make_request(actors.community, actors.resident)
        req.accept(actors.staff)
        ServiceRequest.objects.filter(pk=req.pk).update(due_date=today - timedelta(days=2))
        done = factories.make_request(actors.community, actors.resident)
        done.accept(actors.staff)
        done.start(actors.staff)
        done.complete(actors.staff)
        done.rate(actors.resident, Rating.Score.DISSATISFIED)
        meeting = factories.make_meeting(actors.community, starts_at=timezone.now() + timedelta(hours=i + 1))
        factories.make_resolution(meeting, due_date=today + timedelta(days=3))
        factories.make_notice(actors.community, author=actors.staff, title=f"待审{i}", state=Notice.State.SUBMITTED)


def test_an_admin_sees_every_panel_with_its_link(actors):
    add_work(actors)
    page = actors.client("admin").get("/work/").content.decode()
    for title in ("我经办的未办结申请", "超期申请", "回访整改", "本月会议", "到期的议定事项", "待审核的公开信息"):
        assert title in page, title
    for link in (
        "/services/desk/?status=open&amp;overdue=on",
        "/meetings/",
        "/meetings/resolutions/mine/",
        "/notices/review/",
    ):
        assert link in page, link


def test_staff_do_not_see_the_admins_panels(actors):
    add_work(actors)
    page = actors.client("staff").get("/work/").content.decode()
    assert "我经办的未办结申请" in page and "待审核的公开信息" not in page and "件差评后的回访整改" not in page


def test_my_open_requests_are_mine_only(actors):
    factories.make_request(actors.community, actors.resident).accept(actors.admin)
    page = actors.client("staff").get("/work/").content.decode()
    assert "没有分配给您的未办结申请" in page


def test_the_work_page_needs_staff(actors):
    assert actors.client(None).get("/work/").status_code == 302
    assert actors.client("resident").get("/work/").status_code == 403
    assert actors.client("staff").post("/work/").status_code == 405


def test_other_communities_work_stays_out(actors):
    add_work(actors)
    page = actors.client("outsider").get("/work/").content.decode()
    assert "待审0" not in page and "HX" not in page


def test_the_work_page_has_a_fixed_number_of_queries(actors):
    add_work(actors, 2)
    assert_constant_queries(actors.client("admin"), "/work/", lambda: add_work(actors, 8))
