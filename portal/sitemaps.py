"""/sitemap.xml of every public page, and the robots.txt that points crawlers to it.

The portal lists its own public pages; each app registers its public pages (URL names) and a section of
its public objects from its AppConfig.ready() (`register_sitemap`), so this module imports no app above it.
A section is a Sitemap class taking the request, since what is public depends on the visitor's community.
"""

from collections.abc import Callable

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

# Pages of the portal itself that anyone may read; the private ones (accounts, work, audit) stay out.
_pages: list[str] = ["home", "open_dashboard", "privacy"]
_sections: dict[str, Callable[[HttpRequest], Sitemap]] = {}

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
    "/households/",
]


def register_sitemap(name: str, section: Callable[[HttpRequest], Sitemap], pages: tuple[str, ...] = ()) -> None:
    """An app's public pages (URL names) and a section listing its public objects for this visitor."""
    _sections[name] = section
    _pages.extend(page for page in pages if page not in _pages)


def register_pages(*names: str) -> None:
    """Public pages known by their URL name."""
    _pages.extend(name for name in names if name not in _pages)


class PageSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return list(_pages)

    def location(self, item: str) -> str:
        return reverse(item)


@require_GET
def sitemap(request):
    sitemaps = {"pages": PageSitemap(), **{name: section(request) for name, section in _sections.items()}}
    return sitemap_view(request, sitemaps=sitemaps)


@require_GET
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {prefix}" for prefix in PRIVATE_PREFIXES)]
    lines += ["", f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
