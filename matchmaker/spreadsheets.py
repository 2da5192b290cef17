"""Small openpyxl helpers shared by the Excel exports."""
from __future__ import annotations

from collections.abc import Iterable

from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet


def append_table(sheet: Worksheet, header: list[str], rows: Iterable[list]) -> None:
    """A bold header row, then the rows."""
    sheet.append(header)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)


def fit_columns(sheet: Worksheet, per_char: float = 1.6, widest: float = 60) -> None:
    """Column widths from the longest value; Chinese characters need more than one width unit each."""
    for index, column in enumerate(sheet.columns, 1):
        width = max((len(str(c.value)) if c.value is not None else 0) for c in column)
        sheet.column_dimensions[get_column_letter(index)].width = min(widest, max(10, width * per_char))
