"""Surname stroke order (姓氏笔画), the convention of official Chinese name lists.

The convention (GB 13000.1 stroke order) sorts by total stroke count, then,
for equal counts, by the strokes in writing order, 横 < 竖 < 撇 < 点 < 折: so
李 (横 first) comes before 张 and 陈 (折 first), and 张 before 陈.

ICU's stroke collation (zh-u-co-stroke) gets the stroke count right but breaks
ties by radical, which puts 张 before 李. So the per-character rank comes from
the stroke-order table shipped with the cn-sort package (read directly: its
module configures logging on import), and ICU's stroke collation orders any
character that table lacks. Committee lists are small: keys are made in Python.
"""

import json
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

import icu

UNKNOWN = 1 << 30  # characters missing from the stroke table sort after the known ones


@lru_cache(maxsize=1)
def _stroke_ranks() -> dict[str, int]:
    spec = find_spec("cn_sort")
    data = Path(next(iter(spec.submodule_search_locations))) / "res" / "all_word.json"
    ranks: dict[str, int] = {}
    for entry in json.loads(data.read_text(encoding="utf-8"))["all_word"]:
        ranks.setdefault(entry["chinese"], entry["stroke_increment_level"])
    return ranks


@lru_cache(maxsize=1)
def _icu_stroke_collator():
    return icu.Collator.createInstance(icu.Locale("zh@collation=stroke"))


def _char_key(char: str) -> tuple[int, bytes]:
    rank = _stroke_ranks().get(char)
    if rank is not None:
        return (rank, b"")
    return (UNKNOWN, _icu_stroke_collator().getSortKey(char))


def stroke_key(name: str) -> tuple:
    """A sort key putting names in surname stroke order, character by character."""
    name = (name or "").strip()
    return (tuple(_char_key(char) for char in name), _icu_stroke_collator().getSortKey(name))


def sort_by_strokes(items, name=lambda item: item) -> list:
    return sorted(items, key=lambda item: stroke_key(name(item)))
