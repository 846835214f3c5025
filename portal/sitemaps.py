"""/sitemap.xml: the home page, plus the pages and sections other apps register."""

from collections.abc import Callable

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.http import HttpRequest
from django.urls import reverse
from django.views.decorators.http import require_GET

_pages: list[str] = ["home"]
_sections: dict[str, Callable[[HttpRequest], Sitemap]] = {}


def register_sitemap(name: str, section: Callable[[HttpRequest], Sitemap], pages: tuple[str, ...] = ()) -> None:
    """An app's public pages (URL names) and a section listing its public objects for this visitor."""
    _sections[name] = section
    _pages.extend(page for page in pages if page not in _pages)


class PageSitemap(Sitemap):
    def items(self):
        return list(_pages)

    def location(self, item: str) -> str:
        return reverse(item)


@require_GET
def sitemap(request):
    sitemaps = {"pages": PageSitemap(), **{name: section(request) for name, section in _sections.items()}}
    return sitemap_view(request, sitemaps=sitemaps)
