"""Files and printouts: calendar events, exported sheets, printed minutes and ledger, receipts, static files."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.test import Client
from django.utils import timezone
from icalendar import Calendar
from openpyxl import Workbook, load_workbook

from meetings.models import CalendarFeed, Meeting
from meetings.templatetags.meetings_tags import last_paragraph_apart
from portal.workbooks import lay_out, text_width
from services.models import ServiceRequest
from tests import factories

pytestmark = pytest.mark.django_db


def soon_meeting(actors) -> Meeting:
    return factories.make_meeting(actors.community, starts_at=timezone.now() + timedelta(days=3))


def feed_events(actors) -> list:
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "gongjian.example.cn"]  # the settings fixture restores it
    token = CalendarFeed.regenerate(actors.committee_member).calendar_token
    body = Client(HTTP_HOST="gongjian.example.cn").get(f"/meetings/calendar/{token}.ics").content
    return Calendar.from_ical(body).walk("VEVENT")


def test_calendar_events_carry_a_host_based_uid_a_sequence_and_a_last_modified(actors, settings):
    meeting = soon_meeting(actors)
    (event,) = feed_events(actors)
    assert str(event["uid"]) == f"meeting-{meeting.pk}@gongjian.example.cn"
    assert event["sequence"] == 0 and event["last-modified"].dt


def test_moving_or_cancelling_a_meeting_raises_its_sequence(actors, settings):
    meeting = soon_meeting(actors)
    meeting = Meeting.objects.get(pk=meeting.pk)
    before = meeting.schedule_changed_at
    meeting.starts_at += timedelta(days=1)
    meeting.save()
    meeting.cancel(by=actors.staff)
    meeting.refresh_from_db()
    assert meeting.schedule_sequence == 2 and meeting.schedule_changed_at > before
    (event,) = feed_events(actors)
    assert event["sequence"] == 2 and str(event["status"]) == "CANCELLED"


def test_a_save_that_does_not_touch_the_schedule_keeps_the_sequence(actors):
    meeting = Meeting.objects.get(pk=soon_meeting(actors).pk)
    meeting.convener = "李书记"
    meeting.save()
    assert Meeting.objects.get(pk=meeting.pk).schedule_sequence == 0


def test_a_chinese_character_counts_two_columns():
    assert text_width("低保申请") == 8 and text_width("ab") == 2 and text_width(None) == 0


def test_laid_out_sheets_fit_their_content_wrap_long_text_and_print_on_a4():
    book = Workbook()
    ws = book.active
    ws.append(["标题行很长很长很长很长很长很长很长很长很长很长很长很长"])
    ws.append(["事项", "说明"])
    ws.append(["最低生活保障待遇申请", "很长的说明" * 30])
    lay_out(ws, header_row=2)
    assert ws.column_dimensions["A"].width >= text_width("最低生活保障待遇申请")
    assert ws["B3"].alignment.wrap_text and not ws["A3"].alignment.wrap_text
    assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4 and ws.page_setup.fitToWidth == 1
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.print_title_rows == "$1:$2"
    assert "&P" in ws.oddFooter.center.text and "&N" in ws.oddFooter.center.text


def test_the_desk_export_shows_whole_service_names_and_prints_landscape(actors):
    item = factories.make_item(actors.community, "城乡居民基本医疗保险参保登记及缴费信息变更")
    factories.make_request(actors.community, actors.resident, item=item)
    today = timezone.localdate().isoformat()
    response = actors.client("admin").get("/services/desk/export/", {"since": today, "until": today})
    ws = load_workbook(BytesIO(response.content)).active
    assert ws.column_dimensions["C"].width >= text_width(item.name)
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$1:$2"


def test_the_last_paragraph_of_the_minutes_is_set_apart_for_the_signatures():
    assert last_paragraph_apart("一、开会\n\n二、议事\n\n三、散会") == ("一、开会\n\n二、议事", "三、散会")
    assert last_paragraph_apart("") == ("", "")


def test_printed_minutes_keep_the_last_paragraph_with_the_signatures(actors):
    meeting = factories.make_held_meeting(actors.community, minutes="第一段。\n\n最后一段。")
    html = actors.client("staff").get(f"/meetings/{meeting.pk}/print/").content.decode()
    closing = html[html.index('class="minutes-closing"') :]
    assert closing.index("最后一段。") < closing.index("signature-lines")
    assert "第一段。" not in closing


def test_printed_pages_are_numbered_and_the_closing_block_does_not_break():
    from django.conf import settings

    css = (settings.BASE_DIR / "static" / "css" / "meetings.css").read_text()
    assert 'counter(page) " / " counter(pages)' in css
    assert ".minutes-closing { break-inside: avoid;" in css


def test_a_suggestions_receipt_names_its_kind_once(actors):
    req = factories.make_request(actors.community, actors.resident, kind=ServiceRequest.Kind.SUGGESTION)
    html = actors.client("resident").get(f"/services/requests/{req.reference}/receipt/").content.decode()
    label = str(ServiceRequest.Kind.SUGGESTION.label)
    assert f"{label} ({label})" not in html and label in html


def test_a_services_receipt_names_the_service_and_its_kind(actors):
    item = factories.make_item(actors.community, "低保申请")
    req = factories.make_request(actors.community, actors.resident, item=item)
    html = actors.client("resident").get(f"/services/requests/{req.reference}/receipt/").content.decode()
    assert f"低保申请 ({ServiceRequest.Kind.SERVICE.label})" in html


def test_static_files_get_brotli_copies(tmp_path):
    from whitenoise.compress import Compressor

    source = tmp_path / "portal.css"
    source.write_text("body { color: #000; }\n" * 200)
    written = list(Compressor(quiet=True).compress(str(source)))
    assert str(source) + ".br" in written and (tmp_path / "portal.css.br").stat().st_size < source.stat().st_size
