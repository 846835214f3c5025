"""Every page of the portal as each kind of user gets it: the crawl the web checks run over.

The URL patterns and the objects that fill them come from the permission matrix, so a new page is
crawled (validated, checked for HEAD, for a description, for deferred scripts) without being listed here.
"""

from dataclasses import dataclass

from django.urls import reverse

from tests.test_permission_matrix import EXPECTED, ROLES, World, all_routes, client_for

# Who the crawl logs in as: a visitor, a resident, a committee member, staff and an admin see every page.
CRAWLERS = ["anonymous", "resident", "party_member", "committee_member", "staff", "admin"]


@dataclass
class Page:
    role: str
    url: str
    html: str


def html_pages(world: World, roles=CRAWLERS) -> list[Page]:
    """Each HTML page the table says a role may open (200), fetched with GET."""
    pages = []
    for role in roles:
        client = client_for(world, role)
        column = ROLES.index(role)
        for route in all_routes():
            if EXPECTED.get(route.route, "").split()[column : column + 1] != ["200"]:
                continue
            url = reverse(route.name, kwargs=world.kwargs(route))
            response = client.get(url)
            if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
                pages.append(Page(role, url, response.content.decode()))
    return pages
