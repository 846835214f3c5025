"""The admins' .xlsx export of a period's requests with the desk's filters."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from services.models import ServiceRequest
from tests import factories

pytestmark = pytest.mark.django_db


def rows(response) -> list[list]:
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(min_row=3, values_only=True)]


def period(days_back=0):
    today = timezone.localdate()
    return {"since": (today - timedelta(days=days_back)).isoformat(), "until": today.isoformat()}


def test_an_admin_downloads_the_periods_requests(actors):
    req = factories.make_request(actors.community, actors.resident, description="楼道灯坏了")
    req.accept(actors.staff)
    old = factories.make_request(actors.community, actors.resident)
    ServiceRequest.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=40))
    factories.make_request(actors.other_community, actors.outsider_resident)
    response = actors.client("admin").get("/services/desk/export/", period(10))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    found = rows(response)
    assert [row[0] for row in found] == [req.reference]
    assert found[0][7] == "楼道灯坏了" and found[0][14] == "李秀梅"


def test_the_desks_filters_apply(actors):
    accepted = factories.make_request(actors.community, actors.resident)
    accepted.accept(actors.staff)
    factories.make_request(actors.community, actors.resident)
    response = actors.client("admin").get("/services/desk/export/", period() | {"status": "accepted"})
    assert [row[0] for row in rows(response)] == [accepted.reference]


def test_formula_looking_text_stays_text(actors):
    factories.make_request(actors.community, actors.resident, description='=HYPERLINK("http://evil","x")')
    sheet = load_workbook(BytesIO(actors.client("admin").get("/services/desk/export/", period()).content)).active
    assert sheet.cell(row=3, column=8).data_type == "s"


def test_without_a_period_it_shows_the_form_and_a_bad_period_is_refused(actors):
    page = actors.client("admin").get("/services/desk/export/?status=accepted")
    assert page.status_code == 200 and "导出服务申请" in page.content.decode()
    bad = {"since": timezone.localdate().isoformat(), "until": (timezone.localdate() - timedelta(days=1)).isoformat()}
    assert actors.client("admin").get("/services/desk/export/", bad).status_code == 400


def test_the_export_is_for_admins_only(actors):
    assert actors.client(None).get("/services/desk/export/").status_code == 302
    assert actors.client("staff").get("/services/desk/export/", period()).status_code == 403
    assert actors.client("resident").get("/services/desk/export/", period()).status_code == 403
    assert actors.client("admin").post("/services/desk/export/", period()).status_code == 405


def test_the_desk_offers_the_export_to_admins(actors):
    assert "/services/desk/export/" in actors.client("admin").get("/services/desk/").content.decode()
    assert "/services/desk/export/" not in actors.client("staff").get("/services/desk/").content.decode()
