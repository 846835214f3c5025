"""Elderly mode by MIIT's age-friendly rules, measured in a real browser at phone widths (360 and 390 px).

On the key pages of visitors, residents and staff, every main control — buttons, form fields, radio
buttons and tick boxes with their labels, navigation, footer and list links — is at least 60×60 CSS px
in elderly mode and 44×44 otherwise (links inside running text are exempt); main text is at least
18 px in elderly mode; lines are spaced 1.3 or more and paragraphs 1.3 times that; no page is wider
than the screen; axe stays clean. Screenshots of each page go to tests/browser/output/.
"""

from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from meetings.models import Meeting
from notices.models import Notice
from portal.access import ADMIN_GROUP, STAFF_GROUP
from portal.models import User
from services.models import ServiceItem, ServiceRequest

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.dates]

WIDTHS = [360, 390]

# The function Playwright calls, without the file's leading comment lines.
MEASURE = "\n".join(
    line
    for line in (Path(__file__).parent / "measure_targets.js").read_text(encoding="utf-8").splitlines()
    if not line.startswith("//")
)


@pytest.fixture
def demo(db):
    for group in (STAFF_GROUP, ADMIN_GROUP):
        Group.objects.get_or_create(name=group)
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def key_pages() -> dict[str, list[str]]:
    """Who opens which pages: a visitor, a resident and a member of staff."""
    notice = Notice.objects.filter(state="published", publish_at__lte=timezone.now()).order_by("-publish_at").first()
    item = ServiceItem.objects.filter(is_active=True).first()
    resident = User.objects.get(phone="13900000010")
    own = ServiceRequest.objects.filter(applicant=resident).order_by("-created_at").first()
    escalated = ServiceRequest.objects.filter(escalation__isnull=False).first() or own
    meeting = Meeting.objects.filter(status="held").order_by("-starts_at").first()
    return {
        "": [
            "/",
            "/notices/",
            f"/notices/{notice.pk}/",
            "/services/",
            f"/services/items/{item.pk}/",
            "/services/track/",
            "/open/",
            "/accounts/login/",
            "/accounts/register/",
        ],
        "13900000010": [
            "/services/apply/",
            "/services/mine/",
            f"/services/requests/{own.reference}/",
            "/accounts/profile/",
            "/notifications/",
        ],
        "13900000002": [
            "/work/",
            "/services/desk/",
            "/services/desk/period-export/",
            f"/services/requests/{escalated.reference}/",
            f"/meetings/{meeting.pk}/",
            "/members/party-members/",
            "/members/party-members/print/",
        ],
    }


def log_in(context, live_server, phone: str, elderly: bool) -> None:
    if not phone:
        return
    User.objects.filter(phone=phone).update(elderly_mode=elderly)  # kept on the account
    client = Client()
    client.force_login(User.objects.get(phone=phone))
    host = live_server.url.split("//")[1].split(":")[0]
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "domain": host, "path": "/"}]
    )


@pytest.mark.parametrize("elderly", [False, True], ids=["standard", "elderly"])
def test_controls_text_and_width_meet_the_rules_at_phone_widths(journey, live_server, demo, elderly):
    least = 60 if elderly else 44
    failures = []
    for width in WIDTHS:
        for phone, paths in key_pages().items():
            j = journey({"width": width, "height": 800})
            log_in(j.context, live_server, phone, elderly)
            host = live_server.url.split("//")[1].split(":")[0]
            if elderly:
                j.context.add_cookies([{"name": "elderly", "value": "1", "domain": host, "path": "/"}])
            for path in paths:
                j.visit(path)
                assert (j.page.evaluate("document.documentElement.classList.contains('elderly')")) == elderly
                found = j.page.evaluate(MEASURE, [least, elderly])
                mode = "elderly" if elderly else "standard"
                j.shot(f"sizes-{mode}-{phone or 'visitor'}-{path.strip('/').replace('/', '-') or 'home'}")
                if found["width"] > found["screen"]:
                    failures.append(f"{width}px {path}: page is {found['width']}px wide")
                failures += [f"{width}px {path}: {what}" for what in found["small"] + found["text"]]
            j.close()
    # One line per problem, however many pages and widths show it.
    distinct = sorted({f.split(": ", 1)[1] for f in failures})
    assert not failures, f"{len(failures)} problems, {len(distinct)} distinct:\n" + "\n".join(distinct[:150])
