"""The meetings' public page for the sitemap."""

from portal.sitemaps import NamedPagesSitemap


class ResolutionsSitemap(NamedPagesSitemap):
    names = ["meetings:resolutions"]


SITEMAPS = {"resolutions": ResolutionsSitemap}
