"""The desk's public pages for the sitemap: the service guide, each active service, public tracking."""

from django.contrib.sitemaps import Sitemap

from portal.access import public_community

from .models import ServiceItem

PAGES = ("services:catalog", "services:track")


class ServiceItemSitemap(Sitemap):
    def __init__(self, request):
        self.request = request

    def items(self):
        return ServiceItem.objects.filter(community=public_community(self.request), is_active=True).order_by("pk")

    def location(self, item: ServiceItem) -> str:
        return item.get_absolute_url()
