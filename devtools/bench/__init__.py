"""What the benchmark loads: the rows `manage.py seed_bench` adds and the pages `manage.py bench` drives."""

from . import core, households, meetings, members, notices, open311, services

SEEDERS = [
    ("notices", notices.seed_notices_bench),
    ("roster", members.seed_roster_bench),
    ("meetings", meetings.seed_meetings_bench),
    ("service desk", services.seed_desk_bench),
    ("households", households.seed_households_bench),
]

PAGES = sorted(
    [
        *core.PAGES,
        *notices.PAGES,
        *members.PAGES,
        *meetings.PAGES,
        *services.PAGES,
        *open311.PAGES,
        *households.PAGES,
    ],
    key=lambda p: (p.order, p.name),
)
