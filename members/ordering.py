"""Committee lists: by role (书记, 副书记, 委员), then by surname stroke order."""

from collections.abc import Iterable

from .collation import stroke_key
from .models import CommitteeSeat, Unit

KIND_ORDER = {kind: rank for rank, kind in enumerate(Unit.Kind)}


def committee_order(seats: Iterable[CommitteeSeat]) -> list[CommitteeSeat]:
    return sorted(seats, key=lambda seat: (seat.role_rank, stroke_key(seat.holder_name), seat.term_start))


def unit_order(units: Iterable[Unit]) -> list[Unit]:
    """The community itself first, then the units by kind and stroke order of their names."""
    ranked = {Unit.Kind.COMMUNITY: -1}
    return sorted(units, key=lambda unit: (ranked.get(unit.kind, KIND_ORDER.get(unit.kind, 99)), stroke_key(unit.name)))
