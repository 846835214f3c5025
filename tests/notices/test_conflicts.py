"""Two staff editing the same draft: the second is told and keeps their text; nothing is silently overwritten."""

import pytest
from django.db import connection
from django.urls import reverse

from notices.forms import NoticeForm
from notices.models import Notice
from portal.versioning import EditConflict
from tests.factories import make_notice, make_staff
from tests.utils import run_together

S = Notice.State


def edit_data(notice, **overrides):
    data = {"category": notice.category, "title": notice.title, "summary": "", "body": notice.body}
    data["version"] = notice.version
    data.update(overrides)
    return data


@pytest.fixture
def draft(actors):
    return make_notice(actors.community, actors.staff, state=S.DRAFT, title="停水通知", body="周三停水。")


@pytest.mark.django_db
def test_the_second_of_two_forms_opened_on_the_same_version_is_refused(draft):
    first = NoticeForm(edit_data(draft, title="第一位的标题"), instance=Notice.objects.get(pk=draft.pk))
    second = NoticeForm(edit_data(draft, title="第二位的标题"), instance=Notice.objects.get(pk=draft.pk))
    assert first.is_valid() and second.is_valid()
    first.save()
    with pytest.raises(EditConflict) as conflict:
        second.save()
    draft.refresh_from_db()
    assert draft.title == "第一位的标题" and draft.version == 2
    second.show_conflict(conflict.value)
    assert second.non_field_errors() == [str(second.conflict_message)]
    assert second["title"].value() == "第二位的标题" and second["version"].value() == 2


@pytest.mark.django_db
def test_a_missing_version_is_refused_too(draft):
    data = edit_data(draft)
    del data["version"]
    form = NoticeForm(data, instance=draft)
    assert not form.is_valid() and "version" in form.errors


@pytest.mark.django_db
def test_a_workflow_move_also_makes_an_open_form_stale(actors, draft):
    form = NoticeForm(edit_data(draft, title="趁机改"), instance=Notice.objects.get(pk=draft.pk))
    draft.submit(by=actors.staff)
    assert form.is_valid()
    with pytest.raises(EditConflict):
        form.save()
    draft.refresh_from_db()
    assert draft.title == "停水通知" and draft.state == S.SUBMITTED


@pytest.mark.django_db
def test_the_second_editor_sees_the_conflict_their_text_and_the_saved_version(actors, draft):
    other = actors.client(None)
    other.force_login(make_staff(actors.community, "陈立新"))
    url = reverse("notices:edit", args=[draft.pk])
    assert actors.client("staff").post(url, edit_data(draft, body="第一位写的正文")).status_code == 302
    response = other.post(url, edit_data(draft, body="第二位写的正文"))
    assert response.status_code == 409
    page = response.content.decode()
    assert "第二位写的正文" in page  # their text is back in the form
    assert "第一位写的正文" in page  # next to the version saved meanwhile
    assert response.context["form"].non_field_errors()
    draft.refresh_from_db()
    assert draft.body == "第一位写的正文"
    # Having seen it, saving again deliberately replaces it.
    seen = response.context["form"]["version"].value()
    again = other.post(url, edit_data(draft, body="第二位写的正文", version=seen))
    assert again.status_code == 302
    draft.refresh_from_db()
    assert draft.body == "第二位写的正文" and draft.version == 3


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_two_staff_saving_the_same_draft_at_once_one_wins_the_other_is_told(actors, draft):
    editors = [actors.staff, make_staff(actors.community, "陈立新")]
    data = [edit_data(draft, title=f"编辑{i}的标题", body=f"编辑{i}的正文") for i in range(2)]
    url = reverse("notices:edit", args=[draft.pk])

    def save(i):
        client = actors.client(None)
        client.force_login(editors[i])
        response = client.post(url, data[i])
        return response.status_code, response.content.decode()

    results = run_together(2, save)
    codes = sorted(code for code, _ in results)
    assert codes == [302, 409], results
    winner = next(i for i, (code, _) in enumerate(results) if code == 302)
    loser_page = next(page for code, page in results if code == 409)
    draft.refresh_from_db()
    assert draft.title == f"编辑{winner}的标题" and draft.version == 2
    assert f"编辑{1 - winner}的正文" in loser_page
