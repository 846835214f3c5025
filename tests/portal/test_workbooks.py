"""The one workbook helper: rows that look like formulas stay text, and every sheet gets its layout."""

import io

from openpyxl import Workbook, load_workbook

from portal.workbooks import append_row, lay_out

LOOKALIKES = ['=HYPERLINK("http://x","y")', "=1+2", "+1", "-1", "@SUM(A1)"]


def test_text_that_looks_like_a_formula_is_stored_as_text():
    book = Workbook()
    ws = book.active
    append_row(ws, ["name", *LOOKALIKES])
    lay_out(ws)
    out = io.BytesIO()
    book.save(out)
    read = load_workbook(io.BytesIO(out.getvalue())).active
    cells = list(read.iter_rows(min_row=1, max_row=1))[0]
    assert [cell.value for cell in cells[1:]] == LOOKALIKES
    assert all(cell.data_type == "s" for cell in cells)


def test_numbers_and_dates_keep_their_type():
    book = Workbook()
    ws = book.active
    append_row(ws, [3, 1.5, None])
    assert [cell.data_type for cell in ws[1]] == ["n", "n", "n"]
