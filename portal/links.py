"""Addresses a page draws once per row: one reverse() per URL pattern, then a format per row.

A list of a hundred rows with a link each spent more on reverse() than on the rest of a row. The pattern's
address is worked out once (per script prefix, with the leading arguments given) around a marker, and each
row puts its last argument where the marker was. The last argument must need no quoting: an id, or a
reference of capital letters and digits.
"""

from collections.abc import Callable
from functools import lru_cache

from django.urls import get_script_prefix, reverse

_MARK = "8675309042"  # digits: what an int, slug or str converter accepts


def link_for_each(name: str, *args) -> Callable[[object], str]:
    """`name`'s address for any value of its last argument; `args` are the arguments before it."""
    return _link(name, args, get_script_prefix())


@lru_cache(maxsize=256)
def _link(name: str, args: tuple, script_prefix: str) -> Callable[[object], str]:
    prefix, _mark, suffix = reverse(name, args=[*args, _MARK]).rpartition(_MARK)
    return lambda last: f"{prefix}{last}{suffix}"
