"""Demo-data registry: each app adds its part of `manage.py seed_demo`.

A seeder is `fn(ctx) -> None` where ctx carries the demo community, its
named users and the command's stdout. Seeders must be idempotent: running
seed_demo twice changes nothing.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class SeedContext:
    community: object
    users: dict = field(default_factory=dict)
    stdout: object = None
    logins: list = field(default_factory=list)  # (role label, phone, password)


_seeders: list[tuple[int, str, Callable[[SeedContext], None]]] = []


def register_seeder(order: int, name: str, seeder: Callable[[SeedContext], None]) -> None:
    if all(existing != name for _o, existing, _s in _seeders):
        _seeders.append((order, name, seeder))
        _seeders.sort(key=lambda row: row[0])


def seeders() -> list[tuple[int, str, Callable[[SeedContext], None]]]:
    return list(_seeders)
