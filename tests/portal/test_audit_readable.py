"""An audit log people can read: names not ids, labels not field names, steps translated, exports recorded."""

import pytest
from django.urls import reverse

from members.models import PartyMember
from portal.models import AuditLog
from portal.privacy import mask_id_numbers
from tests import factories

pytestmark = pytest.mark.django_db


def audit_page(actors) -> str:
    return actors.client("admin").get(reverse("audit_log")).content.decode()


def test_changes_show_old_and_new_values_with_names(actors):
    old_unit, new_unit = (
        factories.make_unit(actors.community, "区税务局一"),
        factories.make_unit(actors.community, "区卫健委"),
    )
    member = factories.make_party_member(actors.community, "潘国强", kind="in_service", home_unit=old_unit)
    client = actors.client("staff")
    data = {"name": "潘国强", "kind": "in_service", "home_unit": new_unit.pk, "version": member.version}
    assert client.post(reverse("members:member_edit", args=[member.pk]), data).status_code == 302
    page = audit_page(actors)
    assert "区税务局一 → 区卫健委" in page
    assert "所在单位" in page and "home_unit_id" not in page  # the field's label


def test_role_changes_show_the_roles_by_name(actors):
    url = reverse("user_edit", args=[actors.resident.pk])
    data = {"is_staff_member": "on", "is_active": "on", "version": actors.resident.version}
    actors.client("admin").post(url, data)
    page = audit_page(actors)
    assert "社区工作人员" in page and "角色变更" in page


def test_step_names_are_translated(actors):
    req = factories.make_request(actors.community, actors.resident)
    actors.client("staff").post(reverse("services:act", args=[req.reference, "accept"]))
    page = audit_page(actors)
    assert "状态：已受理" in page


def test_committee_members_writes_are_recorded(actors):
    meeting = factories.make_held_meeting(actors.community, present=1)
    unit = actors.committee_member.committee_seats.first().unit
    resolution = factories.make_resolution(meeting, lead_unit=unit)
    url = reverse("meetings:progress", args=[resolution.pk])
    response = actors.client("committee_member").post(
        url, {"text": "已开工", "progress": "30", "status": "in_progress"}
    )
    assert response.status_code == 302
    assert AuditLog.objects.filter(actor=actors.committee_member).exists()


def test_residents_writes_are_still_not_recorded(actors):
    data = {"real_name": "张桂兰", "email": "z@example.org", "version": actors.resident.version}
    actors.client("resident").post(reverse("profile"), data)
    assert not AuditLog.objects.filter(actor=actors.resident).exists()


@pytest.mark.parametrize(
    ("url", "note"),
    [
        ("/members/roster/export.xlsx", "roster exported"),
        ("/members/agreements/report.xlsx", "agreement report exported"),
        ("/meetings/attendance/2026.xlsx", "attendance exported"),
    ],
)
def test_exports_of_personal_data_are_recorded(actors, url, note):
    assert actors.client("admin").get(url).status_code == 200
    entry = AuditLog.objects.get(note=note)
    assert entry.actor == actors.admin and entry.community == actors.community


def test_a_home_unit_report_download_is_recorded(actors):
    unit = factories.make_unit(actors.community, "区卫健委")
    actors.client("staff").get(f"/members/reports/home-unit/{unit.pk}.xlsx")
    assert AuditLog.objects.get(note="home-unit report exported").object_repr == "区卫健委"


def test_id_numbers_typed_into_free_text_are_masked_in_the_log(actors):
    member = factories.make_party_member(actors.community, "潘国强", kind=PartyMember.Kind.COMMUNITY)
    data = {"name": "潘国强", "kind": "community", "skills": "身份证110101199003071234", "version": member.version}
    actors.client("staff").post(reverse("members:member_edit", args=[member.pk]), data)
    entry = AuditLog.objects.get(action="update", object_id=str(member.pk))
    assert "110101199003071234" not in str(entry.changes)
    assert "110101********1234" in entry.changes["skills"][1]
    assert "110101199003071234" not in audit_page(actors)


def test_masking_leaves_phone_numbers_and_short_numbers_alone():
    assert mask_id_numbers("电话13912345678，门牌12号") == "电话13912345678，门牌12号"
    assert mask_id_numbers("11010119900307123X") == "110101********123X"
