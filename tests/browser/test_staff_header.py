"""The header of a staff or admin page fits a 1280 px desk screen: nothing runs past the right edge."""

import pytest
from django.contrib.auth.models import Group

from portal.access import ADMIN_GROUP, STAFF_GROUP
from tests import factories
from tests.browser.conftest import DESKTOP

pytestmark = pytest.mark.django_db(transaction=True)

# The widest box in the header, and the page's own width, against the window's.
OVERFLOW = """() => {
  const header = document.querySelector('header.site-header');
  const right = Math.max(...[...header.querySelectorAll('a, button, .navbar-brand')]
    .filter(el => el.offsetParent !== null).map(el => el.getBoundingClientRect().right));
  return {right, page: document.documentElement.scrollWidth, window: window.innerWidth,
          height: header.querySelector('nav').getBoundingClientRect().height};
}"""


@pytest.fixture
def people(db):
    for name in (STAFF_GROUP, ADMIN_GROUP):
        Group.objects.get_or_create(name=name)
    community = factories.make_community("红星社区", "HX")
    # Long names are what pushed the header past the edge.
    staff = factories.make_staff(community, "欧阳晓明")
    admin = factories.make_admin(community, "司马建华")
    return staff, admin


@pytest.mark.parametrize("elderly", [False, True])
@pytest.mark.parametrize(("who", "path"), [(0, "/services/desk/"), (1, "/work/")])
def test_the_header_fits_at_1280_px(journey, people, who, path, elderly):
    user = people[who]
    j = journey(DESKTOP)
    j.login(user.phone, factories.PASSWORD)
    if elderly:
        j.page.get_by_role("button", name="长辈模式").click()
    j.visit(path)
    box = j.page.evaluate(OVERFLOW)
    assert box["page"] <= box["window"], box
    assert box["right"] <= box["window"], box
    j.shot(f"staff-header-{who}-{'elderly' if elderly else 'standard'}")
