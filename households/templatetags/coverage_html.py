"""The coverage page's long parts drawn in Python: a campaign of a hundred buildings is seven hundred figures,
and its lists of concerns and of households left are a form each. Through the template engine each value
cost a lookup, a localization and an escape in turn, and these parts were most of the page's render; here
each figure is localized once per page and each row is one formatted string, in the markup the template gave.
"""

from functools import lru_cache
from html import escape

from django import template
from django.template.defaulttags import CsrfTokenNode
from django.urls import reverse
from django.utils import formats
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime
from django.utils.translation import get_language, gettext

from households.models import Target
from services.models import ServiceRequest

register = template.Library()

FIGURES = ("total", "visited", "share", "absent", "refused", "vacant", "pending")  # _coverage_head's columns


@lru_cache(maxsize=4096, typed=True)
def _localized(value, language: str) -> str:
    # The same figures recur (a hundred buildings of a hundred doors): each is localized once per language.
    return formats.localize(value)


def _cells(row: dict, language: str) -> str:
    percent = row["rate"].percent
    share = "—" if percent is None else f"{_localized(percent, language)}%"
    # Localized numbers (digits, separators, a sign) and a dash: nothing to escape.
    return "".join(f"<td>{share if key == 'share' else _localized(row[key], language)}</td>" for key in FIGURES)


@register.filter
def coverage_rows(rows: list[dict]) -> str:
    """coverage.Coverage's buildings (linked to their `url`) or visitors, each with its figures."""
    language, nobody = get_language(), escape(gettext("Not assigned"))
    lines = []
    for row in rows:
        if "building" in row:
            head = f'<a href="{escape(row["url"])}">{escape(row["estate"])}{escape(row["name"])}</a>'
        else:
            head = nobody if row["name"] is None else escape(row["name"])
        lines.append(f'<tr><th scope="row">{head}</th>{_cells(row, language)}</tr>')
    return mark_safe("\n".join(lines))  # noqa: S308 - every value escaped above


def _post_button(action: str, csrf: str, button: str, css: str, label: str) -> str:
    return (
        f'<form method="post" action="{escape(action)}"{css}>{csrf}<button class="btn btn-sm {label}" '
        f'type="submit">{button}</button></form>'
    )


@register.simple_tag(takes_context=True)
def concern_items(context, concerns: list[dict]) -> str:
    """coverage.latest_concerns (each with its `request_url`): what was said, where, by whom and when, then the
    desk request made of it or the button that makes one."""
    csrf = CsrfTokenNode().render(context)
    button = escape(gettext("Make it a desk request"))
    items = []
    for concern in concerns:
        if concern["request"] is None:
            outcome = _post_button(concern["request_url"], csrf, button, "", "btn-outline-primary")
        else:
            reference, status = concern["request"]
            url = reverse("services:request", args=[reference])
            label = ServiceRequest.Status(status).label
            outcome = f'<a href="{escape(url)}">{escape(reference)}</a> · {escape(str(label))}'
        items.append(
            f'<li class="list-group-item"><p class="mb-1">{escape(concern["concerns"])}</p>'
            f'<p class="small text-body-secondary mb-1">{escape(concern["door"])} · {escape(concern["visitor"])} · '
            f"{localtime(concern['visited_at']):%Y-%m-%d}</p>{outcome}</li>"
        )
    return mark_safe("\n".join(items))  # noqa: S308 - every value escaped above


@register.simple_tag(takes_context=True)
def unsettled_items(context, targets: list[dict]) -> str:
    """coverage.first_unsettled (each with its `mark_url`): the door, where it stands, its visitor, and the
    button that marks it vacant."""
    csrf = CsrfTokenNode().render(context)
    mark, nobody = escape(gettext("Mark vacant")), escape(gettext("Not assigned"))
    items = []
    for target in targets:
        door = escape(target["door"])
        status = escape(str(Target.Status(target["status"]).label))
        tries = f" ×{target['tries']}" if target["tries"] else ""
        visitor = nobody if target["visitor"] is None else escape(target["visitor"])
        button = f'{mark}<span class="visually-hidden"> {door}</span>'
        form = _post_button(target["mark_url"], csrf, button, ' class="ms-auto"', "btn-outline-secondary")
        items.append(
            '<li class="list-group-item d-flex flex-wrap gap-2 align-items-center">'
            f"<span>{door} · {status}{tries} · {visitor}</span>{form}</li>"
        )
    return mark_safe("\n".join(items))  # noqa: S308 - every value escaped above
