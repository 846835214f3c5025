"""The demo must read true to someone evaluating the portal: its people, units, times and files agree."""

import io
import re
import shutil
import subprocess

import pytest
from django.apps import apps
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from devtools.demo import clock
from devtools.demo.meetings import RESOLUTION_UNITS, chair_and_recorder, units_named
from devtools.demo.names import PLACEHOLDERS
from devtools.demo.residents import ADDRESS
from households.models import Household, Member, Visit
from meetings.models import Attendance, Meeting, Resolution, ResolutionUpdate
from members.models import Activity, Agreement, CommitteeSeat, PartyMember, Unit
from notices.models import Notice, NoticeAttachment
from portal.models import Notification, OutboxMessage, User
from services import workdays
from services.models import FollowUp, Rating, RequestEvent, ServiceRequest

pytestmark = [pytest.mark.django_db, pytest.mark.dates]

PRESENT = {Attendance.Status.PRESENT}


@pytest.fixture
def demo():
    call_command("seed_demo", stdout=io.StringIO())


def test_meetings_are_chaired_and_recorded_by_members_present_on_working_days(demo):
    seats = CommitteeSeat.objects.active().select_related("unit")
    chair, recorder = chair_and_recorder(list(seats))
    held = Meeting.objects.filter(status=Meeting.Status.HELD)
    assert held.count() >= 12
    for meeting in held:
        present = set(meeting.attendance.filter(status__in=PRESENT).values_list("seat__holder_name", flat=True))
        assert meeting.convener == chair.holder_name and chair.holder_name in present, meeting
        assert recorder.holder_name in present, meeting
        assert f"由{chair.holder_name}主持，{recorder.holder_name}记录" in meeting.minutes
        assert f"实到{meeting.present_count}人" in meeting.minutes
        assert meeting.starts_at <= timezone.now()
    for meeting in Meeting.objects.all():
        assert workdays.is_workday(timezone.localdate(meeting.starts_at)), meeting


def test_each_resolution_is_led_by_the_unit_its_text_names(demo):
    resolutions = Resolution.objects.select_related("lead_unit").prefetch_related("co_units")
    assert resolutions.count() >= 15
    for resolution in resolutions:
        named = units_named(resolution.text)
        acting = {resolution.lead_unit.name} | {unit.name for unit in resolution.co_units.all()}
        assert resolution.lead_unit.name in named, resolution.text
        assert named <= acting, resolution.text
        seat_holders = set(resolution.lead_unit.seats.values_list("holder_name", flat=True))
        assert resolution.owner in seat_holders, resolution.text
    assert set(resolutions.values_list("text", flat=True)) & set(RESOLUTION_UNITS)
    # The demo committee member's unit leads an open one, so that login has a resolution to follow.
    committee = User.objects.get(phone="13900000020")
    unit = CommitteeSeat.objects.get(user=committee).unit
    assert resolutions.filter(lead_unit=unit, status__in=Resolution.OPEN_STATES).exists()


def test_times_are_office_hours_and_nothing_is_done_in_the_future(demo):
    now = timezone.now()
    notifications = list(Notification.objects.values_list("created_at", flat=True))
    assert notifications
    deliveries = notifications + [
        moment
        for row in OutboxMessage.objects.values_list("created_at", "sent_at")
        for moment in row
        if moment is not None
    ]
    outside = [timezone.localtime(m) for m in deliveries if not clock.in_delivery_hours(m)]
    assert outside == []
    desk = RequestEvent.objects.filter(kind=RequestEvent.Kind.STATUS, author__isnull=False)
    assert desk.exists()
    assert [e for e in desk if not clock.in_office(e.created_at)] == []
    done = {
        RequestEvent: "created_at",
        ResolutionUpdate: "created_at",
        Rating: "created_at",
        FollowUp: "resolved_at",
        Visit: "visited_at",
        Notification: "created_at",
    }
    for model, field in done.items():
        assert not model.objects.filter(**{f"{field}__gt": now}).exists(), model
    for field in ("accepted_at", "completed_at", "closed_at"):
        assert not ServiceRequest.objects.filter(**{f"{field}__gt": now}).exists(), field
    today = timezone.localdate()
    assert not Activity.objects.filter(participations__isnull=False, date__gte=today).exists()
    assert not PartyMember.objects.filter(registered_on__gt=today).exists()
    assert Agreement.objects.filter(term_start__lte=today, term_end__gte=today).count() == 10
    published = Notice.objects.filter(state=Notice.State.PUBLISHED, view_count__gt=0)
    assert not published.filter(publish_at__gt=now).exists()
    assert [n for n in published if not clock.in_office(n.publish_at)] == []


def _person_names() -> dict[str, list[str]]:
    return {
        "users": list(User.objects.values_list("real_name", flat=True)),
        "seats": list(CommitteeSeat.objects.values_list("holder_name", flat=True)),
        "contacts": list(Unit.objects.values_list("contact_name", flat=True)),
        "party members": list(PartyMember.objects.values_list("name", flat=True)),
        "households": list(Household.objects.values_list("name", flat=True)),
        "members": list(Member.objects.values_list("name", flat=True)),
        "applicants": list(ServiceRequest.objects.values_list("applicant_name", flat=True)),
        "delegates": list(Attendance.objects.exclude(delegate="").values_list("delegate", flat=True)),
        "owners": list(Resolution.objects.values_list("owner", flat=True)),
    }


def test_people_have_real_names_and_one_role_each(demo):
    for kind, names in _person_names().items():
        assert names, kind
        for name in names:
            assert re.fullmatch(r"[\u4e00-\u9fff]{2,3}", name), (kind, name)
            assert not any(word in name.lower() for word in PLACEHOLDERS), (kind, name)
    # Nobody on the roster is two people: a party member sharing a committee member's name is of their unit.
    assert PartyMember.objects.values("name").distinct().count() == PartyMember.objects.count()
    households = list(Household.objects.values_list("name", flat=True))
    assert len(set(households)) == len(households)
    seats = {s.holder_name: s.unit_id for s in CommitteeSeat.objects.all()}
    for member in PartyMember.objects.filter(name__in=seats):
        assert member.home_unit_id == seats[member.name], member.name
    # The logins and the callers live at the address their requests give.
    for name, address in ServiceRequest.objects.values_list("applicant_name", "address").distinct():
        door = ADDRESS.fullmatch(address)
        assert door, address
        household = Household.objects.get(building__name=door["building"], entrance=door["entrance"], door=door["door"])
        assert household.name == name, address
    assert Unit.objects.count() == 11


def _pages(data: bytes) -> int:
    """Pages of a PDF: pdfinfo from poppler when installed, else a check of the file's own cross-references."""
    if shutil.which("pdfinfo"):
        result = subprocess.run(["pdfinfo", "-"], input=data, capture_output=True, timeout=30)
        assert result.returncode == 0, result.stderr
        return int(re.search(rb"^Pages:\s+(\d+)", result.stdout, re.M).group(1))
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    start = int(re.search(rb"startxref\s+(\d+)", data).group(1))
    assert data[start:].startswith(b"xref")
    for number, offset in enumerate(re.findall(rb"^(\d{10}) 00000 n", data[start:], re.M), start=1):
        assert data[int(offset) :].startswith(b"%d 0 obj" % number)
    return int(re.search(rb"/Type /Pages /Kids \[[^\]]*\] /Count (\d+)", data).group(1))


def test_every_demo_pdf_opens_with_a_page(demo):
    pdfs = [a for a in NoticeAttachment.objects.all() if a.name.lower().endswith(".pdf")]
    assert pdfs
    for attachment in pdfs:
        with attachment.file.open("rb") as handle:
            data = handle.read()
        assert _pages(data) >= 1, attachment.name
        assert len(data) == attachment.size


def test_open_page_shows_the_rates_from_ratings_as_numbers(demo):
    # From 1 January on: the latest rating of the demo is given the morning it is loaded.
    page = Client().get("/open/").content.decode()
    for label in ("解决率", "满意率"):
        figure = re.search(label + r"</h3>\s*<p[^>]*>([^<]*)</p>", page)
        assert figure and re.fullmatch(r"\d+(\.\d)?%", figure.group(1).strip()), (label, figure and figure.group(1))
    ratings = Rating.objects.all()
    assert ratings.filter(solved=True).exists() and ratings.filter(solved=False).exists()
    poor = ratings.filter(score__lte=Rating.Score.DISSATISFIED)
    assert poor.count() >= 3 and all(hasattr(r, "follow_up") for r in poor)
    assert FollowUp.objects.filter(status=FollowUp.Status.RESOLVED).exclude(resolution="").exists()
    assert FollowUp.objects.filter(status=FollowUp.Status.OPEN).exists()


def _snapshot() -> dict:
    rows = {}
    for model in apps.get_models():
        if model._meta.app_label == "sessions":
            continue
        rows[model._meta.label] = sorted(map(repr, model.objects.values_list()))
    return rows


def test_seeding_twice_changes_no_row(demo):
    before = _snapshot()
    call_command("seed_demo", stdout=io.StringIO())
    after = _snapshot()
    changed = [label for label in before if before[label] != after[label]]
    assert changed == []


def test_a_demo_login_follows_a_request_filed_for_her_father(demo, client):
    (proxy,) = ServiceRequest.objects.exclude(served_name="")
    assert proxy.applicant.phone == "13900000012" and proxy.served_relation == ServiceRequest.Relation.CHILD
    assert proxy.item.name == "高龄津贴申领" and "父亲" in proxy.description
    client.force_login(proxy.applicant)
    assert proxy.proxy_line() in client.get("/services/mine/").content.decode()
