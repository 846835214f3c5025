"""Who lives where in the demo estate: one list of doors that the desk's requests and the door-to-door data share.

Worked out without the database, the same on every run, so the service desk (seeded before the households)
files requests from the people the households list shows at the same doors.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from . import names

ESTATE = "红星小区"
BUILDINGS = ["1栋", "2栋", "3栋", "4栋", "5栋"]
ENTRANCES = ["1", "2", "3"]
FLOORS = range(1, 11)
DOORS_PER_FLOOR = 2
ADDRESS = re.compile(r"红星小区(?P<building>\d+栋)(?P<entrance>\d+)单元(?P<door>\d+)")

# The demo's resident logins: mobile number -> (name, where they live).
HOMES = {
    "13900000010": ("张桂兰", "红星小区3栋2单元401"),
    "13900000011": ("赵德顺", "红星小区5栋1单元102"),
    "13900000012": ("周晓燕", "红星小区4栋3单元502"),
}
# Every seventh household head has a resident account (no published password) and files online.
ACCOUNT_EVERY = 7


@dataclass(frozen=True)
class Door:
    number: int  # 1-based, in building, entrance, door order
    building: str
    entrance: str
    door: str
    head: str
    phone: str

    @property
    def address(self) -> str:
        return f"{ESTATE}{self.building}{self.entrance}单元{self.door}"

    @property
    def has_account(self) -> bool:
        return self.phone in HOMES or self.number % ACCOUNT_EVERY == 0


@functools.cache
def doors() -> tuple[Door, ...]:
    """Every door of the estate with its household head: the logins at their homes, made-up people elsewhere."""
    logins = {ADDRESS.fullmatch(address).groups(): (name, phone) for phone, (name, address) in HOMES.items()}
    heads = names.people(100, len(BUILDINGS) * len(ENTRANCES) * len(FLOORS) * DOORS_PER_FLOOR)
    result = []
    for building in BUILDINGS:
        for entrance in ENTRANCES:
            for floor in FLOORS:
                for n in range(1, DOORS_PER_FLOOR + 1):
                    number = len(result) + 1
                    door = f"{floor}{n:02d}"
                    name, phone = logins.get((building, entrance, door), (heads[number - 1], f"1361000{number:04d}"))
                    result.append(Door(number, building, entrance, door, name, phone))
    return tuple(result)


def door_of(phone: str) -> Door | None:
    return next((d for d in doors() if d.phone == phone), None)
