"""RSS feeds (all notices, or one category) and the notices' part of the sitemap."""

from django.contrib.sitemaps import Sitemap
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from .access import public_community
from .models import Notice
from .notice_access import public_notices

FEED_SIZE = 30


class NoticeFeed(Feed):
    """The latest visible notices of the visitor's community; the body is sanitized HTML."""

    def get_object(self, request, category: str = ""):
        if category and category not in Notice.Category.values:
            raise Http404
        self.request = request
        return category

    def title(self, category: str) -> str:
        community = public_community(self.request)
        name = community.name if community else ""
        if category:
            return f"{name} · {Notice.Category(category).label}"
        return _("%(community)s · Notices") % {"community": name}

    def link(self, category: str) -> str:
        url = reverse("notices:list")
        return f"{url}?category={category}" if category else url

    def description(self, category: str) -> str:
        return _("Open affairs published by the community: party, residents' and financial affairs, notices.")

    def items(self, category: str):
        notices = public_notices(self.request)
        if category:
            notices = notices.filter(category=category)
        return notices.order_by("-publish_at", "-pk")[:FEED_SIZE]

    def item_title(self, item: Notice) -> str:
        return item.title

    def item_description(self, item: Notice) -> str:
        return str(item.body_html())

    def item_pubdate(self, item: Notice):
        return item.publish_at

    def item_updateddate(self, item: Notice):
        return item.updated_at

    def item_categories(self, item: Notice):
        return [item.get_category_display()]


class NoticeSitemap(Sitemap):
    limit = 5000

    def __init__(self, request):
        self.request = request

    def items(self):
        return public_notices(self.request).only("pk", "updated_at").order_by("-pk")

    def lastmod(self, item: Notice):
        return item.updated_at
