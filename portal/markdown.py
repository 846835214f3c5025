"""Markdown → sanitized HTML for notices (and anything else staff write in Markdown).

Markdown lets raw HTML through, so the rendered HTML is always cleaned by nh3
(an allow-list sanitizer): only plain text-formatting tags survive, no
scripts, styles or event handlers, and links and images may only point to
http(s), mailto or tel URLs or to relative paths (no `javascript:` or
`data:`). Links get rel="noopener noreferrer". Headings are renumbered to
start at <h2> without gaps, because the page title is the only <h1> and
screen readers navigate by heading level.
"""

import re
import xml.etree.ElementTree as etree

import markdown as md
import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "del", "s", "sub", "sup",
    "blockquote", "ul", "ol", "li", "code", "pre", "a", "img",
    "table", "thead", "tbody", "tr", "th", "td", "caption",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"align", "scope"},
    "td": {"align"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
HEADING_RE = re.compile(r"^h([1-6])$")


class _HeadingLevels(Treeprocessor):
    """Map the heading levels a body uses, in order, onto h2, h3, … (no gaps)."""

    def run(self, root: etree.Element) -> None:
        headings = [el for el in root.iter() if HEADING_RE.match(el.tag)]
        levels = sorted({int(el.tag[1]) for el in headings})
        new_level = {old: min(2 + rank, 6) for rank, old in enumerate(levels)}
        for el in headings:
            el.tag = f"h{new_level[int(el.tag[1])]}"


class _HeadingExtension(Extension):
    def extendMarkdown(self, md_instance) -> None:  # noqa: N802 (Markdown's API name)
        md_instance.treeprocessors.register(_HeadingLevels(md_instance), "portal_headings", 1)


def sanitize(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def render_markdown(text: str) -> SafeString:
    """Render staff-written Markdown to HTML that is safe to put in a page or a feed."""
    html = md.markdown(text or "", extensions=["tables", "sane_lists", _HeadingExtension()], output_format="html")
    return mark_safe(sanitize(html))  # noqa: S308 (sanitized by nh3 just above)
