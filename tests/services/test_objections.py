"""Objections (异议) to a notice in its publicity period go through the desk as a linked suggestion.

They carry a 异议 badge and a link to the notice on the desk and the request page, and the notice's author
(or, when the author no longer works for the community, its admins) is told when one is filed.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.models import Notification, OutboxMessage
from services.models import ServiceRequest
from tests.factories import make_notice, make_request, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def author(actors):
    return make_staff(actors.community, "陈文书", email="chen@example.org")


@pytest.fixture
def publicised(actors, author):
    today = timezone.localdate()
    return make_notice(
        actors.community,
        author,
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


def object_to(actors, notice, text: str = "名单中有一户已不符合条件。") -> ServiceRequest:
    client = actors.client("resident")
    form = client.get(apply_url(notice))
    token = form.context["form"]["form_token"].value()
    response = client.post(apply_url(notice), {"kind": "suggestion", "description": text, "form_token": token})
    assert response.status_code == 302, response.context["form"].errors
    return ServiceRequest.objects.get(notice=notice)


def test_the_author_is_told_of_an_objection_in_the_portal_and_by_mail(actors, publicised, author):
    req = object_to(actors, publicised)
    note = Notification.objects.get(recipient=author)
    assert "2026年低保对象公示" in note.title and req.reference in note.body
    assert note.url == req.get_absolute_url()
    assert OutboxMessage.objects.filter(recipient="chen@example.org").exists()
    # Nobody else is bothered while the author is there to answer.
    assert not Notification.objects.filter(recipient=actors.admin).exists()


def test_when_the_author_is_gone_the_admins_are_told(actors, publicised, author):
    author.is_active = False
    author.save(update_fields=["is_active"])
    req = object_to(actors, publicised)
    note = Notification.objects.get(recipient=actors.admin)
    assert req.reference in note.body
    assert not Notification.objects.filter(recipient=author).exists()


def test_an_author_who_moved_to_another_community_is_not_told(actors, publicised, author):
    author.community = actors.other_community
    author.save(update_fields=["community"])
    object_to(actors, publicised)
    told = Notification.objects.filter(title__contains="2026年低保对象公示").values_list("recipient", flat=True)
    assert list(told) == [actors.admin.pk]


def test_an_ordinary_suggestion_tells_no_author(actors, publicised, author):
    make_request(actors.community, actors.resident, kind=ServiceRequest.Kind.SUGGESTION, description="多装路灯")
    assert not Notification.objects.filter(recipient=author).exists()


def test_the_desk_badges_an_objection_and_links_its_notice(actors, publicised):
    req = object_to(actors, publicised)
    plain = make_request(actors.community, actors.resident, kind=ServiceRequest.Kind.SUGGESTION, description="多装路灯")
    page = actors.client("staff").get(reverse("services:desk")).content.decode()
    row = page[page.index(req.reference) : page.index("</tr>", page.index(req.reference))]
    assert "objection-badge" in row and "异议" in row
    assert reverse("notices:detail", args=[publicised.pk]) in row
    other_row = page[page.index(plain.reference) : page.index("</tr>", page.index(plain.reference))]
    assert "objection-badge" not in other_row


def test_the_request_page_badges_an_objection_for_staff_and_the_resident(actors, publicised):
    req = object_to(actors, publicised)
    for who in ("staff", "resident"):
        page = actors.client(who).get(req.get_absolute_url()).content.decode()
        assert "objection-badge" in page and reverse("notices:detail", args=[publicised.pk]) in page


def test_an_objection_is_hidden_from_other_communities(actors, publicised):
    req = object_to(actors, publicised)
    assert actors.client("outsider").get(req.get_absolute_url()).status_code == 404


def test_the_desk_with_objections_is_for_staff_only(actors, publicised):
    object_to(actors, publicised)
    assert actors.client("resident").get(reverse("services:desk")).status_code == 403


def test_objecting_refuses_other_methods(actors, publicised):
    assert actors.client("resident").put(apply_url(publicised)).status_code == 405
    assert not ServiceRequest.objects.exists()


def test_an_empty_objection_is_refused_at_its_field_and_nobody_is_told(actors, publicised, author):
    client = actors.client("resident")
    token = client.get(apply_url(publicised)).context["form"]["form_token"].value()
    response = client.post(apply_url(publicised), {"kind": "suggestion", "description": "", "form_token": token})
    assert response.status_code == 200 and "description" in response.context["form"].errors
    assert not ServiceRequest.objects.exists() and not Notification.objects.filter(recipient=author).exists()
