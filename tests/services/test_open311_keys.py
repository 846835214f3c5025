"""Client apps' keys: a community admin issues one (shown once, stored hashed) and revokes it; so does a command."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from portal.models import AuditLog
from services.models import ApiClient
from tests.open311 import key_for

pytestmark = pytest.mark.django_db
URL = reverse("services:api_clients")


def test_an_admin_issues_a_key_that_is_shown_once(actors):
    client = actors.client("admin")
    response = client.post(URL, {"name": "市民热线"})
    key = response.context["new_key"]
    assert response.status_code == 200 and key in response.content.decode()
    app = ApiClient.objects.get()
    assert (app.community, app.name, app.created_by) == (actors.community, "市民热线", actors.admin)
    assert ApiClient.for_key(key) == app
    again = client.get(URL).content.decode()
    assert key not in again and app.key_hint in again
    entry = AuditLog.objects.get(object_repr="市民热线")
    assert entry.changes["key_hash"] == ["***", "***"]


def test_an_empty_name_issues_nothing(actors):
    response = actors.client("admin").post(URL, {"name": " "})
    assert response.context["form"].errors["name"] and not ApiClient.objects.exists()


def test_an_admin_revokes_a_key(actors):
    app, key = key_for(actors.community)
    response = actors.client("admin").post(reverse("services:api_client_revoke", args=[app.pk]))
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.revoked_at is not None and not ApiClient.for_key(key).active


def test_the_list_shows_only_the_communitys_own_keys(actors):
    key_for(actors.community, "本社区应用")
    key_for(actors.other_community, "别的社区应用")
    page = actors.client("admin").get(URL).content.decode()
    assert "本社区应用" in page and "别的社区应用" not in page


@pytest.mark.parametrize(("who", "code"), [(None, 302), ("resident", 403), ("staff", 403)])
def test_only_admins_see_the_keys(actors, who, code):
    assert actors.client(who).get(URL).status_code == code


def test_another_communitys_key_cannot_be_revoked(actors):
    app, _key = key_for(actors.other_community)
    assert actors.client("admin").post(reverse("services:api_client_revoke", args=[app.pk])).status_code == 404
    app.refresh_from_db()
    assert app.active


def test_revoking_wants_a_post(actors):
    app, _key = key_for(actors.community)
    assert actors.client("admin").get(reverse("services:api_client_revoke", args=[app.pk])).status_code == 405


def test_the_command_prints_the_key_once(actors):
    out, err = io.StringIO(), io.StringIO()
    call_command("open311_key", community="HX", name="志愿者小程序", stdout=out, stderr=err)
    key = out.getvalue().strip()
    app = ApiClient.for_key(key)
    assert app.name == "志愿者小程序" and app.community == actors.community and app.active
    assert key not in err.getvalue() and key not in app.key_hash


def test_the_command_refuses_an_unknown_community(actors):
    with pytest.raises(CommandError):
        call_command("open311_key", community="NOPE", name="x", stdout=io.StringIO(), stderr=io.StringIO())
