"""The desk's rows read their item and handler from the filters' own lists: the cases those lists miss."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from services.models import ServiceRequest
from tests.factories import make_item, make_notice, make_request, make_staff


def _row(page: str, reference: str) -> str:
    start = page.index(f'value="{reference}"')
    return page[start : page.index("</tr>", start)]


def test_a_row_names_its_item_and_a_handler_who_has_left_the_staff(actors):
    item = make_item(actors.community, "老年证办理")
    left = make_staff(actors.community, "离职的周")
    req = make_request(actors.community, actors.resident, item=item, assignee=left)
    left.is_active = False
    left.save(update_fields=["is_active"])
    page = actors.client("staff").get(reverse("services:desk")).content.decode()
    row = _row(page, req.reference)
    assert "老年证办理" in row and "离职的周" in row
    # Gone from the staff, so gone from the filter and the bulk assignment's choices.
    assert page.count("离职的周") == 1


def test_an_objection_row_shows_its_notice_title(actors):
    author = make_staff(actors.community, "陈文书")
    today = timezone.localdate()
    notice = make_notice(
        actors.community,
        author,
        title="2026年低保对象公示",
        publicity_from=today - timedelta(days=2),
        publicity_to=today + timedelta(days=4),
    )
    req = make_request(actors.community, actors.resident, kind=ServiceRequest.Kind.SUGGESTION, notice=notice)
    row = _row(actors.client("staff").get(reverse("services:desk")).content.decode(), req.reference)
    assert f'<a href="{reverse("notices:detail", args=[notice.pk])}">2026年低保对象公示</a>' in row
