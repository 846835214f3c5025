"""Attack corpora over every form: XSS, oversized input, malformed Unicode, hostile uploads.

For each form the table below says who posts it, where, with what valid data,
which of its text fields are shown back to people, and on which page. Each
attack must end in a page (never a 500); a refused submission saves nothing and
shows why; a saved one stores the text exactly and shows it escaped.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
from django.apps import apps
from django.contrib.messages import constants
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from tests import sms, uploads
from tests.attacks import MALFORMED, OVERSIZED, XSS, form_bytes
from tests.test_permission_matrix import World, all_routes, client_for

pytestmark = pytest.mark.django_db

APPS = ("portal", "members", "meetings", "services", "households")
# Rows that a request writes as a side effect whatever happens (sessions, audit, notifications, counters).
UNCOUNTED = {
    "auditlog",
    "notification",
    "referencecounter",
    "apiratecounter",
    "phonecode",
    "ratecounter",
    "outboxmessage",
}


@dataclass
class Case:
    name: str
    role: str
    url: Callable[[World], str]
    data: Callable[[World], dict]
    text: list[str]  # text fields shown back to people
    shown: Callable[[World], str] | None = None  # a page that shows them (default: where the form leads)
    shown_role: str = ""
    prefix: str = ""
    uploads: list[str] = field(default_factory=list)  # upload fields (name without prefix)
    once: bool = False  # a person does this once (a registration): later tries are turned away politely
    setup: Callable | None = None  # setup(client) -> extra data: an earlier step of the same form (a code sent)

    def key(self, name: str) -> str:
        return f"{self.prefix}-{name}" if self.prefix else name


def _unit(w):
    return w.unit.pk


_register_phones = itertools.count(13600000000)


def _code_sent(client) -> dict:
    """Registration's first step: a fresh number gets a code, which the second step's form then carries."""
    phone = str(next(_register_phones))
    client.post(reverse("register"), {"phone": phone})
    return {"code": sms.last_code(phone)}


def _fresh_version(obj) -> int:
    """The version an edit form opened now would carry (each earlier submission moved it on)."""
    return type(obj).objects.values_list("version", flat=True).get(pk=obj.pk)


CASES = [
    # --- accounts ---
    Case(
        "register with a code",
        "anonymous",
        lambda w: reverse("register_verify"),
        lambda w: {
            "real_name": "周小红",
            "community": w.actors.community.pk,
            "password1": "Hongxing-2026!",
            "password2": "Hongxing-2026!",
            "consent": "on",
        },
        ["real_name"],
        setup=_code_sent,
    ),
    # --- the service desk ---
    Case(
        "file a request",
        "resident",
        lambda w: reverse("services:apply"),
        lambda w: {"kind": "appeal", "description": "楼道灯坏了", "address": "红星路12号", "form_token": _token()},
        ["description", "address", "contact_time"],
        uploads=["photo", "document"],
    ),
    Case(
        "file on someone's behalf",
        "staff",
        lambda w: reverse("services:apply"),
        lambda w: {
            "kind": "appeal",
            "channel": "phone",
            "applicant_name": "刘大爷",
            "applicant_phone": "13912345678",
            "description": "帮忙代办",
            "form_token": _token(),
        },
        ["applicant_name", "description", "address"],
    ),
    Case(
        "accept with a note",
        "staff",
        lambda w: reverse("services:act", args=[w.request.reference, "accept"]),
        lambda w: {"accept-note": "已受理"},
        ["note"],
        prefix="accept",
        shown=lambda w: w.request.get_absolute_url(),
        shown_role="resident",
    ),
    Case(
        "reject with a reason",
        "staff",
        lambda w: reverse("services:act", args=[w.request.reference, "reject"]),
        lambda w: {"reject-reason": "不属于本社区"},
        ["reason"],
        prefix="reject",
        shown=lambda w: w.request.get_absolute_url(),
        shown_role="resident",
    ),
    Case(
        "timeline note",
        "staff",
        lambda w: reverse("services:act", args=[w.request.reference, "note"]),
        lambda w: {"note-text": "电话联系过", "note-public": "on"},
        ["text"],
        prefix="note",
        shown=lambda w: w.request.get_absolute_url(),
        shown_role="resident",
        uploads=["photo", "document"],
    ),
    Case(
        "supply materials",
        "resident",
        lambda w: reverse("services:applicant_act", args=[w.waiting.reference, "materials"]),
        lambda w: {"materials-text": "补充户口簿"},
        ["text"],
        prefix="materials",
        shown=lambda w: w.waiting.get_absolute_url(),
        shown_role="staff",
        uploads=["photo", "document"],
    ),
    Case(
        "rate",
        "resident",
        lambda w: reverse("services:applicant_act", args=[w.completed.reference, "rate"]),
        lambda w: {"rate-score": "4", "rate-solved": "yes", "rate-comment": "办得快"},
        ["comment"],
        prefix="rate",
        shown=lambda w: w.completed.get_absolute_url(),
        shown_role="staff",
    ),
    Case(
        "resolve a follow-up",
        "admin",
        lambda w: reverse("services:resolve_follow_up", args=[w.follow_up.pk]),
        lambda w: {"resolution": "已回访整改"},
        ["resolution"],
        shown=lambda w: w.request.get_absolute_url(),
        shown_role="admin",
    ),
    Case(
        "public view of a request (Open311)",
        "staff",
        lambda w: reverse("services:act", args=[w.public_request.reference, "public"]),
        lambda w: {"public-summary": "3栋路灯不亮"},
        ["summary"],
        prefix="public",
        shown=lambda w: "/open311/v2/requests.xml",
        shown_role="anonymous",
    ),
    Case(
        "issue an API key",
        "admin",
        lambda w: reverse("services:api_clients"),
        lambda w: {"name": "市民热线"},
        ["name"],
    ),
    Case(
        "escalate to the joint meeting",
        "staff",
        lambda w: reverse("meetings:escalate", args=[w.waiting.reference]),
        lambda w: {"escalate-reason": "需要三个单位协同"},
        ["reason"],
        prefix="escalate",
        shown=lambda w: reverse("meetings:detail", args=[w.joint.pk]),
        once=True,
    ),
    # --- meetings ---
    Case(
        "plan a meeting",
        "staff",
        lambda w: reverse("meetings:create"),
        lambda w: {"kind": "adhoc", "title": "专题会", "starts_at": "2026-12-01T14:30", "place": "会议室"},
        ["title", "place", "convener"],
    ),
    Case(
        "agenda item",
        "staff",
        lambda w: reverse("meetings:agenda_add", args=[w.meeting.pk]),
        lambda w: {"agenda-title": "加装电梯", "agenda-details": "三栋楼"},
        ["title", "details"],
        prefix="agenda",
        shown=lambda w: reverse("meetings:detail", args=[w.meeting.pk]),
        shown_role="committee_member",
    ),
    Case(
        "resolution",
        "staff",
        lambda w: reverse("meetings:resolution_add", args=[w.meeting.pk]),
        lambda w: {
            "resolution-text": "修路",
            "resolution-lead_unit": _unit(w),
            "resolution-owner": "赵委员",
            "resolution-due_date": "2026-12-31",
            "resolution-is_public": "on",
        },  # fmt: skip
        ["text", "owner"],
        prefix="resolution",
        shown=lambda w: reverse("meetings:detail", args=[w.meeting.pk]),
        shown_role="committee_member",
    ),
    Case(
        "edit a resolution",
        "staff",
        lambda w: reverse("meetings:resolution_edit", args=[w.resolution.pk]),
        lambda w: {
            "text": "修路",
            "lead_unit": _unit(w),
            "owner": "赵委员",
            "due_date": "2026-12-31",
            "version": w.resolution.version,
        },  # fmt: skip
        ["text", "owner"],
        shown=lambda w: reverse("meetings:detail", args=[w.meeting.pk]),
        shown_role="committee_member",
    ),
    Case(
        "progress report",
        "committee_member",
        lambda w: reverse("meetings:progress", args=[w.resolution.pk]),
        lambda w: {"text": "已开工", "progress": "30", "status": "in_progress"},
        ["text"],
        shown=lambda w: reverse("meetings:follow"),
        shown_role="staff",
    ),
    Case(
        "draft minutes",
        "staff",
        lambda w: reverse("meetings:minutes", args=[w.meeting.pk]),
        lambda w: {"minutes": "会议纪要", "internal_notes": "内部", "version": _fresh_version(w.meeting)},
        ["minutes", "internal_notes"],
        shown=lambda w: reverse("meetings:detail", args=[w.meeting.pk]),
    ),
    Case(
        "meeting photos",
        "staff",
        lambda w: reverse("meetings:photos", args=[w.meeting.pk]),
        lambda w: {"caption": "合影"},
        [],
        uploads=["sign_in_sheet", "photo"],
    ),
    # --- the roster ---
    Case(
        "unit",
        "staff",
        lambda w: reverse("members:unit_create"),
        lambda w: {"name": "区卫健局", "kind": "organ"},
        ["name", "party_org_name", "contact_name", "address"],
        shown=lambda w: reverse("members:unit_list"),
    ),
    Case(
        "seat",
        "staff",
        lambda w: reverse("members:seat_create"),
        lambda w: {"unit": _unit(w), "holder_name": "钱委员", "role": "member", "term_start": "2026-01-01"},
        ["holder_name", "holder_title"],
        shown=lambda w: reverse("members:seat_list"),
    ),
    Case(
        "hand a seat over",
        "staff",
        lambda w: reverse("members:seat_hand_over", args=[w.seat.pk]),
        lambda w: {"holder_name": "孙委员", "on": "2026-06-01"},
        ["holder_name", "holder_title"],
        shown=lambda w: reverse("members:seat_list"),
    ),
    Case(
        "party member",
        "staff",
        lambda w: reverse("members:member_create"),
        lambda w: {"name": "吴党员", "kind": "community"},
        ["name", "party_org", "skills", "availability"],
        shown=lambda w: reverse("members:member_list"),
    ),
    Case(
        "双报到 registration",
        "resident",
        lambda w: reverse("members:register"),
        lambda w: {"home_unit": _unit(w), "party_org": "区城管局党支部"},
        ["party_org", "skills", "availability"],
        shown=lambda w: reverse("members:registration_list"),
        shown_role="staff",
        once=True,
    ),
    Case(
        "agreement",
        "staff",
        lambda w: reverse("members:agreement_create"),
        lambda w: {"unit": _unit(w), "title": "共建协议", "signed_on": "2026-01-05", "term_start": "2026-01-01"},
        ["title", "notes"],
    ),
    Case(
        "commitment",
        "staff",
        lambda w: reverse("members:commitment_create", args=[w.agreement.pk]),
        lambda w: {"kind": "service", "description": "义诊", "activities_per_year": "4"},
        ["description"],
        shown=lambda w: reverse("members:agreement_detail", args=[w.agreement.pk]),
    ),
    Case(
        "activity",
        "staff",
        lambda w: reverse("members:activity_create"),
        lambda w: {"title": "清扫楼道", "kind": "volunteer", "date": "2026-05-01", "place": "3号楼"},
        ["title", "place", "description"],
    ),
    Case(
        "activity photo",
        "staff",
        lambda w: reverse("members:photo_add", args=[w.activity.pk]),
        lambda w: {"caption": "合影"},
        [],
        uploads=["image"],
    ),
    Case(
        "roster import",
        "staff",
        lambda w: reverse("members:roster_import"),
        lambda w: {},
        [],
        uploads=["file"],
    ),
    Case(
        "post",
        "staff",
        lambda w: reverse("members:post_create"),
        lambda w: {"name": "楼栋长", "duty": "联系住户", "is_open": "on"},
        ["name", "duty"],
        shown=lambda w: reverse("members:post_list"),
    ),
    Case(
        "shared resource",
        "staff",
        lambda w: reverse("members:resource_create"),
        lambda w: {"unit": _unit(w), "name": "活动室", "kind": "venue", "is_available": "on"},
        ["name", "description", "availability"],
        shown=lambda w: reverse("members:resource_list"),
    ),
    # --- accounts and notices ---
    Case(
        "profile",
        "resident",
        lambda w: reverse("profile"),
        lambda w: {"real_name": "张桂兰", "email": "", "version": _fresh_version(w.actors.resident)},
        ["real_name"],
        shown=lambda w: reverse("user_list"),
        shown_role="staff",
    ),
    Case(
        "notice draft",
        "staff",
        lambda w: reverse("notices:create"),
        lambda w: {"category": "residents", "title": "停水通知", "body": "周三停水"},
        ["title", "summary"],
        uploads=["cover_upload", "new_attachments"],
    ),
    Case(
        "return a notice",
        "admin",
        lambda w: reverse("notices:return", args=[w.submitted.pk]),
        lambda w: {"comment": "请补充时间"},
        ["comment"],
        shown=lambda w: reverse("notices:edit", args=[w.submitted.pk]),
        shown_role="staff",
    ),
    Case(
        "withdraw a notice",
        "admin",
        lambda w: reverse("notices:withdraw", args=[w.notice.pk]),
        lambda w: {"reason": "信息有误"},
        ["reason"],
        shown=lambda w: reverse("notices:manage", args=[w.notice.pk]),
        shown_role="staff",
    ),
]
# --- door to door (the visit-sync endpoint answers JSON: its corpora are in tests/households/test_visit_attacks.py)
CASES += [
    Case(
        "add a grid",
        "staff",
        lambda w: reverse("households:grids"),
        lambda w: {"name": "第三网格", "worker": ""},
        ["name"],
    ),
    Case(
        "new campaign",
        "staff",
        lambda w: reverse("households:campaign_new"),
        lambda w: {
            "title": "入户宣传",
            "description": "讲解政策",
            "starts_on": "2026-12-01",
            "ends_on": "2026-12-31",
            "scope": "all",
            "max_tries": "3",
            "q-TOTAL_FORMS": "1",
            "q-INITIAL_FORMS": "0",
            "q-0-kind": "opinion",
            "q-0-text": "是否同意？",
        },
        ["title", "description"],
    ),
    Case(
        "desk request from a household",
        "staff",
        lambda w: reverse("households:household_request", args=[w.household.pk]),
        lambda w: {"kind": "appeal", "description": "需要上门办理低保"},
        ["description"],
    ),
]


CASES.append(
    Case(
        "enter a working-day calendar period",
        "keeper",
        lambda w: reverse("work_calendar"),
        lambda w: {"first": (day := _calendar_day()), "last": day, "is_workday": "False", "name": "元旦"},
        ["name"],
        shown=lambda w: reverse("work_calendar") + "?year=2027",
    )
)
TEXT_CASES = [c for c in CASES if c.text]
UPLOAD_CASES = [(c, name) for c in CASES for name in c.uploads]


_calendar_days = itertools.count()


def _calendar_day() -> str:
    """A fresh day of 2027 per submission, so periods never overlap one another."""
    return (date(2027, 1, 1) + timedelta(days=next(_calendar_days) % 365)).isoformat()


def _token() -> str:
    import uuid

    return str(uuid.uuid4())


class Attacked(World):
    """The permission-matrix world plus requests and notices in the states the forms need."""

    def __init__(self, actors):
        super().__init__(actors)
        from tests import factories

        home = actors.community
        self.waiting = factories.make_request(home, actors.resident, status="waiting")
        self.completed = factories.make_request(home, actors.resident, status="completed")
        self.submitted = factories.make_notice(home, actors.staff, state="submitted", title="待审")
        starts = timezone.now() + timedelta(days=30)
        period = f"{starts.year}-Q{(starts.month - 1) // 3 + 1}"
        self.joint = factories.make_meeting(home, kind="quarterly", period=period, starts_at=starts)
        self.keeper = factories.make_user(None, "平台管理员", groups=["deployment_admin"])


@pytest.fixture
def world(actors):
    return Attacked(actors)


def world_client_get(path: str) -> str:
    from django.test import Client

    return Client().get(path).content.decode()


def row_counts() -> dict[str, int]:
    return {
        model._meta.label_lower: model._base_manager.count()
        for name in APPS
        for model in apps.get_app_config(name).get_models()
        if model._meta.model_name not in UNCOUNTED
    }


def submit(world, case: Case, data: dict, *, raw: bool = False):
    """Post the form as its user; follow redirects to the page a person would see next."""
    client = client_for(world, case.role)
    url = case.url(world)
    if case.setup is not None:
        data = data | case.setup(client)
    if raw:
        response = client.post(url, form_bytes(data), content_type="application/x-www-form-urlencoded", follow=True)
    else:
        response = client.post(url, data, follow=True)
    assert response.status_code < 500, f"{case.name}: {response.status_code}"
    return response


def refused(response) -> bool:
    """Did the page tell the user their submission was not taken?"""
    form_errors = any(
        getattr(value, "errors", None) for ctx in response.context or [] for value in ctx.flatten().values()
    )
    error_messages = any(m.level >= constants.ERROR for m in response.context.get("messages", []) or [])
    return form_errors or error_messages or response.status_code >= 400


def pages_showing(world, case: Case, response) -> list[str]:
    pages = [response.content.decode()]
    if case.shown:
        pages.append(client_for(world, case.shown_role or case.role).get(case.shown(world)).content.decode())
    return pages


def with_text(world, case: Case, value: str) -> dict:
    data = case.data(world)
    for name in case.text:
        data[case.key(name)] = value
    return data


# --- XSS ---

SAMPLE = [p for p in XSS if "<" in p][::3]  # every third markup payload: a spread of tags, quotes and entities


@pytest.mark.parametrize("case", TEXT_CASES, ids=lambda c: c.name)
def test_markup_in_every_text_field_comes_back_escaped_and_never_live(world, case):
    for n, payload in enumerate(SAMPLE):
        response = submit(world, case, with_text(world, case, payload))
        for page in pages_showing(world, case, response):
            assert payload not in page, f"{case.name}: raw markup rendered: {payload!r}"
        assert (
            refused(response)
            or (case.once and n)
            or any(escape(payload) in page for page in pages_showing(world, case, response))
        ), f"{case.name}: {payload!r} was saved but is shown nowhere"


def test_no_page_anywhere_renders_markup_saved_through_any_form(world):
    marker = '<img src=x onerror="alert(7)"><script>alert(7)</script>'
    for case in TEXT_CASES:
        submit(world, case, with_text(world, case, marker))
    leaks = []
    for role in ["anonymous", "resident", "committee_member", "staff", "admin"]:
        client = client_for(world, role)
        for route in all_routes():
            response = client.get(reverse(route.name, kwargs=world.kwargs(route)))
            body = b"".join(response) if response.streaming else response.content
            if marker.encode() in body:
                leaks.append(f"{role} {route.route}")
    assert not leaks, leaks


# --- oversized and malformed input ---


@pytest.mark.parametrize("case", TEXT_CASES, ids=lambda c: c.name)
def test_oversized_text_is_refused_on_the_form_and_nothing_is_saved(world, case):
    for name in case.text:
        data = case.data(world)
        data[case.key(name)] = OVERSIZED
        before = row_counts()
        response = submit(world, case, data)
        assert refused(response), f"{case.name}: {len(OVERSIZED)} characters accepted in {name}"
        assert row_counts() == before, f"{case.name}: rows written by a refused submission"


@pytest.mark.parametrize("kind", MALFORMED, ids=str)
@pytest.mark.parametrize("case", TEXT_CASES, ids=lambda c: c.name)
def test_malformed_unicode_never_breaks_a_form(world, case, kind):
    value = MALFORMED[kind]
    before = row_counts()
    response = submit(world, case, with_text(world, case, value), raw=True)
    if refused(response):
        assert row_counts() == before, f"{case.name}: rows written by a refused submission"
    else:
        for page in pages_showing(world, case, response):
            assert "\x00" not in page and "\ud800" not in page, f"{case.name}: stored {kind} shown as is"


# --- hostile uploads ---


@pytest.mark.parametrize("attack", uploads.ATTACKS)
@pytest.mark.parametrize(("case", "upload"), UPLOAD_CASES, ids=lambda v: v if isinstance(v, str) else v.name)
def test_every_upload_field_refuses_the_upload_corpus_saving_nothing(world, case, upload, attack):
    data = case.data(world)
    data[case.key(upload)] = uploads.ATTACKS[attack]()
    before = row_counts()
    response = submit(world, case, data)
    assert refused(response), f"{case.name}/{upload}: {attack} accepted"
    assert row_counts() == before, f"{case.name}/{upload}: rows written by a refused upload"


# --- the Open311 API: the same corpora against a form-encoded POST with a key ---

API_TEXT_FIELDS = ["description", "address_string", "first_name", "last_name", "device_id", "account_id"]


def _api_post(world, field: str, value: str):
    from django.test import Client

    data = {
        "api_key": world.api_key,
        "service_code": str(world.public_item.pk),
        "address_string": "红星路12号3栋",
        "description": "路灯不亮",
        field: value,
    }
    response = Client().post(
        "/open311/v2/requests.xml", form_bytes(data), content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code < 500, f"{field}: {response.status_code}"
    return response


@pytest.mark.parametrize("field", API_TEXT_FIELDS)
def test_the_open311_api_answers_every_corpus_without_breaking_or_leaking(world, field, settings):
    from xml.etree import ElementTree

    settings.OPEN311_POSTS_PER_KEY_HOUR = settings.OPEN311_POSTS_PER_ADDRESS_HOUR = 0
    for value in [*SAMPLE, OVERSIZED, *MALFORMED.values()]:
        before = row_counts()
        response = _api_post(world, field, value)
        root = ElementTree.fromstring(response.content)  # always well-formed XML
        if response.status_code != 201:
            assert root.tag == "errors" and row_counts() == before, f"{field}: rows written by a refused filing"
    for fmt in ("xml", "json"):
        body = world_client_get(f"/open311/v2/requests.{fmt}")
        for payload in SAMPLE:
            assert payload not in body, f"{field}: raw markup in the {fmt} answer"
