"""No silent overwrite anywhere: every form that edits a record checks the version it was opened at.

Each case opens the edit form twice (two people), saves the first, then saves the second against the version
it was opened at: the second is told (409), keeps what they typed, and sees the version saved meanwhile.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from members.models import PartyMember
from tests import factories
from tests.utils import run_together


@dataclass
class Edit:
    name: str
    role: str
    url: Callable  # (objects) -> url
    field: str  # a text field both editors change
    model_of: Callable  # (objects) -> the edited row


def _objects(actors):
    home = actors.community
    unit = factories.make_unit(home, "示范区第二人民医院", kind="institution", party_org_name="医院党委")
    agreement = factories.make_agreement(unit)
    commitment = factories.make_commitment(agreement)
    member = factories.make_party_member(home, "潘国强", kind=PartyMember.Kind.COMMUNITY)
    meeting = factories.make_meeting(home, title="临时会议")
    held = factories.make_held_meeting(home, title="已召开的会议", starts_at=meeting.starts_at.replace(day=3))
    held.close(by=actors.staff)
    return {
        "unit": unit,
        "seat": factories.make_seat(unit, "宋玉洁"),
        "member": member,
        "agreement": agreement,
        "commitment": commitment,
        "activity": factories.make_activity(home, "社区义诊", organizer=unit),
        "post": factories.make_post(home),
        "resource": _resource(unit),
        "meeting": meeting,
        "held": held,
        "account": actors.resident,
        "admin": actors.admin,
    }


def _resource(unit):
    from members.models import SharedResource

    return SharedResource.objects.create(community=unit.community, unit=unit, name="会议室", kind="venue")


def _url(name: str, key: str):
    return lambda objs: reverse(name, args=[objs[key].pk])


EDITS = [
    Edit("unit", "staff", _url("members:unit_edit", "unit"), "contact_name", lambda o: o["unit"]),
    Edit("seat", "staff", _url("members:seat_edit", "seat"), "holder_title", lambda o: o["seat"]),
    Edit("party member", "staff", _url("members:member_edit", "member"), "skills", lambda o: o["member"]),
    Edit("agreement", "staff", _url("members:agreement_edit", "agreement"), "notes", lambda o: o["agreement"]),
    Edit(
        "commitment", "staff", _url("members:commitment_edit", "commitment"), "description", lambda o: o["commitment"]
    ),
    Edit("activity", "staff", _url("members:activity_edit", "activity"), "description", lambda o: o["activity"]),
    Edit("post", "staff", _url("members:post_edit", "post"), "duty", lambda o: o["post"]),
    Edit("shared resource", "staff", _url("members:resource_edit", "resource"), "description", lambda o: o["resource"]),
    Edit("meeting", "staff", _url("meetings:edit", "meeting"), "place", lambda o: o["meeting"]),
    Edit("minutes", "staff", _url("meetings:minutes", "held"), "minutes", lambda o: o["held"]),
    Edit("profile", "admin", lambda o: reverse("profile"), "real_name", lambda o: o["admin"]),
]


def opened(client: Client, url: str) -> dict:
    """What the browser would send back unchanged: every field of the form as the page filled it."""
    form = client.get(url).context["form"]
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(value, bool) or value is None:
            if value:
                data[name] = "on"
            continue
        if isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
            continue
        shown = field.widget.format_value(value)
        data[name] = "" if shown is None else shown
    return data


def _two_editors(actors, edit: Edit):
    objs = _objects(actors)
    url = edit.url(objs)
    first, second = actors.client(edit.role), actors.client(edit.role)
    return objs, url, (first, opened(first, url)), (second, opened(second, url))


@pytest.mark.django_db
@pytest.mark.parametrize("edit", EDITS, ids=lambda e: e.name)
def test_the_second_editor_is_told_keeps_their_text_and_sees_the_saved_version(actors, edit):
    objs, url, (first, data1), (second, data2) = _two_editors(actors, edit)
    saved = first.post(url, data1 | {edit.field: "先保存的内容"})
    assert saved.status_code == 302, saved.context["form"].errors if saved.context else saved
    refused = second.post(url, data2 | {edit.field: "后保存的内容"})
    assert refused.status_code == 409
    page = refused.content.decode()
    assert "后保存的内容" in page and "先保存的内容" in page
    row = edit.model_of(objs)
    row.refresh_from_db()
    assert getattr(row, edit.field) == "先保存的内容"
    # A deliberate second save, now against the version just seen, goes through.
    form = refused.context["form"]
    again = second.post(url, data2 | {edit.field: "后保存的内容", "version": form["version"].value()})
    assert again.status_code == 302
    row.refresh_from_db()
    assert getattr(row, edit.field) == "后保存的内容"


@pytest.mark.django_db
def test_an_edit_without_the_version_it_was_opened_at_is_not_saved(actors):
    objs = _objects(actors)
    url = reverse("members:unit_edit", args=[objs["unit"].pk])
    client = actors.client("staff")
    data = opened(client, url)
    del data["version"]
    assert client.post(url, data | {"contact_name": "无版本"}).status_code == 200
    objs["unit"].refresh_from_db()
    assert objs["unit"].contact_name != "无版本"


@pytest.mark.django_db
def test_an_admin_changing_roles_another_admin_just_changed_is_told(actors):
    url = reverse("user_edit", args=[actors.resident.pk])
    first, second = actors.client("admin"), Client()
    other_admin = factories.make_admin(actors.community, "陈副书记")
    second.force_login(other_admin)
    data1, data2 = opened(first, url), opened(second, url)
    assert first.post(url, data1 | {"is_staff_member": "on"}).status_code == 302
    refused = second.post(url, data2 | {"is_verified": "on"})
    assert refused.status_code == 409
    actors.resident.refresh_from_db()
    assert not actors.resident.is_verified


@pytest.mark.django_db
def test_an_edit_never_puts_back_a_status_a_workflow_step_changed_meanwhile(actors):
    objs = _objects(actors)
    member = objs["member"]
    client = actors.client("staff")
    url = reverse("members:member_edit", args=[member.pk])
    data = opened(client, url)
    PartyMember.objects.filter(pk=member.pk).update(status=PartyMember.Status.DECLINED)
    assert client.post(url, data | {"skills": "书法"}).status_code == 302
    member.refresh_from_db()
    assert member.status == PartyMember.Status.DECLINED and member.skills == "书法"


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.parametrize("edit", EDITS, ids=lambda e: e.name)
def test_two_editors_saving_at_the_same_moment_one_wins_the_other_is_told(edit):
    from django.contrib.auth.models import Group  # noqa: F401 - groups are made by migrations

    from tests.conftest import Actors

    home = factories.make_community("红星社区", "HX")
    actors = Actors(
        community=home,
        other_community=factories.make_community("东风社区", "DF"),
        resident=factories.make_user(home, "张桂兰"),
        party_member=factories.make_user(home, "刘党员"),
        committee_member=factories.make_user(home, "赵委员"),
        staff=factories.make_staff(home, "李秀梅"),
        admin=factories.make_admin(home, "王建华"),
        outsider=factories.make_user(None, "外人"),
        outsider_resident=factories.make_user(None, "外人2"),
    )
    objs, url, (first, data1), (second, data2) = _two_editors(actors, edit)
    editors = [(first, data1 | {edit.field: "甲的内容"}), (second, data2 | {edit.field: "乙的内容"})]
    codes = sorted(run_together(2, lambda i: editors[i][0].post(url, editors[i][1]).status_code))
    assert codes == [302, 409]
    row = edit.model_of(objs)
    row.refresh_from_db()
    assert getattr(row, edit.field) in ("甲的内容", "乙的内容") and row.version == 2
