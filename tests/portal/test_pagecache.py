"""Public pages from the shared cache: visitors get their own CSRF token, nobody else gets a cached page."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')


@pytest.fixture
def cached(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 30


def _tokens(response) -> set[str]:
    return set(TOKEN.findall(response.content.decode()))


def test_it_is_off_unless_configured(actors, client):
    factories.make_notice(actors.community, title="第一条通知")
    client.get("/notices/")
    factories.make_notice(actors.community, title="第二条通知")
    assert "第二条通知" in client.get("/notices/").content.decode()


def test_a_visitor_is_served_the_cached_page_without_queries(cached, actors, client):
    factories.make_notice(actors.community, title="第一条通知")
    client.get("/notices/")
    with CaptureQueriesContext(connection) as queries:
        second = client.get("/notices/")
    assert second.status_code == 200 and len(queries) == 0
    assert "第一条通知" in second.content.decode()


def test_each_visitor_gets_a_token_that_works_with_their_own_cookie(cached, actors, client):
    from django.test import Client

    client.get("/")
    other = Client(enforce_csrf_checks=True)
    page = other.get("/")
    (token,) = _tokens(page)
    assert "__portal_csrf_token__" not in page.content.decode()
    assert "csrftoken" in page.cookies
    response = other.post("/prefs/elderly/", {"csrfmiddlewaretoken": token, "elderly": "1", "next": "/"})
    assert response.status_code == 302


def test_logged_in_users_always_get_a_fresh_page(cached, actors):
    factories.make_notice(actors.community, title="第一条通知")
    staff = actors.client("staff")
    staff.get("/notices/")
    factories.make_notice(actors.community, title="第二条通知")
    assert "第二条通知" in staff.get("/notices/").content.decode()


def test_language_display_mode_and_query_each_have_their_own_copy(cached, actors, client):
    factories.make_notice(actors.community, title="低保复核公示")
    factories.make_notice(actors.community, title="停水通知")
    assert "停水通知" not in client.get("/notices/?q=低保").content.decode()
    assert "停水通知" in client.get("/notices/").content.decode()
    client.cookies["elderly"] = "1"
    assert 'class="elderly"' in client.get("/notices/").content.decode()
    client.cookies["django_language"] = "en"
    assert 'lang="en"' in client.get("/notices/").content.decode()


def test_pages_not_marked_public_are_never_cached(cached, actors, client):
    notice = factories.make_notice(actors.community, title="详情页")
    client.get(notice.get_absolute_url())
    with CaptureQueriesContext(connection) as queries:
        client.get(notice.get_absolute_url())
    assert len(queries) > 0  # the detail page counts every view
