"""The transparency dashboard (/open/) and the staff work page, fed by each app.

Each app lists its sections in <app>/open_figures.py (SECTIONS) and its work
panels in <app>/work_panels.py (PANELS), and registers both in its
AppConfig.ready(), so portal shows other apps' figures without importing them.
A section computes its figures from a few aggregate queries for (community,
year); results are cached for a few minutes because every visitor sees the
same numbers.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.utils.translation import get_language

from .access import Role, has_role

CACHE_SECONDS = 300


@dataclass(frozen=True)
class Rate:
    """A share such as 45 of 50; no denominator means no data ("—"), never 0 %."""

    count: int
    total: int

    @property
    def percent(self) -> float | None:
        return round(100 * self.count / self.total, 1) if self.total else None


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    template: str
    compute: Callable[[object, int], dict]  # (community, year) -> template context
    order: int = 50


@dataclass(frozen=True)
class Panel:
    """A block of the staff work page: what needs doing, with a link to it."""

    key: str
    title: str
    template: str
    compute: Callable[[object], dict]  # (user) -> template context
    role: Role | tuple[Role, ...] = Role.STAFF  # a tuple: any of these roles
    order: int = 50

    def shown_to(self, user) -> bool:
        wanted = self.role if isinstance(self.role, tuple) else (self.role,)
        return any(has_role(user, role) for role in wanted)


_sections: dict[str, Section] = {}
_panels: dict[str, Panel] = {}


def register_section(*sections: Section) -> None:
    for section in sections:
        _sections[section.key] = section


def register_panel(*panels: Panel) -> None:
    for panel in panels:
        _panels[panel.key] = panel


def dashboard(community, year: int) -> list[tuple[Section, dict]]:
    result = []
    for section in sorted(_sections.values(), key=lambda s: (s.order, s.key)):
        # Labels are translated when computed, so each language keeps its own copy.
        key = f"open:{community.pk}:{year}:{section.key}:{get_language()}"
        data = cache.get(key)
        if data is None:
            data = section.compute(community, year)
            cache.set(key, data, CACHE_SECONDS)
        result.append((section, data))
    return result


def work_panels(user) -> list[tuple[Panel, dict]]:
    panels = sorted(_panels.values(), key=lambda p: (p.order, p.key))
    return [(panel, panel.compute(user)) for panel in panels if panel.shown_to(user)]
