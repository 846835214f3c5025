"""robots.txt points to the sitemap; the sitemap lists every public page and nothing private."""

import pytest
from django.test import Client

from tests import factories

pytestmark = pytest.mark.django_db


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_private_pages(actors):
    response = Client().get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /accounts/" in text and "Disallow: /services/desk/" in text


def test_the_sitemap_lists_every_public_page(actors):
    item = factories.make_item(actors.community, "低保申请")
    hidden = factories.make_item(actors.community, "已停办事项", is_active=False)
    notice = factories.make_notice(actors.community, actors.staff, title="公开的通知")
    elsewhere = factories.make_item(actors.other_community, "别的社区的事项")
    body = Client().get("/sitemap.xml").content.decode()
    for path in [
        "/",
        "/notices/",
        f"/notices/{notice.pk}/",
        "/services/",
        f"/services/items/{item.pk}/",
        "/services/track/",
        "/open/",
        "/members/committee/",
        "/meetings/resolutions/",
        "/privacy/",
    ]:
        assert f"<loc>http://testserver{path}</loc>" in body, path
    assert f"/services/items/{hidden.pk}/" not in body and f"/services/items/{elsewhere.pk}/" not in body
    assert "/services/desk/" not in body and "/accounts/" not in body
