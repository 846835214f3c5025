"""Writing .xlsx workbooks: every row of every sheet the portal makes goes through `append_row`.

Names, addresses, skills and descriptions come from people's own input. Written
as-is, a unit called "=HYPERLINK(...)" becomes a live formula in staff's Excel
(openpyxl stores any string beginning with "=" as one). `append_row` keeps each
such value a plain string; titles and headers go through it too, since they
carry names as well.
"""

from openpyxl.worksheet.worksheet import Worksheet


def append_row(ws: Worksheet, row: list) -> None:
    """Append a row; text that looks like a formula stays text."""
    ws.append(row)
    for cell in ws[ws.max_row]:
        if cell.data_type == "f":
            cell.data_type = "s"
