"""Navigation entries and home-page tiles, contributed by each app at start-up.

Each app lists its entries in <app>/nav.py and registers them in AppConfig.ready(), so the page shell
needs no knowledge of the apps and shows only pages that exist.
"""

from dataclasses import dataclass
from functools import lru_cache

from django.urls import get_script_prefix, reverse

from .access import Role, has_role


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    icon: str = "circle"
    role: Role | tuple[Role, ...] | None = None  # None: everyone; a tuple: any of these roles
    order: int = 50
    home_tile: bool = False
    description: str = ""
    secondary: bool = False  # hidden in elderly mode's simpler navigation
    staff_menu: bool = False  # listed in the "Work" menu instead of the top bar

    @property
    def url(self) -> str:
        return _reverse(self.url_name, get_script_prefix())


@lru_cache(maxsize=256)
def _reverse(url_name: str, script_prefix: str) -> str:
    # Every page draws the whole bar; an entry's address only changes with the prefix the site is mounted at.
    return reverse(url_name)


_items: list[NavItem] = []


def register(*items: NavItem) -> None:
    for item in items:
        if item not in _items:
            _items.append(item)
    _items.sort(key=lambda i: i.order)


def _visible(item: NavItem, user) -> bool:
    if item.role is None:
        return True
    wanted = item.role if isinstance(item.role, tuple) else (item.role,)
    return any(has_role(user, role) for role in wanted)


def nav_items(user) -> list[NavItem]:
    """Entries of the top bar."""
    return [item for item in _items if not item.staff_menu and _visible(item, user)]


def staff_menu_items(user) -> list[NavItem]:
    """Entries of the "Work" menu: the office's own pages, kept out of residents' way."""
    return [item for item in _items if item.staff_menu and _visible(item, user)]


def links(items: list[NavItem], path: str) -> list[dict]:
    """Entries as the page shell draws them: plain values, the current page marked.

    Every page draws the bar; a dict per entry is the cheapest thing for the template to read.
    """
    prefix = get_script_prefix()
    result = []
    for item in items:
        url = _reverse(item.url_name, prefix)
        result.append(
            {"url": url, "label": item.label, "icon": item.icon, "secondary": item.secondary, "active": url == path}
        )
    return result


def home_tiles(user) -> list[NavItem]:
    return [item for item in _items if item.home_tile and _visible(item, user)]
