"""Every URL pattern × every kind of user, against an explicit table of what each may get.

The patterns are read from the URL configuration, so a new page that is not in
EXPECTED fails `test_every_url_pattern_is_in_the_table` until someone decides
who may open it. Objects for URL parameters belong to the home community; the
last column is staff of *another* community opening them (404, never a leak).

Outcome codes: a status code, or "L" for a redirect to the login page.
GET is tried everywhere (POST-only pages answer 405 to those allowed that far);
POST is tried everywhere without a CSRF token and must be refused.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from PIL import Image

from tests import factories

ROLES = [
    "anonymous",
    "resident",
    "party_member",
    "committee_member",
    "staff",
    "admin",
    "outsider",  # staff of another community
    "outsider_admin",  # admin of another community
]
SKIPPED_PREFIXES = ("admin/", "static/", "media/")

# Columns: anonymous, resident, party member, committee member, staff, admin,
# then staff and admin of another community.
PUBLIC = "200 200 200 200 200 200 200 200"
LOGGED_IN = "L 200 200 200 200 200 200 200"
LOGGED_IN_POST = "L 405 405 405 405 405 405 405"  # POST-only (the object is looked up after the method)
STAFF = "L 403 403 403 200 200 404 404"  # a page about one of the home community's objects
STAFF_LIST = "L 403 403 403 200 200 200 200"  # a page of the user's own community (outsiders see theirs)
STAFF_POST = "L 403 403 403 405 405 405 405"
ADMIN = "L 403 403 403 403 200 403 404"
ADMIN_LIST = "L 403 403 403 403 200 403 200"
ADMIN_POST = "L 403 403 403 403 405 403 405"
MEMBERS = "L 403 403 200 200 200 404 404"  # committee members and staff of the community
MEMBERS_LIST = "L 403 403 200 200 200 200 200"
MEMBERS_POST = "L 403 403 405 405 405 405 405"
HOME_PUBLIC = "200 200 200 200 200 200 404 404"  # public, but only in its own community
APPLICANT_OR_STAFF = "L 200 404 404 200 200 404 404"  # the resident's own request
DEPLOYMENT = "L 403 403 403 403 403 403 403"  # the deployment admin's pages (tests/services/test_calendar_page.py)

EXPECTED: dict[str, str] = {
    # --- portal: pages, accounts, notifications ---
    "": PUBLIC,
    "accounts/login/": "200 302 302 302 302 302 302 302",
    "accounts/logout/": "405 405 405 405 405 405 405 405",
    "accounts/login/code/": "L L L L L L L L",  # only after a password: the SMS code step
    "accounts/register/": "200 302 302 302 302 302 302 302",
    "accounts/register/verify/": "302 302 302 302 302 302 302 302",  # only after a code was sent
    "accounts/verify/": LOGGED_IN,
    "accounts/profile/": LOGGED_IN,
    "accounts/password/": LOGGED_IN,
    "accounts/password/forgot/": PUBLIC,
    "accounts/password/reset/": "302 302 302 302 302 302 302 302",  # only after a code was sent
    "accounts/password/slip/": PUBLIC,
    "accounts/my-data/": LOGGED_IN,
    "accounts/close/": LOGGED_IN,
    "accounts/users/": STAFF_LIST,
    "accounts/users/<int:pk>/": ADMIN,
    "accounts/users/<int:pk>/desk/": STAFF,
    "accounts/users/<int:pk>/desk/verify/": STAFF_POST,
    "accounts/users/<int:pk>/desk/slip/": STAFF_POST,
    "accounts/outbox/": ADMIN_LIST,
    "sitemap.xml": PUBLIC,
    "robots.txt": PUBLIC,
    "privacy/": PUBLIC,
    "healthz": PUBLIC,
    "bench-floor": PUBLIC,
    "prefs/elderly/": "405 405 405 405 405 405 405 405",
    "i18n/setlang/": "302 302 302 302 302 302 302 302",
    "notifications/": LOGGED_IN,
    "notifications/<int:pk>/open/": LOGGED_IN_POST,
    "notifications/read-all/": LOGGED_IN_POST,
    "audit/": ADMIN_LIST,
    "exports/<str:token>/": "L 404 404 404 404 404 404 404",  # a signed link for one account (a bad one here)
    "open/": PUBLIC,
    "work/": STAFF_LIST,
    "work/calendar/": DEPLOYMENT,
    "work/calendar/periods/<int:pk>/": DEPLOYMENT,
    "work/calendar/periods/<int:pk>/delete/": DEPLOYMENT,
    "work/calendar/years/<int:year>/": DEPLOYMENT,
    # --- notices ---
    "notices/": PUBLIC,
    "notices/<int:pk>/": HOME_PUBLIC,  # published
    "notices/<int:pk>/files/<int:attachment_pk>/": HOME_PUBLIC,
    "notices/<int:pk>/cover/<str:size>/": HOME_PUBLIC,
    "notices/subscribe/": PUBLIC,
    "notices/feed/": PUBLIC,
    "notices/feed/<slug:category>/": PUBLIC,
    "notices/mine/": STAFF_LIST,
    "notices/review/": ADMIN_LIST,
    "notices/new/": STAFF_LIST,
    "notices/preview/": STAFF_POST,
    "notices/<int:pk>/manage/": STAFF,
    "notices/<int:pk>/edit/": STAFF,
    "notices/<int:pk>/files/<int:attachment_pk>/delete/": STAFF_POST,
    "notices/<int:pk>/submit/": STAFF_POST,
    "notices/<int:pk>/publish/": ADMIN_POST,
    "notices/<int:pk>/return/": ADMIN_POST,
    "notices/<int:pk>/withdraw/": ADMIN_POST,
    # --- members (roster) ---
    "members/committee/": PUBLIC,
    "members/register/": LOGGED_IN,
    "members/mine/": "L 403 200 403 403 403 403 403",
    "members/my-unit/": "L 403 403 200 403 403 403 403",
    "members/units/": STAFF_LIST,
    "members/units/new/": STAFF_LIST,
    "members/units/<int:pk>/": STAFF,
    "members/units/<int:pk>/edit/": STAFF,
    "members/seats/": STAFF_LIST,
    "members/seats/new/": STAFF_LIST,
    "members/seats/<int:pk>/edit/": STAFF,
    "members/seats/<int:pk>/hand-over/": STAFF,
    "members/party-members/": STAFF_LIST,
    "members/party-members/new/": STAFF_LIST,
    "members/party-members/print/": STAFF_LIST,
    "members/party-members/<int:pk>/edit/": STAFF,
    "members/registrations/": STAFF_LIST,
    "members/registrations/print/": STAFF_LIST,
    "members/registrations/<int:pk>/confirm/": STAFF_POST,
    "members/registrations/<int:pk>/decline/": STAFF_POST,
    "members/agreements/": STAFF_LIST,
    "members/agreements/new/": STAFF_LIST,
    "members/agreements/report/": STAFF_LIST,
    "members/agreements/report.xlsx": STAFF_LIST,
    "members/agreements/<int:pk>/": STAFF,
    "members/agreements/<int:pk>/edit/": STAFF,
    "members/agreements/<int:pk>/commitments/new/": STAFF,
    "members/commitments/<int:pk>/edit/": STAFF,
    "members/activities/": STAFF_LIST,
    "members/activities/new/": STAFF_LIST,
    "members/activities/<int:pk>/": STAFF,
    "members/activities/<int:pk>/edit/": STAFF,
    "members/activities/<int:pk>/participants/": STAFF_POST,
    "members/participations/<int:pk>/remove/": STAFF_POST,
    "members/activities/<int:pk>/photos/": STAFF_POST,
    "members/photos/<int:pk>/<str:size>/": STAFF,
    "members/posts/": STAFF_LIST,
    "members/posts/new/": STAFF_LIST,
    "members/posts/<int:pk>/edit/": STAFF,
    "members/resources/": STAFF_LIST,
    "members/resources/new/": STAFF_LIST,
    "members/resources/<int:pk>/edit/": STAFF,
    "members/roster/template.xlsx": STAFF_LIST,
    "members/roster/export.xlsx": STAFF_LIST,
    "members/roster/import/": STAFF_LIST,
    "members/reports/": STAFF_LIST,
    "members/reports/home-unit/<int:pk>.xlsx": STAFF,
    # --- meetings (the meeting: held, minutes still in draft) ---
    "meetings/": MEMBERS_LIST,
    "meetings/new/": STAFF_LIST,
    "meetings/plan/": STAFF_POST,
    "meetings/ledger/": STAFF_LIST,
    "meetings/attendance/<int:year>.xlsx": STAFF_LIST,
    "meetings/<int:pk>/": MEMBERS,
    "meetings/<int:pk>/edit/": STAFF,
    "meetings/<int:pk>/open/": STAFF_POST,
    "meetings/<int:pk>/cancel/": STAFF_POST,
    "meetings/<int:pk>/log/": STAFF,
    "meetings/<int:pk>/close/": STAFF_POST,
    "meetings/<int:pk>/attendance/<int:att>/": STAFF_POST,
    "meetings/<int:pk>/agenda/": STAFF_POST,
    "meetings/<int:pk>/resolutions/": STAFF_POST,
    "meetings/<int:pk>/minutes/": STAFF,
    "meetings/<int:pk>/minutes/approve/": ADMIN_POST,
    "meetings/<int:pk>/minutes/publish/": ADMIN_POST,
    "meetings/<int:pk>/minutes/return/": ADMIN_POST,
    "meetings/<int:pk>/photos/": STAFF_POST,
    "meetings/<int:pk>/photos/<int:photo>/<str:size>/": MEMBERS,
    "meetings/<int:pk>/sign-in-sheet/<str:size>/": MEMBERS,
    "meetings/<int:pk>/print/": MEMBERS,
    "meetings/resolutions/": PUBLIC,
    "meetings/resolutions/mine/": MEMBERS_LIST,
    "meetings/resolutions/<int:pk>/progress/": LOGGED_IN_POST,
    "meetings/resolutions/<int:pk>/edit/": STAFF,
    "meetings/escalate/<str:reference>/": STAFF_POST,
    "meetings/escalations/<int:pk>/resolution/": STAFF_POST,
    "meetings/calendar/": MEMBERS_LIST,
    "meetings/calendar/regenerate/": MEMBERS_POST,
    "meetings/calendar/revoke/": MEMBERS_POST,
    "meetings/calendar/<str:token>.ics": PUBLIC,  # the token is the key (the committee member's feed)
    # --- services (the request: filed online by the resident) ---
    "services/": PUBLIC,
    "services/items/<int:pk>/": HOME_PUBLIC,
    "services/apply/": LOGGED_IN,
    "services/track/": PUBLIC,
    "services/mine/": LOGGED_IN,
    "services/requests/<str:reference>/": APPLICANT_OR_STAFF,
    "services/requests/<str:reference>/do/<slug:action>/": LOGGED_IN_POST,
    "services/requests/<str:reference>/my/<slug:action>/": LOGGED_IN_POST,
    "services/requests/<str:reference>/receipt/": APPLICANT_OR_STAFF,
    "services/requests/<str:reference>/files/<int:pk>/": APPLICANT_OR_STAFF,
    "services/requests/<str:reference>/files/<int:pk>/thumb/": APPLICANT_OR_STAFF,
    "services/requests/<str:reference>/photos/<int:pk>/": APPLICANT_OR_STAFF,
    "services/requests/<str:reference>/photos/<int:pk>/thumb/": APPLICANT_OR_STAFF,
    "services/desk/": STAFF_LIST,
    "services/desk/assign/": STAFF_POST,
    "services/desk/bulk/": STAFF_POST,
    "services/desk/print/": STAFF_LIST,
    "services/desk/export/": ADMIN_LIST,
    "services/desk/period-export/": STAFF_LIST,
    "services/follow-ups/<int:pk>/resolve/": ADMIN_POST,
    "services/api-keys/": ADMIN_LIST,
    "services/api-keys/<int:pk>/revoke/": ADMIN_POST,
    # --- Open311 (public reads; the default jurisdiction is the first community, the home one) ---
    "open311/v2/discovery.<fmt:fmt>": PUBLIC,
    "open311/v2/services.<fmt:fmt>": PUBLIC,
    "open311/v2/services/<str:code>.<fmt:fmt>": PUBLIC,
    "open311/v2/requests.<fmt:fmt>": PUBLIC,
    "open311/v2/requests/<str:reference>.<fmt:fmt>": PUBLIC,
    "open311/v2/media/<int:pk>/": PUBLIC,  # the picture staff marked public
    "open311/v2/openapi.json": PUBLIC,
    # --- households (door to door; the campaign is under way, its households assigned to the party member) ---
    "households/": "L 403 200 403 200 200 200 200",  # staff, and service-team members (their own list)
    "households/list/": STAFF_LIST,
    "households/<int:pk>/": STAFF,
    "households/<int:pk>/request/": STAFF,
    "households/<int:pk>/pairing/": STAFF,
    "households/template.xlsx": STAFF_LIST,
    "households/export.xlsx": STAFF_LIST,
    "households/import/": STAFF_LIST,
    "households/grids/": STAFF_LIST,
    "households/grids/<int:pk>/": STAFF,
    "households/campaigns/": STAFF_LIST,
    "households/campaigns/new/": STAFF_LIST,
    "households/campaigns/<int:pk>/": STAFF,
    "households/campaigns/<int:pk>/edit/": "L 403 403 403 302 302 404 404",  # under way: back to the campaign
    "households/campaigns/<int:pk>/start/": STAFF_POST,
    "households/campaigns/<int:pk>/close/": STAFF_POST,
    "households/campaigns/<int:pk>/assign/": STAFF_POST,
    "households/campaigns/<int:pk>/publish/": ADMIN_POST,
    "households/campaigns/<int:pk>/buildings/<int:building>/": STAFF,
    "households/campaigns/<int:pk>/households/<int:target>/vacant/": STAFF_POST,
    "households/visits/<int:pk>/request/": STAFF_POST,
    "households/visits/<int:pk>/photo/": "L 403 200 403 200 200 404 404",  # staff, and the visitor who took it
    "households/visits/<int:pk>/photo/thumb/": "L 403 200 403 200 200 404 404",
    "households/care/": STAFF_LIST,
    "households/visit/": "L 403 200 403 200 200 200 200",
    "households/visit/data/": "L 403 200 403 200 200 200 200",
    "households/visit/token/": "L 403 200 403 200 200 200 200",
    "households/visit/sync/": LOGGED_IN_POST,
    "households/visit/sw.js": PUBLIC,
    "households/visit/manifest.webmanifest": PUBLIC,
}

# POSTs that take no CSRF token, each with the reason; every other POST must be refused without one.
CSRF_EXEMPT = {
    "open311/v2/requests.<fmt:fmt>": "Open311 filing: the client app's API key authenticates it, not a session",
}


# --- the URL configuration, walked ---


@dataclass(frozen=True)
class Route:
    route: str  # the pattern as written, prefixes included: the table's key
    name: str  # namespaced name, for reverse()
    params: tuple[str, ...]


def all_routes() -> list[Route]:
    found: list[Route] = []

    def walk(resolver: URLResolver, prefix: str, namespace: str) -> None:
        for entry in resolver.url_patterns:
            route = prefix + str(entry.pattern)
            if route.startswith(SKIPPED_PREFIXES):
                continue
            if isinstance(entry, URLResolver):
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry, route, inner)
            elif isinstance(entry, URLPattern):
                params = tuple(entry.pattern.regex.groupindex)
                found.append(Route(route, f"{namespace}{entry.name}", params))

    walk(get_resolver(), "", "")
    return found


# --- objects that fill the URL parameters ---


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 40)).save(buffer, "PNG")
    return buffer.getvalue()


class World:
    """One of everything in the home community, made the way the apps make them where it matters."""

    def __init__(self, actors):
        from meetings.models import CalendarFeed
        from members.models import ActivityPhoto, SharedResource
        from notices.models import NoticeAttachment
        from portal.models import Notification
        from services.models import Attachment, RequestEvent

        home = actors.community
        self.actors = actors
        self.notification = Notification.objects.create(recipient=actors.resident, title="通知", url="/")
        self.notice = factories.make_notice(home, actors.staff, title="公开的通知")
        self.notice.cover.save("cover.png", ContentFile(_png()), save=False)
        self.notice.cover_thumbnail.save("thumb.png", ContentFile(_png()), save=False)
        self.notice.save(update_fields=["cover", "cover_thumbnail"])
        self.notice_file = NoticeAttachment.objects.create(
            community=home, notice=self.notice, file=ContentFile(b"%PDF-1.4\n", name="a.pdf"), name="a.pdf", size=9
        )
        self.draft = factories.make_notice(home, actors.staff, state="draft", title="草稿")
        self.draft_file = NoticeAttachment.objects.create(
            community=home, notice=self.draft, file=ContentFile(b"%PDF-1.4\n", name="b.pdf"), name="b.pdf", size=9
        )
        self.unit = factories.make_unit(home, "区城管局")
        self.seat = self._seat()
        self.member = self._party_member()
        self.agreement = factories.make_agreement(self.unit)
        self.commitment = factories.make_commitment(self.agreement)
        self.activity = factories.make_activity(home)
        self.participation = factories.make_participation(self.activity, self.member)
        self.photo = ActivityPhoto.objects.create(
            community=home,
            activity=self.activity,
            image=ContentFile(_png(), name="p.png"),
            thumbnail=ContentFile(_png(), name="t.png"),
        )
        self.post = factories.make_post(home)
        self.resource = SharedResource.objects.create(community=home, unit=self.unit, name="会议室")
        self.meeting = factories.make_held_meeting(home, present=1)
        self.attendance = self.meeting.attendance.first()
        self.meeting_photo = self._meeting_pictures()
        self.resolution = factories.make_resolution(self.meeting, self.unit)
        self.token = CalendarFeed.regenerate(actors.committee_member).calendar_token
        self.item = factories.make_item(home, "低保申请")
        self.request = factories.make_request(home, actors.resident)
        self.attachment = Attachment.objects.create(
            request=self.request, file=ContentFile(_png(), name="f.png"), thumbnail=ContentFile(_png(), name="t.png")
        )
        self.event = RequestEvent.objects.create(request=self.request, text="上门", public=True)
        self.event.photo.save("e.png", ContentFile(_png()), save=False)
        self.event.thumbnail.save("et.png", ContentFile(_png()), save=False)
        self.event.save(update_fields=["photo", "thumbnail"])
        self.follow_up = self._follow_up()
        self.outsider_admin = factories.make_admin(actors.other_community, "钱书记")
        self.escalation = self._escalation()
        self._open311()
        self._doors()

    def _open311(self):
        from services.models import ApiClient

        home = self.actors.community
        self.public_item = factories.make_item(home, "路灯维修", public=True)
        self.public_request = factories.make_request(home, self.actors.resident, self.public_item)
        self.public_picture = Attachment_with_picture(self.public_request)
        self.public_request.set_public_view(self.actors.staff, "路灯不亮", self.public_picture)
        self.api_client, self.api_key = ApiClient.issue(home, "市民热线")

    def _doors(self):
        from households.models import Target, Visit
        from tests.households import make

        actors = self.actors
        self.building = make.building(actors.community, worker=actors.staff, doors=2)
        self.household = self.building.households.first()
        self.grid = self.building.grid
        self.campaign = make.campaign(
            actors.community, staff=actors.staff, buildings=[self.building], visitor=actors.party_member
        )
        self.target = Target.objects.get(campaign=self.campaign, household=self.household)
        self.visit = Visit.objects.create(
            community=actors.community,
            client_id="matrix-visit-1",
            visitor=actors.party_member,
            household=self.household,
            campaign=self.campaign,
            outcome="visited",
            concerns="楼道灯坏了",
            visited_at=timezone.now(),
            photo=ContentFile(_png(), name="v.png"),
            thumbnail=ContentFile(_png(), name="vt.png"),
        )

    def _seat(self):
        from members.models import CommitteeSeat

        return CommitteeSeat.objects.get(user=self.actors.committee_member)

    def _party_member(self):
        from members.models import PartyMember

        return PartyMember.objects.get(user=self.actors.party_member)

    def _meeting_pictures(self):
        from meetings.models import MeetingPhoto

        self.meeting.sign_in_sheet_thumb.save("s.png", ContentFile(_png()), save=False)
        self.meeting.save(update_fields=["sign_in_sheet_thumb"])
        return MeetingPhoto.objects.create(
            community=self.actors.community,
            meeting=self.meeting,
            image=ContentFile(_png(), name="m.png"),
            thumbnail=ContentFile(_png(), name="mt.png"),
        )

    def _escalation(self):
        from meetings.escalation import Escalation
        from meetings.models import AgendaItem

        item = AgendaItem.objects.create(community=self.actors.community, meeting=self.meeting, title="加装路灯")
        return Escalation.objects.create(
            community=self.actors.community,
            request=self.request,
            meeting=self.meeting,
            agenda_item=item,
            reason="需要多个单位",
            escalated_by=self.actors.staff,
        )

    def _follow_up(self):
        from services.models import FollowUp, Rating

        rating = Rating.objects.create(request=self.request, score=1, rated_by=self.actors.resident)
        return FollowUp.objects.create(
            community=self.actors.community, request=self.request, rating=rating, due_date=timezone.localdate()
        )

    # Which object's pk fills <pk>: the public notice for public notice pages, the draft for staff ones …
    PK_EXACT = {
        "notices/<int:pk>/": "notice",
        "notices/<int:pk>/files/<int:attachment_pk>/": "notice",
        "notices/<int:pk>/cover/<str:size>/": "notice",
    }
    # … and otherwise by the longest matching route prefix.
    PK_OBJECTS = {
        "accounts/users/": "resident_user",
        "notifications/": "notification",
        "notices/": "draft",
        "members/units/": "unit",
        "members/seats/": "seat",
        "members/party-members/": "member",
        "members/registrations/": "member",
        "members/agreements/": "agreement",
        "members/commitments/": "commitment",
        "members/activities/": "activity",
        "members/participations/": "participation",
        "members/photos/": "photo",
        "members/posts/": "post",
        "members/resources/": "resource",
        "members/reports/home-unit/": "unit",
        "meetings/resolutions/": "resolution",
        "meetings/escalations/": "escalation",
        "meetings/": "meeting",
        "services/items/": "item",
        "services/requests/<str:reference>/files/": "attachment",
        "services/requests/<str:reference>/photos/": "event",
        "services/follow-ups/": "follow_up",
        "services/api-keys/": "api_client",
        "open311/v2/media/": "public_picture",
        "households/grids/": "grid",
        "households/campaigns/": "campaign",
        "households/visits/": "visit",
        "households/": "household",
        "work/calendar/periods/": "calendar_period",
    }

    @property
    def resident_user(self):
        return self.actors.resident

    @property
    def calendar_period(self):
        from services.models import CalendarPeriod

        return CalendarPeriod.objects.get_or_create(first="2027-01-01", last="2027-01-01", name="元旦")[0]

    def kwargs(self, route: Route) -> dict:
        values = {}
        for param in route.params:
            if param == "pk":
                values[param] = self._pk_for(route.route)
            elif param == "attachment_pk":
                values[param] = (self.draft_file if "delete" in route.route else self.notice_file).pk
            else:
                values[param] = self._named(param, route.route)
        return values

    def _pk_for(self, route: str) -> int:
        if route in self.PK_EXACT:
            return getattr(self, self.PK_EXACT[route]).pk
        for prefix, name in sorted(self.PK_OBJECTS.items(), key=lambda kv: -len(kv[0])):
            if route.startswith(prefix):
                return getattr(self, name).pk
        raise AssertionError(f"no object for <pk> in {route}: add one to World.PK_OBJECTS")

    def _named(self, param: str, route: str):
        simple = {
            "size": "thumb",
            "year": timezone.localdate().year,
            "category": "party",
            "token": self.token,
            "reference": self.request.reference,
            "att": self.attendance.pk,
            "fmt": "json",
            "code": self.public_item.pk,
            "photo": self.meeting_photo.pk,
            "building": self.building.pk,
            "target": self.target.pk,
        }
        if param == "reference" and route.startswith("open311/"):
            return self.public_request.reference
        if param == "action":
            return "rate" if "/my/" in route else "accept"
        if param in simple:
            return simple[param]
        raise AssertionError(f"no value for <{param}> in {route}: teach World._named")


def Attachment_with_picture(req):  # noqa: N802 - reads as the thing it makes
    from services.models import Attachment

    return Attachment.objects.create(
        request=req, name="p.png", file=ContentFile(_png(), name="p.png"), thumbnail=ContentFile(_png(), name="t.png")
    )


# --- what a response means ---


def outcome(response) -> str:
    if response.status_code in (301, 302):
        location = response["Location"]
        if location.startswith(reverse("login")):
            return "L"
    return str(response.status_code)


def client_for(world: World, role: str, **kwargs) -> Client:
    client = Client(**kwargs)
    if role != "anonymous":
        client.force_login(getattr(world.actors, role, None) or getattr(world, role))
    return client


@pytest.fixture
def world(actors):
    return World(actors)


def test_every_url_pattern_is_in_the_table():
    routes = {r.route for r in all_routes()}
    missing = sorted(routes - EXPECTED.keys())
    stale = sorted(EXPECTED.keys() - routes)
    assert not missing, f"URL patterns without expected outcomes (add them to EXPECTED): {missing}"
    assert not stale, f"EXPECTED lists patterns that no longer exist: {stale}"


def test_every_row_has_one_outcome_per_role():
    for route, row in EXPECTED.items():
        assert len(row.split()) == len(ROLES), route


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_exactly_what_the_table_says(world, role):
    column = ROLES.index(role)
    client = client_for(world, role)
    wrong = []
    for route in all_routes():
        if route.route not in EXPECTED:
            continue  # reported by test_every_url_pattern_is_in_the_table
        url = reverse(route.name, kwargs=world.kwargs(route))
        got = outcome(client.get(url))
        expected = EXPECTED[route.route].split()[column]
        if got != expected:
            wrong.append(f"{route.route} ({url}): expected {expected}, got {got}")
    assert not wrong, f"{role}:\n" + "\n".join(wrong)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["anonymous", "resident", "committee_member", "admin"])
def test_every_post_without_a_csrf_token_is_refused(world, role):
    client = client_for(world, role, enforce_csrf_checks=True)
    accepted = []
    for route in all_routes():
        if route.route in CSRF_EXEMPT:
            continue  # test_the_csrf_exempt_posts_are_exactly_the_listed_ones
        url = reverse(route.name, kwargs=world.kwargs(route))
        response = client.post(url, {"text": "x", "title": "x", "note": "x"})
        if response.status_code != 403 or "403_csrf.html" not in [t.name for t in response.templates]:
            accepted.append(f"{route.route}: {response.status_code}")
    assert not accepted, "POST without a CSRF token was not refused by:\n" + "\n".join(accepted)


def test_the_csrf_exempt_views_are_exactly_the_listed_ones():
    exempt = set()

    def walk(resolver: URLResolver, prefix: str) -> None:
        for entry in resolver.url_patterns:
            route = prefix + str(entry.pattern)
            if route.startswith(SKIPPED_PREFIXES):
                continue
            if isinstance(entry, URLResolver):
                walk(entry, route)
            elif getattr(entry.callback, "csrf_exempt", False):
                exempt.add(route)

    walk(get_resolver(), "")
    assert exempt == set(CSRF_EXEMPT), f"exempt but not listed, or listed but not exempt: {exempt ^ set(CSRF_EXEMPT)}"


@pytest.mark.django_db
def test_an_exempt_post_without_a_token_is_still_refused_without_its_key(world):
    client = client_for(world, "admin", enforce_csrf_checks=True)
    for route in all_routes():
        if route.route in CSRF_EXEMPT:
            url = reverse(route.name, kwargs=world.kwargs(route))
            response = client.post(url, {"text": "x", "service_code": str(world.public_item.pk)})
            assert response.status_code == 403, route.route
            assert "403_csrf.html" not in [t.name for t in response.templates]
            assert response.json()[0]["code"] == 403
