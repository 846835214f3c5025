from unittest import mock

import pytest
from django.db.utils import OperationalError
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_works_for_visitors(client, actors):
    response = client.get("/")
    assert response.status_code == 200
    assert actors.community.name in response.content.decode()


def test_home_rejects_post(client, db):
    assert client.post("/").status_code == 405


def test_footer_shows_the_communitys_contacts(client, actors):
    page = client.get("/").content.decode()
    assert actors.community.phone in page and actors.community.address in page


def test_privacy_notice_exists(client, db):
    assert client.get(reverse("privacy")).status_code == 200


def test_healthz_ok_when_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json()["database"] == "ok"


def test_healthz_503_when_database_is_down(client, db):
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["database"] == "down"


def test_elderly_mode_is_remembered_per_browser(client, db):
    response = client.post(reverse("toggle_elderly"), {"elderly": "1", "next": "/privacy/"})
    assert response.status_code == 302 and response["Location"] == "/privacy/"
    assert 'class="elderly"' in client.get("/").content.decode()
    client.post(reverse("toggle_elderly"), {"elderly": "0"})
    assert 'class="elderly"' not in client.get("/").content.decode()


def test_elderly_toggle_refuses_get_and_foreign_redirects(client, db):
    assert client.get(reverse("toggle_elderly")).status_code == 405
    response = client.post(reverse("toggle_elderly"), {"elderly": "1", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_friendly_404(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and "页面不存在" in response.content.decode()


def test_security_headers(client, db):
    response = client.get("/")
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


def test_static_assets_are_local(client, db):
    page = client.get("/").content.decode()
    assert "/static/vendor/bootstrap/css/bootstrap.min.css" in page
    assert "/static/vendor/htmx/htmx.min.js" in page
    assert "cdn" not in page.lower() and "https://" not in page


def test_friendly_403_page(actors):
    response = actors.client("resident").get(reverse("user_list"))
    assert response.status_code == 403 and "您无权打开此页面" in response.content.decode()


def test_500_page_renders_without_the_database(rf):
    from portal.views.pages import error_500

    response = error_500(rf.get("/"))
    assert response.status_code == 500 and "出错了" in response.content.decode()


def test_navigation_fits_the_role(actors):
    staff_page = actors.client("staff").get("/").content.decode()
    admin_page = actors.client("admin").get("/").content.decode()
    resident_page = actors.client("resident").get("/").content.decode()
    assert reverse("user_list") in staff_page and reverse("audit_log") not in staff_page
    assert reverse("audit_log") in admin_page
    assert reverse("user_list") not in resident_page and reverse("login") not in resident_page


def test_database_outage_answers_503_not_a_traceback(db):
    from django.test import Client

    client = Client(raise_request_exception=False)
    with mock.patch("portal.views.pages.public_community", side_effect=OperationalError("server closed")):
        response = client.get("/")
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert "暂时无法访问" in response.content.decode()


def test_other_errors_answer_the_friendly_500(db):
    from django.test import Client

    client = Client(raise_request_exception=False)
    with mock.patch("portal.views.pages.public_community", side_effect=ValueError("bug")):
        response = client.get("/")
    assert response.status_code == 500 and "出错了" in response.content.decode()
