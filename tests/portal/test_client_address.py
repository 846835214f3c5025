"""Login lockout and the audit log read the same client address; a spoofed X-Forwarded-For changes nothing."""

import pytest
from django.test import Client
from django.urls import reverse

from portal.middleware import axes_client_ip, client_ip
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def fail(client, phone, forwarded):
    return client.post(reverse("login"), {"username": phone, "password": "wrong"}, HTTP_X_FORWARDED_FOR=forwarded)


def test_axes_is_given_the_audit_logs_address(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7", REMOTE_ADDR="10.0.0.2")
    assert axes_client_ip(request) == client_ip(request) == "198.51.100.7"
    assert settings.AXES_CLIENT_IP_CALLABLE == "portal.middleware.axes_client_ip"


def test_a_spoofed_forwarded_for_does_not_evade_the_lock(actors, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    client = Client(REMOTE_ADDR="10.0.0.2")  # the proxy
    for n in range(5):
        fail(client, actors.resident.phone, f"203.0.113.{n}, 198.51.100.7")
    response = client.post(
        reverse("login"),
        {"username": actors.resident.phone, "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="192.0.2.55, 198.51.100.7",
    )
    assert response.status_code == 403


def test_a_spoofed_forwarded_for_does_not_frame_another_address(actors, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    attacker = Client(REMOTE_ADDR="10.0.0.2")
    for _ in range(6):
        fail(attacker, actors.resident.phone, "198.51.100.99, 198.51.100.7")  # claims to be .99
    victim = Client(REMOTE_ADDR="10.0.0.2")
    response = victim.post(
        reverse("login"),
        {"username": actors.resident.phone, "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.99",  # the real .99, as the proxy appends it
    )
    assert response.status_code == 302
