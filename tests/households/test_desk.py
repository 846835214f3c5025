"""A desk request filed from a household goes to its grid worker; a visit's concern becomes one in one action."""

import pytest

from households.models import HouseholdRequest, Visit
from services.models import ServiceRequest
from tests.households.conftest import visit_data

pytestmark = pytest.mark.django_db


def test_a_request_filed_from_a_household_goes_to_its_grid_worker(actors, doors):
    household = doors.households[0]
    response = actors.client("admin").post(
        f"/households/{household.pk}/request/", {"kind": "appeal", "description": "楼道灯坏了"}
    )
    req = ServiceRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == req.get_absolute_url()
    assert req.assignee == actors.staff  # the grid worker, not the admin who filed it
    assert (req.applicant_name, req.applicant_phone, req.channel) == ("户主1", "13911110001", "visit")
    assert HouseholdRequest.objects.get().household == household


def test_an_empty_description_is_refused_at_the_field(actors, doors):
    response = actors.client("staff").post(f"/households/{doors.households[0].pk}/request/", {"kind": "appeal"})
    assert response.status_code == 200 and "description" in response.context["form"].errors
    assert not ServiceRequest.objects.exists()


def test_a_concern_becomes_a_linked_request_once(actors, doors):
    actors.client("party_member").post("/households/visit/sync/", visit_data(doors, concerns="电梯费用怎么分摊"))
    visit = Visit.objects.get()
    client = actors.client("staff")
    client.post(f"/households/visits/{visit.pk}/request/")
    client.post(f"/households/visits/{visit.pk}/request/")
    req = ServiceRequest.objects.get()
    assert "电梯费用怎么分摊" in req.description and req.assignee == actors.staff
    assert HouseholdRequest.objects.get().visit == visit
    page = client.get(req.get_absolute_url()).content.decode()
    assert doors.households[0].get_absolute_url() in page  # the request page points back to the household


def test_another_communitys_visit_is_not_found(actors, doors):
    actors.client("party_member").post("/households/visit/sync/", visit_data(doors, concerns="问题"))
    visit = Visit.objects.get()
    assert actors.client("outsider").post(f"/households/visits/{visit.pk}/request/").status_code == 404
    assert actors.client("party_member").post(f"/households/visits/{visit.pk}/request/").status_code == 403
    assert not ServiceRequest.objects.exists()
