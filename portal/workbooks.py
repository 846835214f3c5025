"""Writing .xlsx workbooks: every row goes in through `append_row`, every sheet is laid out by `lay_out`.

Safe cells. Names, addresses, skills and descriptions come from people's own input. Written as-is, a unit
called "=HYPERLINK(...)" becomes a live formula in staff's Excel (openpyxl stores any string beginning with
"=" as one). `append_row` keeps each such value a plain string; titles and headers go through it too, since
they carry names as well.

Layout. Call `lay_out(ws, header_row)` once the rows are written. Widths follow the content (a Chinese
character is two columns wide), long text wraps instead of being cut, and printing gives A4 pages fitted to
the width, the title and header rows repeated on every page, and "page n of m" at the foot.
"""

import unicodedata
from datetime import date, datetime

from django.utils.translation import gettext as _
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

MIN_WIDTH = 6
MAX_WIDTH = 48
# Wider than this (in character columns, all columns together), the page turns to landscape.
PORTRAIT_LIMIT = 110
WRAP = Alignment(wrap_text=True, vertical="top")


def append_row(ws: Worksheet, row: list) -> None:
    """Append a row; text that looks like a formula stays text."""
    ws.append(row)
    for cell in ws[ws.max_row]:
        if cell.data_type == "f":
            cell.data_type = "s"


def text_width(value) -> int:
    """How many character columns the value takes in a spreadsheet: wide (CJK) characters take two."""
    if value is None:
        return 0
    if isinstance(value, datetime):
        return 16
    if isinstance(value, date):
        return 10
    text = str(value)
    longest = max(text.split("\n"), key=len) if text else ""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in longest)


def lay_out(ws, header_row: int = 1) -> None:
    """Column widths, wrapping and print setup for a sheet whose column headers are on `header_row`."""
    widths: dict[int, int] = {}
    for row in ws.iter_rows(min_row=header_row):
        for cell in row:
            widths[cell.column] = max(widths.get(cell.column, 0), text_width(cell.value))
    for column, needed in widths.items():
        letter = get_column_letter(column)
        dimension = ws.column_dimensions[letter]
        chosen = max(MIN_WIDTH, min(MAX_WIDTH, needed + 2))
        if dimension.customWidth and dimension.width:
            chosen = max(chosen, dimension.width)  # a width someone set on purpose (a template's) stays
        dimension.width = chosen
        if needed + 2 > chosen:
            for (cell,) in ws.iter_rows(min_col=column, max_col=column, min_row=header_row + 1, max_row=ws.max_row):
                if text_width(cell.value) + 2 > chosen:
                    cell.alignment = WRAP
    _print_setup(ws, header_row, total_width=sum(ws.column_dimensions[get_column_letter(c)].width for c in widths))


def _print_setup(ws, header_row: int, total_width: float) -> None:
    setup = ws.page_setup
    setup.paperSize = ws.PAPERSIZE_A4
    setup.orientation = ws.ORIENTATION_LANDSCAPE if total_width > PORTRAIT_LIMIT else ws.ORIENTATION_PORTRAIT
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    setup.fitToWidth = 1
    setup.fitToHeight = 0  # as many pages down as the rows need
    ws.print_title_rows = f"1:{header_row}"
    ws.print_options.horizontalCentered = True
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.7)
    ws.oddFooter.center.text = _("Page &P of &N")
    ws.evenFooter.center.text = ws.oddFooter.center.text


def lay_out_book(book, header_row: int = 1) -> None:
    for ws in book.worksheets:
        lay_out(ws, header_row)
