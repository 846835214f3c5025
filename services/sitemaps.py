"""The desk's public pages for the sitemap: the service guide, each active service, public tracking."""

from portal.access import public_community
from portal.sitemaps import NamedPagesSitemap

from .models import ServiceItem


class GuidePagesSitemap(NamedPagesSitemap):
    names = ["services:catalog", "services:track"]


class ServiceItemSitemap(NamedPagesSitemap):
    def items(self):
        return ServiceItem.objects.filter(community=public_community(self.request), is_active=True).order_by("pk")

    def location(self, item: ServiceItem) -> str:
        return item.get_absolute_url()


SITEMAPS = {"services": GuidePagesSitemap, "service-items": ServiceItemSitemap}
