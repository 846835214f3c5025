"""The sitemap of every public page and the robots.txt that points crawlers to it.

Each app lists its own public pages in its `sitemaps.py` (SITEMAPS: name → a Sitemap class taking the
request, since what is public depends on the visitor's community); the project's URL configuration
gathers them, so this module imports no app above it.
"""

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from .notice_feeds import NoticeSitemap

# Pages of the portal itself that anyone may read; the private ones (accounts, work, audit) stay out.
PUBLIC_PAGES = ["home", "notices:list", "open_dashboard", "privacy"]

# Areas crawlers have no business in: personal pages, forms, staff tools, files behind a login.
PRIVATE_PREFIXES = [
    "/accounts/",
    "/admin/",
    "/audit/",
    "/work/",
    "/notifications/",
    "/prefs/",
    "/i18n/",
    "/services/apply/",
    "/services/mine/",
    "/services/requests/",
    "/services/desk/",
    "/meetings/calendar/",
]


class NamedPagesSitemap(Sitemap):
    """Pages known by their URL name."""

    names: list[str] = []

    def __init__(self, request):
        self.request = request

    def items(self):
        return self.names

    def location(self, item: str) -> str:
        return reverse(item)


class PortalPagesSitemap(NamedPagesSitemap):
    names = PUBLIC_PAGES
    changefreq = "daily"


def sitemap_for(sitemaps: dict):
    """The sitemap view over `sitemaps` (name → class taking the request)."""

    @require_GET
    def sitemap(request):
        return sitemap_view(request, sitemaps={name: cls(request) for name, cls in sitemaps.items()})

    return sitemap


PORTAL_SITEMAPS = {"pages": PortalPagesSitemap, "notices": NoticeSitemap}


@require_GET
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {prefix}" for prefix in PRIVATE_PREFIXES)]
    lines += ["", f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
