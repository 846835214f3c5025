"""An XSS corpus rendered inert in the detail page, the live preview and the RSS feed."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from portal.markdown import render_markdown
from tests.attacks import XSS, assert_inert
from tests.factories import make_notice

pytestmark = pytest.mark.django_db


def test_the_corpus_is_large_enough():
    assert len(XSS) >= 20


@pytest.mark.parametrize("payload", XSS)
def test_markdown_renders_each_payload_inert(payload):
    assert_inert(str(render_markdown(f"正文开始\n\n{payload}\n\n正文结束")))


def _article(html: str) -> str:
    # The page's own scripts and forms (search, language) are not under test: only the notice content is.
    return html.split('<article class="notice">', 1)[1].split("</article>", 1)[0]


def _rows(html: str) -> str:
    return html.split('<ul class="list-group', 1)[1].split("</ul>", 1)[0]


@pytest.mark.parametrize("payload", XSS)
def test_detail_page_renders_each_payload_inert(client, actors, payload):
    notice = make_notice(actors.community, actors.staff, title="测试公告", summary=payload, body=payload)
    assert_inert(_article(client.get(notice.get_absolute_url()).content.decode()))


def test_titles_and_summaries_are_escaped_on_lists(client, actors):
    make_notice(actors.community, actors.staff, title="<script>alert(1)</script>", summary='<img onerror="x">')
    page = _rows(client.get(reverse("notices:list")).content.decode())
    assert "&lt;script&gt;" in page
    assert_inert(page)


@pytest.mark.parametrize("payload", XSS)
def test_preview_renders_each_payload_inert(actors, payload):
    response = actors.client("staff").post(reverse("notices:preview"), {"body": payload})
    assert response.status_code == 200
    assert_inert(response.content.decode())


def test_feed_renders_the_whole_corpus_inert(client, actors):
    for n, payload in enumerate(XSS):
        make_notice(actors.community, actors.staff, title=f"公告{n}", body=payload)
    feed = ET.fromstring(client.get(reverse("notices:feed")).content)
    descriptions = [d.text or "" for d in feed.iter("description")]
    assert len(descriptions) > len(XSS) // 2
    for html in descriptions:
        assert_inert(html)


def test_external_links_get_noopener_noreferrer():
    html = str(render_markdown("[区政府](https://gov.example.cn)"))
    assert 'href="https://gov.example.cn"' in html and 'rel="noopener noreferrer"' in html


def test_markdown_headings_start_below_the_page_title():
    html = str(render_markdown("# 一级\n\n### 三级\n\n正文"))
    assert "<h2>一级</h2>" in html and "<h3>三级</h3>" in html and "<h1" not in html


@pytest.mark.parametrize(
    "html",
    ['<a href=" java\tscript:alert(1)">x</a>', '<img src="DATA:image/png,x">', "<p onclick=x>", "<svg></svg>"],
)
def test_the_checker_itself_catches_live_markup(html):
    with pytest.raises(AssertionError):
        assert_inert(html)
