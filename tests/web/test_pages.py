"""What every page carries: a description, deferred scripts, a dialable phone link, the ICP number."""

import re

import pytest
from django.test import Client

from portal.templatetags.phone import tel
from tests import factories
from tests.test_permission_matrix import World

from .pages import html_pages

pytestmark = pytest.mark.django_db

DESCRIPTION = re.compile(r'<meta name="description" content="([^"]+)">')
SCRIPT = re.compile(r"<script\b[^>]*>")


def test_every_page_has_a_description_and_defers_its_scripts(actors, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    pages = html_pages(World(actors), roles=["anonymous", "staff"])
    assert len(pages) > 40
    for page in pages:
        found = DESCRIPTION.search(page.html)
        assert found and found.group(1).strip(), page.url
        for tag in SCRIPT.findall(page.html):
            # Data blocks (JSON read by a script) do not run, so they have nothing to defer.
            assert " defer" in tag or re.search(r'type="application/(ld\+)?json"', tag), f"{page.url}: {tag}"


def test_public_pages_describe_themselves(actors):
    item = factories.make_item(actors.community, "老年优待证办理", summary="年满60周岁的常住居民可申领。")
    home = DESCRIPTION.search(Client().get("/").content.decode()).group(1)
    guide = DESCRIPTION.search(Client().get(item.get_absolute_url()).content.decode()).group(1)
    assert guide == "年满60周岁的常住居民可申领。" and home != guide


@pytest.mark.parametrize(
    "written, dialled",
    [("0531-8888 6666", "053188886666"), ("(0531) 88886666", "053188886666"), ("+86 531 8888 6666", "+8653188886666")],
)
def test_phone_links_dial_without_spaces(written, dialled):
    assert tel(written) == dialled


def test_the_footer_links_the_office_phone_without_spaces(actors):
    actors.community.phone = "0531-8888 6666"
    actors.community.save()
    html = Client().get("/privacy/").content.decode()
    assert 'href="tel:053188886666"' in html


def test_the_footer_shows_the_icp_filing_number_when_set(actors, settings):
    settings.ICP_FILING_NUMBER = "鲁ICP备12345678号-1"
    html = Client().get("/").content.decode()
    assert "鲁ICP备12345678号-1" in html and "https://beian.miit.gov.cn/" in html


def test_without_a_filing_number_the_footer_shows_no_empty_link(actors, settings):
    settings.ICP_FILING_NUMBER = ""
    assert "beian.miit.gov.cn" not in Client().get("/").content.decode()
