"""Staff writing and admin review pages: works, login, 404, 403, 405, bad input, each move through the web."""

import pytest
from django.urls import reverse

from notices.models import Notice
from portal.models import AuditLog
from tests import uploads
from tests.factories import make_notice
from tests.utils import assert_constant_queries

pytestmark = pytest.mark.django_db
S = Notice.State


def form_data(**overrides):
    data = {"category": "residents", "title": "低保复核公示", "summary": "", "body": "## 复核结果\n\n共 86 户。"}
    data.update(overrides)
    return data


@pytest.fixture
def draft(actors):
    return make_notice(actors.community, actors.staff, state=S.DRAFT, title="草稿通知")


# --- create and edit ---


def test_staff_creates_a_draft(actors):
    response = actors.client("staff").post(reverse("notices:create"), form_data())
    notice = Notice.objects.get()
    assert response.status_code == 302 and response["Location"] == notice.manage_url
    assert notice.state == S.DRAFT and notice.author == actors.staff and notice.community == actors.community
    assert "低保" in notice.search_tokens.split()
    assert AuditLog.objects.filter(action="create", object_id=str(notice.pk)).exists()


def test_create_form_renders_with_the_live_preview(actors):
    page = actors.client("staff").get(reverse("notices:create")).content.decode()
    assert f'data-hx-post="{reverse("notices:preview")}"' in page and 'id="notice-preview"' in page
    assert "X-CSRFToken" in page and "<script>" not in page.split("</main>")[0]


def test_create_requires_login_and_staff(actors):
    url = reverse("notices:create")
    assert actors.client(None).get(url).status_code == 302
    assert actors.client("resident").get(url).status_code == 403
    assert actors.client("committee_member").post(url, form_data()).status_code == 403
    assert not Notice.objects.exists()


def test_create_rejects_other_methods(actors):
    assert actors.client("staff").put(reverse("notices:create")).status_code == 405


def test_bad_input_shows_errors_and_saves_nothing(actors):
    response = actors.client("staff").post(reverse("notices:create"), form_data(title="", category="nonsense"))
    assert response.status_code == 200
    assert response.context["form"].errors.keys() >= {"title", "category"}
    assert 'class="invalid-feedback' in response.content.decode()
    assert not Notice.objects.exists()


def test_publicity_period_must_be_complete_and_in_order(actors):
    client = actors.client("staff")
    response = client.post(reverse("notices:create"), form_data(publicity_from="2026-12-10"))
    assert "publicity_to" in response.context["form"].errors
    response = client.post(reverse("notices:create"), form_data(publicity_from="2026-12-10", publicity_to="2026-12-01"))
    assert "publicity_to" in response.context["form"].errors
    assert not Notice.objects.exists()


def test_cover_image_is_stored_without_gps_and_with_a_thumbnail(actors):
    photo = uploads.jpeg_with_gps(size=(3000, 2000))
    actors.client("staff").post(reverse("notices:create"), form_data(cover_upload=photo))
    notice = Notice.objects.get()
    data = notice.cover.read()
    assert not uploads.has_gps(data)
    assert notice.cover.width == 2000 and notice.cover_thumbnail.width <= 480


def test_attachments_are_stored_with_their_names(actors):
    files = [uploads.pdf("收支明细.pdf"), uploads.png("现场照片.png")]
    actors.client("staff").post(reverse("notices:create"), form_data(new_attachments=files))
    assert sorted(Notice.objects.get().attachments.values_list("name", flat=True)) == ["收支明细.pdf", "现场照片.png"]


@pytest.mark.parametrize("attack", list(uploads.ATTACKS))
def test_upload_attacks_are_refused_and_nothing_is_stored(actors, attack, settings):
    client = actors.client("staff")
    response = client.post(reverse("notices:create"), form_data(new_attachments=uploads.ATTACKS[attack]()))
    assert "new_attachments" in response.context["form"].errors
    response = client.post(reverse("notices:create"), form_data(cover_upload=uploads.ATTACKS[attack]()))
    assert "cover_upload" in response.context["form"].errors
    assert not Notice.objects.exists()
    media = settings.MEDIA_ROOT
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


@pytest.mark.parametrize(
    ("field", "attack", "message"),
    [
        ("new_attachments", "html named .pdf", "不符"),
        ("new_attachments", "oversized file", "10 MB"),
        ("cover_upload", "20000x20000 png bomb", "像素过大"),
        ("cover_upload", "php renamed .jpg", "无法识别"),
    ],
)
def test_upload_errors_are_explained(actors, field, attack, message):
    response = actors.client("staff").post(reverse("notices:create"), form_data(**{field: uploads.ATTACKS[attack]()}))
    assert message in " ".join(response.context["form"].errors[field])
    assert message in response.content.decode()


def test_any_staff_member_of_the_community_edits_a_draft(actors, draft):
    from tests.factories import make_staff

    client = actors.client(None)
    client.force_login(make_staff(actors.community, "陈立新"))
    data = form_data(title="改过的标题", body="棚改回访", version=draft.version)
    response = client.post(reverse("notices:edit", args=[draft.pk]), data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "改过的标题" and "棚改" in draft.search_tokens.split()


def test_a_submitted_notice_cannot_be_edited(actors, draft):
    draft.submit(by=actors.staff)
    client = actors.client("staff")
    response = client.post(reverse("notices:edit", args=[draft.pk]), form_data(title="偷偷改", version=draft.version))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "草稿通知"


def test_edit_guards(actors, draft):
    url = reverse("notices:edit", args=[draft.pk])
    assert actors.client(None).get(url).status_code == 302
    assert actors.client("resident").get(url).status_code == 403
    assert actors.client("outsider").get(url).status_code == 404
    assert actors.client("staff").get(url).status_code == 200
    assert actors.client("staff").delete(url).status_code == 405


def test_staff_removes_an_attachment_from_a_draft(actors, draft):
    data = form_data(new_attachments=uploads.pdf(), version=draft.version)
    actors.client("staff").post(reverse("notices:edit", args=[draft.pk]), data)
    attachment = draft.attachments.get()
    url = reverse("notices:attachment_delete", args=[draft.pk, attachment.pk])
    assert actors.client("staff").get(url).status_code == 405
    assert actors.client("outsider").post(url).status_code == 404
    assert actors.client("resident").post(url).status_code == 403
    assert actors.client("staff").post(url).status_code == 302
    assert not draft.attachments.exists()


# --- preview ---


def test_preview_renders_sanitized_markdown(actors):
    response = actors.client("staff").post(reverse("notices:preview"), {"body": "**低保**<script>x()</script>"})
    html = response.content.decode()
    assert "<strong>低保</strong>" in html and "<script" not in html


def test_preview_guards(actors):
    url = reverse("notices:preview")
    assert actors.client(None).post(url, {"body": "x"}).status_code == 302
    assert actors.client("resident").post(url, {"body": "x"}).status_code == 403
    assert actors.client("staff").get(url).status_code == 405


# --- moves through the web ---


def test_submit_return_resubmit_publish_withdraw_through_the_pages(actors, draft):
    staff, admin = actors.client("staff"), actors.client("admin")
    assert staff.post(reverse("notices:submit", args=[draft.pk])).status_code == 302
    admin.post(reverse("notices:return", args=[draft.pk]), {"comment": "请补充时限"})
    draft.refresh_from_db()
    assert draft.was_returned
    page = staff.get(reverse("notices:mine") + "?state=returned").content.decode()
    assert "草稿通知" in page and "请补充时限" in page
    staff.post(reverse("notices:submit", args=[draft.pk]))
    assert "草稿通知" in admin.get(reverse("notices:review")).content.decode()
    admin.post(reverse("notices:publish", args=[draft.pk]), {"publish_at": ""})
    draft.refresh_from_db()
    assert draft.state == S.PUBLISHED
    admin.post(reverse("notices:withdraw", args=[draft.pk]), {"reason": "数据有误"})
    draft.refresh_from_db()
    assert draft.state == S.WITHDRAWN
    assert AuditLog.objects.filter(action="action", note="withdrawn", actor=actors.admin).exists()


def test_refused_moves_show_an_error_and_change_nothing(actors, draft):
    admin = actors.client("admin")
    response = admin.post(reverse("notices:publish", args=[draft.pk]), follow=True)
    assert response.status_code == 200 and list(response.context["messages"])
    draft.submit(by=actors.staff)
    response = admin.post(reverse("notices:return", args=[draft.pk]), {"comment": ""}, follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    draft.refresh_from_db()
    assert draft.state == S.SUBMITTED


def test_admin_schedules_publication(actors, draft):
    draft.submit(by=actors.staff)
    actors.client("admin").post(reverse("notices:publish", args=[draft.pk]), {"publish_at": "2099-01-01T08:00"})
    draft.refresh_from_db()
    assert draft.state == S.PUBLISHED and draft.publish_at.year == 2099 and draft.is_scheduled


@pytest.mark.parametrize(
    ("name", "data"),
    [("publish", {}), ("return", {"comment": "改"}), ("withdraw", {"reason": "撤"})],
)
def test_admin_moves_are_for_admins_only(actors, draft, name, data):
    draft.submit(by=actors.staff)
    url = reverse(f"notices:{name}", args=[draft.pk])
    assert actors.client(None).post(url, data).status_code == 302
    assert actors.client("staff").post(url, data).status_code == 403
    assert actors.client("outsider").post(url, data).status_code == 403  # staff elsewhere, not an admin
    assert actors.client("admin").get(url).status_code == 405
    draft.refresh_from_db()
    assert draft.state == S.SUBMITTED


def test_admin_of_another_community_gets_404(actors, draft):
    from tests.factories import make_admin

    draft.submit(by=actors.staff)
    foreign = make_admin(actors.other_community, "外社区书记")
    client = actors.client(None)
    client.force_login(foreign)
    assert client.post(reverse("notices:publish", args=[draft.pk])).status_code == 404
    assert client.get(reverse("notices:manage", args=[draft.pk])).status_code == 404


def test_submit_guards(actors, draft):
    url = reverse("notices:submit", args=[draft.pk])
    assert actors.client("resident").post(url).status_code == 403
    assert actors.client("outsider").post(url).status_code == 404
    assert actors.client("staff").get(url).status_code == 405


# --- lists for staff and admins ---


def test_manage_page_shows_the_actions_for_the_role(actors, draft):
    draft.submit(by=actors.staff)
    staff_page = actors.client("staff").get(draft.manage_url).content.decode()
    admin_page = actors.client("admin").get(draft.manage_url).content.decode()
    assert reverse("notices:publish", args=[draft.pk]) not in staff_page
    assert reverse("notices:publish", args=[draft.pk]) in admin_page
    assert reverse("notices:return", args=[draft.pk]) in admin_page
    assert actors.client("resident").get(draft.manage_url).status_code == 403


def test_my_notices_lists_only_mine(actors):
    make_notice(actors.community, actors.staff, state=S.DRAFT, title="我的草稿")
    make_notice(actors.community, actors.admin, state=S.DRAFT, title="书记的草稿")
    page = actors.client("staff").get(reverse("notices:mine")).content.decode()
    assert "我的草稿" in page and "书记的草稿" not in page


def test_review_queue_is_for_admins_and_shows_submitted_by_default(actors):
    make_notice(actors.community, actors.staff, state=S.SUBMITTED, title="待审核的")
    make_notice(actors.community, actors.staff, state=S.DRAFT, title="还在写的")
    make_notice(actors.other_community, actors.outsider, state=S.SUBMITTED, title="别处待审")
    page = actors.client("admin").get(reverse("notices:review")).content.decode()
    assert "待审核的" in page and "还在写的" not in page and "别处待审" not in page
    assert actors.client("staff").get(reverse("notices:review")).status_code == 403
    assert actors.client(None).get(reverse("notices:review")).status_code == 302
    assert actors.client("admin").post(reverse("notices:review")).status_code == 405


def test_my_notices_and_review_query_counts_are_pinned(actors):
    make_notice(actors.community, actors.staff, state=S.SUBMITTED)

    def add_rows():
        for n in range(19):
            make_notice(actors.community, actors.staff, state=S.SUBMITTED, title=f"稿件{n}")

    assert_constant_queries(actors.client("staff"), reverse("notices:mine"), add_rows)
    add_more = lambda: [make_notice(actors.community, actors.staff, state=S.SUBMITTED) for _ in range(5)]  # noqa: E731
    assert_constant_queries(actors.client("admin"), reverse("notices:review"), add_more)


def test_manage_query_count_is_pinned(actors, draft):
    def add_rows():
        for _ in range(10):
            draft.refresh_from_db()
            data = form_data(new_attachments=uploads.pdf(), version=draft.version)
            assert actors.client("staff").post(reverse("notices:edit", args=[draft.pk]), data).status_code == 302

    assert_constant_queries(actors.client("staff"), draft.manage_url, add_rows)
