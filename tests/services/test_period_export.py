"""Staff's export of a period: the community's requests filed between two days, a year at most, no personal text."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from portal.models import AuditLog, Notification
from services.models import ServiceRequest
from tests import factories
from tests.factories import make_notice

pytestmark = pytest.mark.django_db
URL = "/services/desk/period-export/"


def sheet(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(BytesIO(response.content)).active


def rows(response) -> list[list]:
    return [list(row) for row in sheet(response).iter_rows(min_row=3, values_only=True)]


def period(days_back: int = 0, until_back: int = 0) -> dict:
    today = timezone.localdate()
    return {
        "since": (today - timedelta(days=days_back)).isoformat(),
        "until": (today - timedelta(days=until_back)).isoformat(),
    }


@pytest.fixture
def rated(actors):
    item = factories.make_item(actors.community, "低保申请")
    req = factories.make_request(
        actors.community, actors.resident, item, description="家里收入很低，请帮忙", address="红星路1号3栋201"
    )
    req.accept(actors.staff)
    req.start(actors.staff)
    req.complete(actors.staff)
    req.rate(actors.resident, 4, "办得快", solved=True)
    return req


def test_staff_download_their_communitys_requests_of_the_period(actors, rated):
    old = factories.make_request(actors.community, actors.resident)
    ServiceRequest.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=40))
    factories.make_request(actors.other_community, actors.outsider_resident)
    response = actors.client("staff").get(URL, period(10))
    assert "attachment" in response["Content-Disposition"] and "period-" in response["Content-Disposition"]
    found = rows(response)
    assert [row[0] for row in found] == [rated.reference]
    reference, item, kind, channel, phone, status, filed, due, completed, rating, solved = found[0]
    assert item == "低保申请" and kind == "办事" and channel == "网上申请"
    assert phone == f"{actors.resident.phone[:3]}****{actors.resident.phone[-4:]}"
    assert status == "已关闭" and filed is not None and due is not None and completed is not None
    assert rating == "满意" and solved == "是"


def test_no_name_address_description_or_full_phone_is_in_the_sheet(actors, rated):
    text = " ".join(str(cell) for row in rows(actors.client("staff").get(URL, period())) for cell in row)
    for personal in ("张桂兰", "红星路1号", "收入很低", "办得快", actors.resident.phone):
        assert personal not in text


def test_an_objection_is_marked_as_one(actors):
    today = timezone.localdate()
    notice = make_notice(actors.community, publicity_from=today, publicity_to=today + timedelta(days=3))
    factories.make_request(actors.community, actors.resident, kind="suggestion", notice=notice)
    assert rows(actors.client("staff").get(URL, period()))[0][2] == "异议"


def test_admins_may_export_too_and_every_export_is_audited(actors, rated):
    actors.client("admin").get(URL, period(3))
    entry = AuditLog.objects.get(note="period exported")
    assert entry.actor == actors.admin and entry.community == actors.community


def test_without_a_period_the_form_offers_this_month(actors):
    response = actors.client("staff").get(URL)
    assert response.status_code == 200
    assert response.context["form"]["since"].value() == timezone.localdate().replace(day=1)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"since": "2026-13-01", "until": "2026-12-01"}, "since"),
        ({"since": "2026-12-01", "until": ""}, "until"),
        ({"since": "2026-12-02", "until": "2026-12-01"}, "until"),
        ({"since": "2025-01-01", "until": "2026-12-01"}, "until"),  # more than a year
    ],
)
def test_a_bad_period_is_refused_at_its_field_keeping_what_was_typed(actors, query, field):
    response = actors.client("staff").get(URL, query)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    page = response.content.decode()
    assert all(f'value="{value}"' in page for value in query.values() if value)
    assert not AuditLog.objects.filter(note="period exported").exists()


def test_a_year_to_the_day_is_allowed(actors):
    assert actors.client("staff").get(URL, {"since": "2025-12-02", "until": "2026-12-01"}).status_code == 200


def test_it_requires_login(actors):
    response = actors.client(None).get(URL, period())
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_it_requires_staff(actors):
    for who in ("resident", "party_member", "committee_member"):
        assert actors.client(who).get(URL, period()).status_code == 403


def test_it_hides_other_communities(actors, rated):
    found = rows(actors.client("outsider").get(URL, period(3)))
    assert rated.reference not in [row[0] for row in found]


def test_it_rejects_post(actors):
    assert actors.client("staff").post(URL, period()).status_code == 405


def test_formula_looking_item_names_stay_text(actors):
    item = factories.make_item(actors.community, "=1+2")
    factories.make_request(actors.community, actors.resident, item)
    cell = sheet(actors.client("staff").get(URL, period())).cell(row=3, column=2)
    assert cell.value == "=1+2" and cell.data_type == "s"


def test_a_long_period_is_built_in_the_background_and_handed_over(actors, settings, tmp_path):
    settings.EXPORT_INLINE_ROWS = 1
    made = [factories.make_request(actors.community, actors.resident) for _ in range(2)]
    response = actors.client("staff").get(URL, period(3))
    assert response.status_code == 302 and response["Location"] == "/services/desk/"
    note = Notification.objects.get(recipient=actors.staff)
    assert "period-" in note.title
    download = actors.client("staff").get(note.url)
    book = load_workbook(BytesIO(b"".join(download.streaming_content))).active
    assert {row[0] for row in book.iter_rows(min_row=3, values_only=True)} == {r.reference for r in made}
    assert actors.client("admin").get(note.url).status_code == 404  # the link is the asker's alone


def test_the_desk_offers_the_period_export_to_staff(actors):
    assert URL in actors.client("staff").get("/services/desk/").content.decode()
