"""The roster's public page for the sitemap."""

from portal.sitemaps import NamedPagesSitemap


class CommitteeSitemap(NamedPagesSitemap):
    names = ["members:committee"]


SITEMAPS = {"committee": CommitteeSitemap}
