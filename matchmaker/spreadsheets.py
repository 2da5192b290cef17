"""Small openpyxl helpers shared by the Excel exports, and the download response they are sent in."""
from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import quote

from flask import Response
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

# A spreadsheet program runs a cell that starts with one of these as a formula ("CSV injection"): a display name
# "=HYPERLINK(…)" would become a live link in an organiser's workbook.
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")


def keep_as_text(cell: Cell) -> None:
    """Store a text cell as text even when it reads like a formula, and mark it so (Excel's quote prefix)."""
    if isinstance(cell.value, str) and cell.value.startswith(FORMULA_LEADS):
        cell.data_type = "s"
        cell.quotePrefix = True


def append_row(sheet: Worksheet, values: list) -> None:
    """Append a row of values, none of them run as a formula, and without the control characters a workbook cannot
    hold (text stored before the request guards refused them)."""
    sheet.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in values])
    for cell in sheet[sheet.max_row]:
        keep_as_text(cell)


def append_table(sheet: Worksheet, header: list[str], rows: Iterable[list]) -> None:
    """A bold header row, then the rows."""
    append_row(sheet, header)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in rows:
        append_row(sheet, row)


def fit_columns(sheet: Worksheet, per_char: float = 1.6, widest: float = 60) -> None:
    """Column widths from the longest value; Chinese characters need more than one width unit each."""
    for index, column in enumerate(sheet.columns, 1):
        width = max((len(str(c.value)) if c.value is not None else 0) for c in column)
        sheet.column_dimensions[get_column_letter(index)].width = min(widest, max(10, width * per_char))


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(content: bytes, filename: str) -> Response:
    """An .xlsx download; a Chinese name is also given in RFC 5987 form, with an ASCII fallback."""
    fallback = filename.encode("ascii", "ignore").decode().strip() or "export.xlsx"
    if not fallback.endswith(".xlsx"):
        fallback = "export.xlsx"
    return Response(content, mimetype=XLSX, headers={
        "Content-Disposition": f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"})
