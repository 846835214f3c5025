"""The demo community of `manage.py seed_demo`, app by app, in the order it is loaded."""

from . import households, meetings, members, notices, open311, services

SEEDERS = [
    ("notices", notices.seed_notices),
    ("roster", members.seed_roster),
    ("meetings", meetings.seed_meetings),
    ("service desk", services.seed_desk),
    ("open311", open311.seed_open311),
    ("escalations", meetings.seed_escalations),
    ("households", households.seed_households),
]
