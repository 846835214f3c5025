"""Objections (异议) to a notice in its publicity period go through the desk as a linked suggestion."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from services.models import ServiceRequest
from tests.factories import make_notice

pytestmark = pytest.mark.django_db


@pytest.fixture
def publicised(actors):
    today = timezone.localdate()
    return make_notice(
        actors.community,
        title="2026年低保对象公示",
        publicity_from=today - timedelta(days=2),
        publicity_to=today + timedelta(days=4),
    )


def apply_url(notice) -> str:
    return f"{reverse('services:apply')}?notice={notice.pk}"


def test_a_notice_in_its_publicity_period_offers_an_objection(client, publicised):
    page = client.get(reverse("notices:detail", args=[publicised.pk])).content.decode()
    assert apply_url(publicised).replace("&", "&amp;") in page and "提出异议" in page


def test_an_objection_files_a_suggestion_linked_to_the_notice(actors, publicised):
    client = actors.client("resident")
    form = client.get(apply_url(publicised))
    assert "2026年低保对象公示" in form.content.decode()
    response = client.post(
        apply_url(publicised),
        {
            "kind": "suggestion",
            "description": "名单中有一户已不符合条件。",
            "form_token": form.context["form"]["form_token"].value(),
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    req = ServiceRequest.objects.get()
    assert req.kind == ServiceRequest.Kind.SUGGESTION and req.notice == publicised and req.applicant == actors.resident
    page = client.get(req.get_absolute_url()).content.decode()
    assert "2026年低保对象公示" in page


def test_no_objection_outside_the_publicity_period(actors, publicised):
    publicised.publicity_to = timezone.localdate() - timedelta(days=1)
    publicised.save()
    response = actors.client("resident").get(apply_url(publicised))
    assert response.status_code == 302 and response["Location"] == reverse("notices:list")
    assert not ServiceRequest.objects.exists()


def test_no_objection_to_another_communitys_notice(actors, publicised):
    response = actors.client("outsider_resident").get(apply_url(publicised))
    assert response.status_code == 302
    assert not ServiceRequest.objects.exists()


def test_objecting_requires_login(client, publicised):
    response = client.get(apply_url(publicised))
    assert response.status_code == 302 and reverse("login") in response["Location"]
