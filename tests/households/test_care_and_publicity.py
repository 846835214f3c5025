"""Care pairing: due visits on the work page, coverage on /open/ without personal data; a campaign's public result."""

import pytest

from households.models import CarePairing
from notices.models import Notice
from tests.households import make
from tests.households.conftest import visit_data

pytestmark = pytest.mark.django_db


def test_the_work_page_lists_overdue_care_visits(actors, doors):
    overdue = make.pairing(doors.households[0], actors.party_member, days_ago=45)
    make.pairing(doors.households[1], actors.party_member, days_ago=2)
    page = actors.client("staff").get("/work/").content.decode()
    assert overdue.household.name in page and "逾期" in page
    assert doors.households[1].name not in page


def test_pairing_a_party_member_from_the_care_list(actors, doors):
    household = doors.households[2]
    make.tag(household, "disabled")
    assert household.name in actors.client("staff").get("/households/care/").content.decode()
    response = actors.client("staff").post(
        f"/households/{household.pk}/pairing/", {"member": actors.party_member.pk, "cadence_days": "30"}
    )
    assert response.status_code == 302
    assert CarePairing.objects.get(household=household).member == actors.party_member


def test_a_resident_cannot_be_paired(actors, doors):
    response = actors.client("staff").post(
        f"/households/{doors.households[2].pk}/pairing/", {"member": actors.resident.pk, "cadence_days": "30"}
    )
    assert response.status_code == 200 and "member" in response.context["form"].errors


def test_open_shows_care_coverage_as_counts_only(actors, doors):
    for h in doors.households[:2]:
        make.tag(h, "elderly_alone")
    make.pairing(doors.households[0], actors.party_member, days_ago=3)
    page = actors.client(None).get("/open/").content.decode()
    assert "关爱走访" in page and "50.0%" in page
    for h in doors.households:
        assert h.name not in page


def test_the_campaign_result_is_published_without_personal_data(actors, doors):
    q = doors.campaign.questions.first()
    client = actors.client("party_member")
    client.post(
        "/households/visit/sync/", visit_data(doors, answers=f'{{"{q.pk}": "agree"}}', concerns="户主说电梯太贵")
    )
    client.post("/households/visit/sync/", visit_data(doors, doors.households[1], outcome="vacant"))
    response = actors.client("admin").post(f"/households/campaigns/{doors.campaign.pk}/publish/")
    notice = Notice.objects.get()
    assert response["Location"] == notice.get_absolute_url() and notice.state == Notice.State.PUBLISHED
    assert "4" in notice.body and "同意 1（100%）" in notice.body
    for text in ["户主1", "住户1", "13911110001", "电梯太贵", "101"]:
        assert text not in notice.body
    assert actors.client("admin").post(f"/households/campaigns/{doors.campaign.pk}/publish/").status_code == 302
    assert Notice.objects.count() == 1


def test_only_an_admin_publishes(actors, doors):
    assert actors.client("staff").post(f"/households/campaigns/{doors.campaign.pk}/publish/").status_code == 403
    assert not Notice.objects.exists()
