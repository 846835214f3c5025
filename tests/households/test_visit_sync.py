"""The visit-sync endpoint: a visit from the phone is stored once, with its photo and answers, for its doors only."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image

from households.models import Answer, Target, Visit
from tests.households import make
from tests.households.conftest import visit_data

URL = "/households/visit/sync/"
pytestmark = pytest.mark.django_db


def png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), (10, 120, 200)).save(buffer, "PNG")
    return SimpleUploadedFile("door.png", buffer.getvalue(), content_type="image/png")


def answers(doors, opinion="agree", choice="屋面", text="楼道灯坏了") -> str:
    q = list(doors.campaign.questions.all())
    return json.dumps({str(q[0].pk): opinion, str(q[1].pk): choice, str(q[2].pk): text})


def test_a_visit_is_stored_with_its_answers_and_photo_in_one_request(actors, doors, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    data = visit_data(doors, answers=answers(doors), concerns="担心噪音", photo=png())
    response = actors.client("party_member").post(URL, data)
    assert response.status_code == 200
    assert response.json() == {"stored": True, "id": data["id"], "duplicate": False}
    visit = Visit.objects.get()
    assert visit.photo and visit.thumbnail and visit.concerns == "担心噪音"
    assert sorted(Answer.objects.values_list("value", flat=True)) == sorted(["agree", "屋面", "楼道灯坏了"])
    assert Target.objects.get(household=doors.households[0]).status == Target.Status.VISITED


def test_the_same_visit_sent_twice_is_stored_once(actors, doors, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = actors.client("party_member")
    data = visit_data(doors, answers=answers(doors))
    first = client.post(URL, {**data, "photo": png()})
    second = client.post(URL, {**data, "photo": png()})
    assert first.status_code == second.status_code == 200
    assert second.json()["duplicate"] is True
    assert Visit.objects.count() == 1 and Answer.objects.count() == 3


def test_not_at_home_counts_a_try_and_the_household_stays_on_the_list(actors, doors):
    client = actors.client("party_member")
    household = doors.households[1]
    client.post(URL, visit_data(doors, household, outcome="absent"))
    target = Target.objects.get(household=household)
    assert (target.status, target.tries) == ("absent", 1)
    keys = [t["household"] for t in client.get("/households/visit/data/").json()["tasks"]]
    assert household.pk in keys
    client.post(URL, visit_data(doors, household, outcome="absent"))
    keys = [t["household"] for t in client.get("/households/visit/data/").json()["tasks"]]
    assert household.pk not in keys  # two tries, the campaign's limit: settled


def test_a_visited_household_leaves_the_list_and_stays_visited(actors, doors):
    client = actors.client("party_member")
    household = doors.households[2]
    client.post(URL, visit_data(doors, household))
    client.post(URL, visit_data(doors, household, outcome="absent"))
    assert Target.objects.get(household=household).status == Target.Status.VISITED
    keys = [t["household"] for t in client.get("/households/visit/data/").json()["tasks"]]
    assert household.pk not in keys


def test_the_phone_copy_holds_door_name_and_questionnaire_never_tags_or_phones(actors, doors):
    make.tag(doors.households[0], "disabled")
    body = actors.client("party_member").get("/households/visit/data/").content.decode()
    assert "1391111" not in body and "disabled" not in body and "残疾" not in body
    data = json.loads(body)
    assert set(data["tasks"][0]) == {"key", "campaign", "household", "door", "name", "tries", "status"}
    assert [q["kind"] for q in data["campaigns"][str(doors.campaign.pk)]["questions"]] == ["opinion", "choice", "text"]


def test_a_household_not_assigned_to_the_visitor_is_refused(actors, doors):
    Target.objects.filter(household=doors.households[0]).update(assignee=None)
    response = actors.client("party_member").post(URL, visit_data(doors))
    assert response.status_code == 403
    assert not Visit.objects.exists()


def test_another_communitys_household_is_not_found(actors, doors):
    response = actors.client("party_member").post(URL, visit_data(doors, doors.other_household))
    assert response.status_code == 404
    assert not Visit.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [("id", "x"), ("outcome", "maybe"), ("visited_at", "yesterday"), ("answers", "[1]"), ("answers", '{"a": "b"}')],
)
def test_bad_input_is_refused_at_the_field_and_nothing_is_saved(actors, doors, field, value):
    response = actors.client("party_member").post(URL, visit_data(doors, **{field: value}))
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not Visit.objects.exists()


def test_an_answer_outside_the_choices_is_refused(actors, doors):
    response = actors.client("party_member").post(URL, visit_data(doors, answers=answers(doors, opinion="maybe")))
    assert response.status_code == 400 and not Visit.objects.exists()


def test_a_broken_photo_is_refused_and_the_visit_not_stored(actors, doors):
    bad = SimpleUploadedFile("door.jpg", b"not a picture", content_type="image/jpeg")
    response = actors.client("party_member").post(URL, {**visit_data(doors), "photo": bad})
    assert response.status_code == 400 and "photo" in response.json()["errors"]
    assert not Visit.objects.exists()


def test_sending_needs_a_csrf_token_which_the_token_endpoint_gives(actors, doors):
    client = Client(enforce_csrf_checks=True)
    client.force_login(actors.party_member)
    assert client.post(URL, visit_data(doors)).status_code == 403
    token = client.get("/households/visit/token/").json()["token"]
    assert client.post(URL, visit_data(doors), HTTP_X_CSRFTOKEN=token).status_code == 200


def test_a_care_visit_updates_the_pairing(actors, doors):
    pairing = make.pairing(doors.households[3], actors.party_member)
    data = visit_data(doors, doors.households[3], campaign="", pairing=pairing.pk)
    assert actors.client("party_member").post(URL, data).status_code == 200
    pairing.refresh_from_db()
    assert pairing.last_visit_on == timezone.localdate()


def test_a_care_visit_to_someone_elses_pairing_is_refused(actors, doors):
    pairing = make.pairing(doors.households[3], actors.committee_member)
    data = visit_data(doors, doors.households[3], campaign="", pairing=pairing.pk)
    assert actors.client("party_member").post(URL, data).status_code == 403


@pytest.mark.parametrize(("who", "status"), [(None, 302), ("resident", 403), ("committee_member", 403)])
def test_only_service_team_members_may_send(actors, doors, who, status):
    assert actors.client(who).post(URL, visit_data(doors)).status_code == status
    assert not Visit.objects.exists()


def test_it_rejects_get(actors, doors):
    assert actors.client("party_member").get(URL).status_code == 405
