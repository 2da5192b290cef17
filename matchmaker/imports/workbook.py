"""Workbooks of offers or needs (openpyxl): the import template, the market export, and reading an upload back."""
from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from flask_babel import gettext
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from matchmaker.imports.columns import COLUMNS, EXAMPLE_MARK, EXAMPLES, Column, Vocabularies, english, to_cell
from matchmaker.spreadsheets import append_row

SHEET_TITLES = {"offer": "科技成果", "need": "技术需求"}
OPTIONS_SHEET = "选项"
GUIDE_SHEET = "填写说明"
MAX_ROWS = 20_000
# Drop-down lists reach this far down, well past what one upload may hold.
VALIDATED_ROWS = MAX_ROWS + 1
_REQUIRED_FILL = PatternFill("solid", fgColor="FDE9D9")
_HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")


def build_workbook(kind: str, vocabularies: Vocabularies, rows: Iterable[dict] = (), example: bool = False) -> bytes:
    """The template (with its example row) or an export (with `rows` of form values), as .xlsx bytes."""
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET_TITLES[kind]
    columns = COLUMNS[kind]
    sheet.append([column.header for column in columns])
    for index, column in enumerate(columns, 1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        cell.fill = _REQUIRED_FILL if column.required else _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        cell.comment = Comment(_hint(column, vocabularies), "Matchmaker")
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    if example:
        rows = [EXAMPLES[kind]]
    for values in rows:
        append_row(sheet, [to_cell(column, values.get(column.name), vocabularies) for column in columns])
    _add_drop_downs(book, sheet, columns, vocabularies)
    _add_guide(book, kind, columns, vocabularies)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _add_drop_downs(book: Workbook, sheet: Worksheet, columns: tuple[Column, ...], vocabularies: Vocabularies) -> None:
    """Vocabularies as drop-down lists; the lists live on a hidden sheet because inline lists are capped at 255
    characters. Multi-value columns accept typed lists too, so their drop-down only suggests."""
    options = book.create_sheet(OPTIONS_SHEET)
    options.sheet_state = "hidden"
    groups = sorted({c.vocabulary for c in columns if c.vocabulary} | {"bool"})
    ranges = {}
    for position, group in enumerate(groups, 1):
        values = ["是", "否"] if group == "bool" else vocabularies.options(group)
        letter = get_column_letter(position)
        options.cell(row=1, column=position, value=group)
        for row, value in enumerate(values, 2):
            options.cell(row=row, column=position, value=value)
        ranges[group] = f"{quote_sheetname(OPTIONS_SHEET)}!${letter}$2:${letter}${len(values) + 1}"
    for index, column in enumerate(columns, 1):
        group = "bool" if column.type == "bool" else column.vocabulary
        if group is None:
            continue
        strict = column.type != "choices"
        validation = DataValidation(type="list", formula1=ranges[group], allow_blank=not column.required,
                                    showErrorMessage=strict, errorTitle=column.header,
                                    error=gettext("请从下拉列表中选择。") if strict else None)
        letter = get_column_letter(index)
        validation.add(f"{letter}2:{letter}{VALIDATED_ROWS}")
        sheet.add_data_validation(validation)


def _hint(column: Column, vocabularies: Vocabularies) -> str:
    parts = [gettext("必填") if column.required else gettext("选填")]
    if column.type == "choices":
        parts.append(gettext("可填多项，用顿号“、”分隔"))
    elif column.type == "list":
        parts.append(gettext("多项用顿号“、”分隔"))
    elif column.type == "number":
        parts.append(gettext("数字，单位万元"))
    elif column.type == "date":
        parts.append(gettext("日期，如 2027-06-30"))
    elif column.type == "bool":
        parts.append(gettext("填“是”或“否”"))
    if column.vocabulary and column.vocabulary != "region":
        parts.append(gettext("可选：") + "、".join(vocabularies.options(column.vocabulary)))
    return "；".join(parts)


def _add_guide(book: Workbook, kind: str, columns: tuple[Column, ...], vocabularies: Vocabularies) -> None:
    guide = book.create_sheet(GUIDE_SHEET)
    guide.append([gettext("列"), "English", gettext("说明")])
    for cell in guide[1]:
        cell.font = Font(bold=True)
    for column in columns:
        guide.append([column.header, english(column.header), _hint(column, vocabularies)])
    guide.append([])
    guide.append([gettext("标题以“%(mark)s”开头的行是示例，导入时会被跳过。", mark=EXAMPLE_MARK)])
    guide.append([gettext("所有行一起校验：只要有一行有误，整个文件都不会导入，并列出每个错误的行和列。")])
    guide.append([gettext("技术领域、地区等选项可填代码、中文或英文名称。")])
    guide.column_dimensions["A"].width = 18
    guide.column_dimensions["B"].width = 26
    guide.column_dimensions["C"].width = 90


# -- reading an upload ------------------------------------------------------------------------------------------------

class WorkbookError(ValueError):
    """A file that cannot be read as an import at all (not .xlsx, no header, too many rows)."""

    def __init__(self, message: str, column: str | None = None):
        super().__init__(message)
        self.message = message
        self.column = column


@dataclass
class SheetRow:
    """One data row: its number in the sheet (the header is row 1) and its cells keyed by column name."""

    number: int
    cells: dict[str, object]


@dataclass
class Sheet:
    columns: list[Column]  # the known columns the file has, in file order
    headers: dict[str, str]  # column name -> the heading as written in the file
    rows: list[SheetRow]
    ignored_headers: list[str]


def _header_lookup(kind: str) -> dict[str, Column]:
    lookup = {}
    for column in COLUMNS[kind]:
        for spelling in (column.header, english(column.header), column.name):
            lookup[_norm(spelling)] = column
    return lookup


def _norm(text) -> str:
    return "".join(str(text or "").split()).casefold().replace("(", "（").replace(")", "）")


def read_sheet(content: bytes, kind: str) -> Sheet:
    """The rows of the first sheet whose first row carries our headings; raises WorkbookError for unusable files."""
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError):
        raise WorkbookError(gettext("无法读取该文件，请上传 .xlsx 格式的 Excel 工作簿（可先下载模板）。")) from None
    try:
        lookup = _header_lookup(kind)
        for sheet in book.worksheets:
            if sheet.title in (OPTIONS_SHEET, GUIDE_SHEET):
                continue
            rows = sheet.iter_rows(values_only=True)
            header = next(rows, None)
            if not header or not any(_norm(h) in lookup for h in header):
                continue
            return _read(kind, header, rows, lookup)
        raise WorkbookError(gettext("文件中没有找到表头（第 1 行应为模板中的列名，如“标题”）。"))
    finally:
        book.close()


def _read(kind: str, header: tuple, rows: Iterator[tuple], lookup: dict[str, Column]) -> Sheet:
    positions: dict[int, Column] = {}
    headers: dict[str, str] = {}
    ignored = []
    for index, heading in enumerate(header):
        column = lookup.get(_norm(heading))
        if column is None:
            if heading not in (None, ""):
                ignored.append(str(heading))
            continue
        if column.name in headers:
            raise WorkbookError(gettext("“%(column)s”列出现了两次。", column=column.header), str(heading))
        positions[index] = column
        headers[column.name] = str(heading)
    missing = [c for c in COLUMNS[kind] if c.required and c.name not in headers]
    if missing:
        names = "、".join(c.header for c in missing)
        raise WorkbookError(gettext("缺少必填列：%(columns)s。", columns=names), missing[0].header)
    data = []
    for number, values in enumerate(rows, 2):
        cells = {positions[i].name: value for i, value in enumerate(values) if i in positions}
        if all(value is None or str(value).strip() == "" for value in cells.values()):
            continue
        if str(cells.get("title") or "").strip().startswith(EXAMPLE_MARK):
            continue
        data.append(SheetRow(number, cells))
        if len(data) > MAX_ROWS:
            raise WorkbookError(gettext("一个文件最多 %(n)d 行，请拆分后分批导入。", n=MAX_ROWS))
    ordered = [positions[i] for i in sorted(positions)]
    return Sheet(ordered, headers, data, ignored)
