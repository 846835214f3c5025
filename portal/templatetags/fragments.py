"""`{% fragment name value ... [for community] %}…{% endfragment %}`: a part of a page kept in the cache.

The part is stored under its name, the values after it, and what any part
depends on: the community and its generation, the language, the display mode
and the day (see portal/fragments.py). Put everything the part shows that is
not the community's data (the viewer, their roles, the query string) in the
values. The community is the page's own (`community` in the context) unless
`for` names the one whose rows the part shows. Without a community, or with
FRAGMENT_CACHE_SECONDS at 0, the part is simply rendered.
"""

import hashlib
import json

from django import template
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from portal import fragments
from portal.pagecache import PLACEHOLDER, TOKEN_RE

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, nodelist, name: str, values: list, community=None):
        self.nodelist = nodelist
        self.name = name
        self.values = values
        self.community = community

    def key(self, context, community) -> str:
        request = context.get("request")
        parts = [
            community.pk,
            community.generation,
            get_language(),
            request.COOKIES.get("elderly", "") if request is not None else "",
            timezone.localdate().isoformat(),
            *(value.resolve(context) for value in self.values),
        ]
        digest = hashlib.sha256(json.dumps(parts, default=str, ensure_ascii=False).encode()).hexdigest()
        return f"fragment:{self.name}:{digest}"

    def render(self, context):
        community = self.community.resolve(context) if self.community else context.get("community")
        if not fragments.enabled() or community is None:
            return self.nodelist.render(context)
        key = self.key(context, community)
        token = str(context.get("csrf_token") or "")
        cached = cache.get(key)
        if cached is None:
            html = self.nodelist.render(context)
            if not set(TOKEN_RE.findall(html)) <= {token}:
                return html  # a token that is not this render's: do not guess, do not keep
            # Wherever the token appears (a form field, an htmx header), the viewer's own goes back in.
            cache.set(key, html.replace(token, PLACEHOLDER) if token else html, settings.FRAGMENT_CACHE_SECONDS)
            return html
        return mark_safe(cached.replace(PLACEHOLDER, token) if token else cached)


@register.tag("fragment")
def do_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% fragment %} needs a name.")
    community = None
    if len(bits) >= 4 and bits[-2] == "for":
        community = parser.compile_filter(bits[-1])
        bits = bits[:-2]
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, bits[1], [parser.compile_filter(bit) for bit in bits[2:]], community)
