"""Attack corpora shared by every test that tries to break a form or a page.

XSS: markup and URLs a browser might run; `assert_inert` says whether HTML built
from them is harmless. MALFORMED: text that breaks naive code (NUL, lone
surrogates, direction overrides). OVERSIZED: far more than any field takes.
The upload corpus lives in tests/uploads.py.
"""

import re
from html.parser import HTMLParser
from urllib.parse import quote

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


# Text that is not what it seems. Lone surrogates cannot even be encoded as UTF-8:
# `form_bytes` sends them the way a broken client would (CESU-style bytes).
MALFORMED = {
    "NUL": "低保\x00申请",
    "lone surrogate": "楼道\ud800灯坏了",
    "RTL override": "\u202egnp.exe 楼道灯",
    "zero-width and BOM": "\ufeff楼\u200b道\u200d灯",
    "combining marks": "e" + "\u0301" * 500,
    "control characters": "第一行\r\n\x0b\x1b[31m第二行",
}

OVERSIZED = "长" * 100_000


def form_bytes(data: dict) -> bytes:
    """URL-encode a form the way a careless client would, lone surrogates included."""
    pairs = []
    for name, value in data.items():
        for item in value if isinstance(value, list | tuple) else [value]:
            raw = str(item).encode("utf-8", "surrogatepass")
            pairs.append(f"{quote(name)}={quote(raw)}")
    return "&".join(pairs).encode("ascii")
