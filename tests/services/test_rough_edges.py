"""Rough edges residents met, each fixed: forms keep what was written, say what happened, ask only what fits."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from services.models import Rating, ServiceRequest
from tests import factories

pytestmark = pytest.mark.django_db


def finished_request(actors) -> ServiceRequest:
    req = factories.make_request(actors.community, actors.resident)
    req.accept(actors.staff)
    req.start(actors.staff)
    req.complete(actors.staff)
    return req


def rate_url(req) -> str:
    return reverse("services:applicant_act", args=[req.reference, "rate"])


def test_a_rating_without_a_score_keeps_the_comment_and_shows_the_error_at_the_field(actors):
    req = finished_request(actors)
    response = actors.client("resident").post(rate_url(req), {"rate-comment": "窗口态度很好，但等了很久"})
    html = response.content.decode()
    assert response.status_code == 400 and not Rating.objects.exists()
    assert "窗口态度很好，但等了很久" in html
    field = html[html.index('id="rate-heading"') :]
    assert field.index("invalid-feedback") < field.index("窗口态度很好")  # the error sits in the rating form


def test_a_rating_says_it_was_recorded(actors):
    req = finished_request(actors)
    data = {"rate-solved": "yes", "rate-score": "5", "rate-comment": ""}
    response = actors.client("resident").post(rate_url(req), data, follow=True)
    assert "谢谢，您的评价已记录。" in response.content.decode()
    assert Rating.objects.get().solved is True


@pytest.mark.parametrize(
    "action, data, said",
    [
        ("accept", {"accept-note": ""}, "已受理。"),
        ("note", {"note-text": "已电话联系", "note-public": "on"}, "记录已加入办理进度。"),
        ("reject", {"reject-reason": "不属于本社区受理范围"}, "已不予受理，并说明了理由。"),
    ],
)
def test_each_staff_step_says_what_it_did(actors, action, data, said):
    req = factories.make_request(actors.community, actors.resident)
    url = reverse("services:act", args=[req.reference, action])
    html = actors.client("staff").post(url, data, follow=True).content.decode()
    assert said in html and "已保存。" not in html


def test_the_service_choice_asks_for_a_service_instead_of_dashes(actors):
    factories.make_item(actors.community, "生育登记")
    html = actors.client("resident").get(reverse("services:apply")).content.decode()
    assert "请选择服务事项" in html and "---------" not in html


def test_a_home_visit_needs_an_address(actors):
    data = {"kind": "appeal", "description": "老人行动不便", "wants_home_visit": "on"}
    data["form_token"] = "6b3a2d8e-0a4c-4b8e-9a53-1f7d7c1e2a90"
    response = actors.client("resident").post(reverse("services:apply"), data)
    assert response.status_code == 200 and not ServiceRequest.objects.exists()
    assert "请填写上门办理或送达的地址。" in response.content.decode()
    data["address"] = "红星路3号楼2单元"
    actors.client("resident").post(reverse("services:apply"), data)
    assert ServiceRequest.objects.get().wants_home_visit


def test_an_objection_is_titled_as_one_and_offers_no_home_visit(actors):
    today = timezone.localdate()
    notice = factories.make_notice(
        actors.community, publicity_from=today - timedelta(days=1), publicity_to=today + timedelta(days=3)
    )
    html = actors.client("resident").get(f"{reverse('services:apply')}?notice={notice.pk}").content.decode()
    assert "<h1" in html and "提出异议" in html[html.index("<h1") : html.index("</h1>")]
    assert "wants_home_visit" not in html and "needs_delivery" not in html and "id_address" not in html


def test_my_open_requests_on_the_work_page_leave_out_finished_ones(actors):
    done = finished_request(actors)
    done.assign(actors.staff, actors.staff)
    doing = factories.make_request(actors.community, actors.resident)
    doing.assign(actors.staff, actors.staff)
    from services.work_panels import my_open_requests

    listed = [row["label"] for row in my_open_requests(actors.staff)["rows"]]
    assert any(doing.reference in label for label in listed)
    assert not any(done.reference in label for label in listed)


def test_a_short_password_is_refused_in_chinese(client, actors):
    from tests import sms

    client.post(reverse("register"), {"phone": "13812345678"})  # registration starts with a code by SMS
    data = {"code": sms.last_code("13812345678"), "real_name": "周小红", "community": actors.community.pk}
    data |= {"password1": "Ab1!", "password2": "Ab1!", "consent": "on"}
    html = client.post(reverse("register_verify"), data).content.decode()
    assert "密码太短，至少需要 8 个字符。" in html and "too short" not in html
