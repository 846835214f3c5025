"""The demo community of `manage.py seed_demo`, app by app, in the order it is loaded."""

from . import meetings, members, notices, services

SEEDERS = [
    ("notices", notices.seed_notices),
    ("roster", members.seed_roster),
    ("meetings", meetings.seed_meetings),
    ("service desk", services.seed_desk),
    ("escalations", meetings.seed_escalations),
]
