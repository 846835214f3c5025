"""Telephone links: `href="tel:{{ number|tel }}"`."""

import re

from django import template

register = template.Library()


@register.filter
def tel(number: str) -> str:
    """The number as a tel: URI wants it (RFC 3966): digits and a leading +, no spaces or dashes.

    Offices write "0531-8888 6666" or "(0531) 88886666"; the link must still dial.
    """
    text = str(number or "").strip()
    digits = re.sub(r"\D", "", text)
    return f"+{digits}" if text.startswith("+") else digits
