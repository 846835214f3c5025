"""The subscribe link opens a page people can read (the feed's address and what it holds), not raw XML."""

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def test_the_list_links_to_the_subscribe_page_not_the_feed(actors):
    page = actors.client(None).get(reverse("notices:list")).content.decode()
    assert f'href="{reverse("notices:subscribe")}"' in page


def test_the_subscribe_page_gives_the_feed_address_and_what_it_holds(actors):
    response = actors.client(None).get(reverse("notices:subscribe"))
    page = response.content.decode()
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert "http://testserver" + reverse("notices:feed") in page
    assert "30" in page and "RSS" in page


def test_a_category_subscription_names_the_category_and_its_feed(actors):
    url = reverse("notices:subscribe") + "?category=finance"
    page = actors.client(None).get(url).content.decode()
    assert reverse("notices:category_feed", args=["finance"]) in page and "财务公开" in page
    list_page = actors.client(None).get(reverse("notices:list") + "?category=finance").content.decode()
    assert reverse("notices:subscribe") + "?category=finance" in list_page


def test_an_unknown_category_falls_back_to_all_notices(actors):
    page = actors.client(None).get(reverse("notices:subscribe") + "?category=<b>").content.decode()
    assert 'value="http://testserver/notices/feed/"' in page


def test_the_feed_itself_stays_valid_rss(actors):
    factories.make_notice(actors.community, title="停水通知")
    response = actors.client(None).get(reverse("notices:feed"))
    assert response["Content-Type"].startswith("application/rss+xml")
    assert response.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>\n<rss')


def test_it_rejects_post(actors):
    assert actors.client(None).post(reverse("notices:subscribe")).status_code in (403, 405)
