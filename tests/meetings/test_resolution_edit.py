"""Correcting a resolution: staff only, open ones only, and a second editor is told instead of overwriting."""

from datetime import date

import pytest
from django.db import connection
from django.urls import reverse

from meetings.forms import ResolutionForm
from meetings.models import Resolution
from portal.versioning import EditConflict
from tests import factories
from tests.utils import run_together


@pytest.fixture
def resolution(actors):
    meeting = factories.make_held_meeting(actors.community, present=1)
    return factories.make_resolution(meeting, factories.make_unit(actors.community, "区城管局"))


def edit_data(resolution, **overrides):
    data = {
        "text": resolution.text,
        "lead_unit": resolution.lead_unit_id,
        "owner": resolution.owner,
        "due_date": resolution.due_date.isoformat(),
        "is_public": "on",
        "version": resolution.version,
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_staff_correct_the_wording_and_the_due_date(actors, resolution):
    url = reverse("meetings:resolution_edit", args=[resolution.pk])
    assert actors.client("staff").get(url).status_code == 200
    data = edit_data(resolution, text="修缮12号楼化粪池和下水管", due_date="2027-01-15")
    response = actors.client("staff").post(url, data)
    assert response.status_code == 302
    resolution.refresh_from_db()
    assert resolution.text == "修缮12号楼化粪池和下水管" and resolution.due_date == date(2027, 1, 15)
    assert resolution.version == 2


@pytest.mark.django_db
def test_an_edit_never_overwrites_progress_reported_meanwhile(actors, resolution):
    form = ResolutionForm(edit_data(resolution, owner="钱主任"), instance=resolution, community=actors.community)
    Resolution.objects.get(pk=resolution.pk).post_progress(actors.committee_member, "已开工", 40)
    assert form.is_valid()
    form.save_revision(actors.staff)
    resolution.refresh_from_db()
    assert resolution.owner == "钱主任" and resolution.progress == 40 and resolution.status == "in_progress"


@pytest.mark.django_db
def test_the_second_of_two_forms_on_the_same_version_is_refused(actors, resolution):
    forms = [
        ResolutionForm(
            edit_data(resolution, text=f"第{i}位的措辞"),
            instance=Resolution.objects.get(pk=resolution.pk),
            community=actors.community,
        )
        for i in (1, 2)
    ]
    assert all(form.is_valid() for form in forms)
    forms[0].save_revision(actors.staff)
    with pytest.raises(EditConflict):
        forms[1].save_revision(actors.admin)
    resolution.refresh_from_db()
    assert resolution.text == "第1位的措辞"


@pytest.mark.django_db
def test_the_second_editor_is_told_and_keeps_their_text(actors, resolution):
    url = reverse("meetings:resolution_edit", args=[resolution.pk])
    assert actors.client("staff").post(url, edit_data(resolution, text="第一位的措辞")).status_code == 302
    response = actors.client("admin").post(url, edit_data(resolution, text="第二位的措辞"))
    assert response.status_code == 409
    page = response.content.decode()
    assert "第二位的措辞" in page and "第一位的措辞" in page
    assert response.context["form"].non_field_errors()
    resolution.refresh_from_db()
    assert resolution.text == "第一位的措辞"


@pytest.mark.django_db
def test_a_closed_resolution_cannot_be_edited(actors, resolution):
    resolution.post_progress(actors.staff, "已完成", 100, Resolution.Status.DONE)
    url = reverse("meetings:resolution_edit", args=[resolution.pk])
    response = actors.client("staff").post(url, edit_data(resolution, text="事后改"))
    assert response.status_code == 302
    resolution.refresh_from_db()
    assert resolution.text != "事后改"


@pytest.mark.django_db
def test_edit_guards(actors, resolution):
    url = reverse("meetings:resolution_edit", args=[resolution.pk])
    assert actors.client(None).get(url).status_code == 302
    assert actors.client("committee_member").get(url).status_code == 403
    assert actors.client("outsider").get(url).status_code == 404
    assert actors.client("staff").put(url).status_code == 405


@pytest.mark.django_db
def test_staff_see_an_edit_link_on_the_meeting_page(actors, resolution):
    page = actors.client("staff").get(reverse("meetings:detail", args=[resolution.meeting_id])).content.decode()
    assert reverse("meetings:resolution_edit", args=[resolution.pk]) in page
    page = actors.client("committee_member").get(reverse("meetings:detail", args=[resolution.meeting_id]))
    assert reverse("meetings:resolution_edit", args=[resolution.pk]) not in page.content.decode()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_two_staff_saving_the_same_resolution_at_once_one_wins_the_other_is_told(actors, resolution):
    editors = [actors.staff, actors.admin]
    url = reverse("meetings:resolution_edit", args=[resolution.pk])

    def save(i):
        client = actors.client(None)
        client.force_login(editors[i])
        response = client.post(url, edit_data(resolution, text=f"编辑{i}的措辞"))
        return response.status_code, response.content.decode()

    results = run_together(2, save)
    assert sorted(code for code, _ in results) == [302, 409], results
    winner = next(i for i, (code, _) in enumerate(results) if code == 302)
    resolution.refresh_from_db()
    assert resolution.text == f"编辑{winner}的措辞" and resolution.version == 2
    assert f"编辑{1 - winner}的措辞" in next(page for code, page in results if code == 409)
