"""Elderly mode is kept on the account, so it follows the user to another browser; visitors keep a cookie."""

import pytest
from django.test import Client
from django.urls import reverse

from portal.models import User

pytestmark = pytest.mark.django_db


def elderly_page(client: Client) -> bool:
    return 'class="elderly"' in client.get("/").content.decode()


def test_a_logged_in_choice_is_kept_on_the_account_and_follows_to_a_new_phone(actors):
    actors.client("resident").post(reverse("toggle_elderly"), {"elderly": "1", "next": "/"})
    assert User.objects.get(pk=actors.resident.pk).elderly_mode
    new_phone = actors.client("resident")  # another browser, no cookie
    assert elderly_page(new_phone)


def test_turning_it_off_is_kept_too(actors):
    User.objects.filter(pk=actors.resident.pk).update(elderly_mode=True)
    client = actors.client("resident")
    response = client.post(reverse("toggle_elderly"), {"elderly": "0"})
    assert response.status_code == 302 and not User.objects.get(pk=actors.resident.pk).elderly_mode
    assert not elderly_page(actors.client("resident"))


def test_without_a_value_the_toggle_flips_the_accounts_mode(actors):
    client = actors.client("resident")
    client.post(reverse("toggle_elderly"))
    assert User.objects.get(pk=actors.resident.pk).elderly_mode
    client.post(reverse("toggle_elderly"))
    assert not User.objects.get(pk=actors.resident.pk).elderly_mode


def test_a_visitors_choice_stays_in_the_browser_and_comes_along_at_login(actors):
    from tests.factories import PASSWORD

    client = Client()
    client.post(reverse("toggle_elderly"), {"elderly": "1"})
    assert elderly_page(client)
    client.post(reverse("login"), {"username": actors.resident.phone, "password": PASSWORD})
    assert User.objects.get(pk=actors.resident.pk).elderly_mode


def test_someone_elses_cookie_does_not_turn_it_on_for_an_account_that_chose_standard(actors):
    client = actors.client("resident")
    client.cookies["elderly"] = "1"
    assert not elderly_page(client)  # the account's choice wins once logged in
