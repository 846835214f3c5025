"""An XSS corpus rendered inert in the detail page, the live preview and the RSS feed."""

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from portal.markdown import render_markdown
from tests.factories import make_notice

pytestmark = pytest.mark.django_db

XSS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<img src="x" onerror="alert(1)">',
    "<img src=x onerror=alert(1)//",
    '<svg onload="alert(1)"><circle r="10"/></svg>',
    "<svg><script>alert(1)</script></svg>",
    '<a href="javascript:alert(1)">点我</a>',
    '<a href="JaVaScRiPt:alert(1)">大小写</a>',
    '<a href="&#106;avascript:alert(1)">实体编码</a>',
    '<a href="java\tscript:alert(1)">制表符</a>',
    "[Markdown 链接](javascript:alert(1))",
    "![图片](javascript:alert(1))",
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data</a>',
    "[data 链接](data:text/html,<script>alert(1)</script>)",
    '<iframe src="https://evil.example"></iframe>',
    '<object data="evil.swf"></object><embed src="evil.swf">',
    '<div style="background:url(javascript:alert(1))">样式</div>',
    '<body onload="alert(1)">',
    '<input autofocus onfocus="alert(1)">',
    '<details open ontoggle="alert(1)">',
    '<form action="https://evil.example"><button>提交</button></form>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    "<<script>script>alert(1)<</script>/script>",
    '<img """><script>alert(1)</script>">',
    "<scr<script>ipt>alert(1)</script>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<style>body{display:none}</style><link rel="stylesheet" href="https://evil.example/x.css">',
    "<!--<img src=x onerror=alert(1)>-->",
    '<p title="</p><script>alert(1)</script>">标题属性</p>',
    '<a href="https://example.org" target="_blank">外链</a>',
]

FORBIDDEN_TAGS = {
    "script", "iframe", "object", "embed", "svg", "math", "style", "link", "meta", "form", "input", "button",
    "body", "details", "base", "textarea", "select",
}  # fmt: skip
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "background", "poster"}


class _Elements(HTMLParser):
    """Every element and attribute a browser would build from the markup."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, list[tuple[str, str]]]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, [(name, value or "") for name, value in attrs]))


def assert_inert(html: str) -> None:
    parser = _Elements()
    parser.feed(html)
    for tag, attrs in parser.found:
        assert tag not in FORBIDDEN_TAGS, f"<{tag}> survived in {html!r}"
        for name, value in attrs:
            assert not name.startswith("on"), f"event handler {name} survived in {html!r}"
            assert name != "style", f"style attribute survived in {html!r}"
            if name in URL_ATTRIBUTES:
                # What a browser's URL parser does: trim C0 controls and spaces, drop tabs and newlines.
                url = re.sub(r"[\t\n\r]", "", value.strip("".join(map(chr, range(33))))).lower()
                scheme = url.split(":", 1) if re.match(r"^[a-z][a-z0-9+.-]*:", url) else [url]
                assert len(scheme) == 1 or scheme[0] in {"http", "https", "mailto", "tel"}, f"{name}={value!r}"


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
