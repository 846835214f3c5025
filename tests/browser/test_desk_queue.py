"""The desk's queue on a 360 px phone: search, a filing period, a bulk step and the print view.

The elderly-size test measures the desk as it opens; here the filters are open too (date inputs and
their error), in both display modes, and the printed queue is checked on paper: A4 landscape, numbered, no
navigation.
"""

import re
import zlib
from pathlib import Path

import pytest
from playwright.sync_api import expect

from portal.models import User
from services.models import ServiceRequest
from tests.factories import PASSWORD, make_community, make_request, make_staff

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.dates]

MEASURE = "\n".join(
    line
    for line in (Path(__file__).parent / "measure_targets.js").read_text(encoding="utf-8").splitlines()
    if not line.startswith("//")
)


def drawn_texts(pdf: bytes) -> int:
    """How many runs of text a PDF's compressed streams draw (its Tj and TJ operators)."""
    runs = 0
    for stream in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            runs += len(re.findall(rb"\bT[jJ]\b", zlib.decompress(stream.group(1))))
        except zlib.error:
            continue  # not a deflated stream: an image or a font
    return runs


def fits(j, least: int) -> None:
    found = j.page.evaluate(MEASURE, [least, least == 60])
    assert found["width"] <= found["screen"], found
    assert not found["small"], found["small"]


@pytest.mark.parametrize("elderly", [False, True], ids=["standard", "elderly"])
def test_staff_search_filter_accept_and_print_on_a_phone(journey, elderly):
    community = make_community("红星社区", "HX")
    make_staff(community, "李秀梅", phone="13900000002")
    User.objects.filter(phone="13900000002").update(elderly_mode=elderly)
    wanted = make_request(community, None, applicant_name="王秀英", applicant_phone="13912345678")
    make_request(community, None, applicant_name="刘大爷", applicant_phone="13711112222")

    j = journey({"width": 360, "height": 800})
    j.login("13900000002", PASSWORD)
    j.visit("/services/desk/")
    j.page.get_by_label("搜索").fill("5678")
    j.page.get_by_role("button", name="搜索").click()
    j.check_page()
    expect(j.page.locator("tbody tr")).to_have_count(1)
    expect(j.page.locator("tbody")).to_contain_text("139****5678")

    expect(j.page.locator("details.mb-3")).to_have_attribute("open", "")  # open while a search is on
    j.page.get_by_label("提交日期自").fill("2026-11-30")
    j.page.get_by_label("提交日期至").fill("2026-11-01")
    j.page.locator(".desk-filters button[type=submit]").click()
    j.check_page()
    expect(j.page.locator("#id_until_error")).to_have_text("结束日期早于开始日期。")
    expect(j.page.get_by_label("提交日期至")).to_have_value("2026-11-01")
    fits(j, 60 if elderly else 44)
    j.shot(f"desk-queue-{'elderly' if elderly else 'standard'}")

    j.page.get_by_label("全选本页").check()
    j.page.locator("#bulk-action").select_option("accept")
    j.page.get_by_role("button", name="执行").click()
    j.check_page()
    expect(j.page.locator(".messages")).to_contain_text("1 件已受理")
    assert ServiceRequest.objects.get(pk=wanted.pk).status == ServiceRequest.Status.ACCEPTED

    j.page.get_by_role("link", name="打印").click()
    j.check_page()
    expect(j.page.locator(".printed-table")).to_contain_text(wanted.reference)
    expect(j.page.locator(".printed-table")).to_contain_text("139****5678")
    expect(j.page.locator("nav, .site-header, .site-footer")).to_have_count(0)  # no navigation on screen either
    fits(j, 60 if elderly else 44)
    j.shot(f"desk-queue-print-{'elderly' if elderly else 'standard'}")
    j.page.emulate_media(media="print")
    expect(j.page.locator(".no-print")).to_be_hidden()
    expect(j.page.locator(".printed-header")).to_contain_text("打印人：李秀梅")
    # One landscape A4 page for one row.
    pdf = j.page.pdf(prefer_css_page_size=True)
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf)) == 1
    width, height = map(float, re.search(rb"/MediaBox\s*\[\s*0 0 ([0-9.]+) ([0-9.]+)", pdf).groups())
    assert round(width) == 842 and round(height) == 595, (width, height)  # A4 landscape, in points
    # The page number is drawn at the foot: without the page's bottom margin boxes the page draws less text.
    j.page.add_style_tag(
        content="@page { @bottom-left { content: none } @bottom-center { content: none } "
        "@bottom-right { content: none } }"
    )
    assert drawn_texts(pdf) > drawn_texts(j.page.pdf(prefer_css_page_size=True))
