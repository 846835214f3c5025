"""Blocks other apps add to the staff side of a request page.

services imports no other app, so an app that can act on a request (the joint meeting's escalation, for one)
registers a panel here in its AppConfig.ready(): a template and a function giving its context, or None to hide it.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestPanel:
    key: str
    template: str
    context: Callable[[object, object], dict | None]  # (service request, staff user) -> context, or None
    order: int = 50


_panels: dict[str, RequestPanel] = {}


def register(panel: RequestPanel) -> None:
    _panels[panel.key] = panel


def staff_panels(req, user) -> list[tuple[RequestPanel, dict]]:
    result = []
    for panel in sorted(_panels.values(), key=lambda p: (p.order, p.key)):
        data = panel.context(req, user)
        if data is not None:
            result.append((panel, data))
    return result
