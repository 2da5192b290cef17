"""The dashboard as an Excel workbook: an overview sheet, then one sheet per chart with the chart's table."""
from __future__ import annotations

from io import BytesIO

from flask_babel import gettext as _
from openpyxl import Workbook

from matchmaker.dashboard.charts import PCT, WAN, Chart, build_charts, headline
from matchmaker.i18n import field_name
from matchmaker.spreadsheets import append_row, append_table, fit_columns
from models import TechField

FORMATS = {WAN: "#,##0.00", PCT: "0.0%"}


def _fit(sheet) -> None:
    fit_columns(sheet, per_char=1.8, widest=50)


def _chart_sheet(workbook: Workbook, chart: Chart) -> None:
    sheet = workbook.create_sheet(chart.sheet_title)
    append_table(sheet, [title for title, _fmt in chart.columns], chart.rows)
    for index, (_title, fmt) in enumerate(chart.columns, 1):
        if fmt in FORMATS:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = FORMATS[fmt]
    sheet.freeze_panes = "B2"
    _fit(sheet)


def dashboard_workbook(data: dict, field: TechField | None = None) -> bytes:
    """The workbook behind the dashboard's download button, for the same filter."""
    workbook = Workbook()
    overview = workbook.active
    overview.title = _("概览")
    filters = data["filters"]
    append_row(overview, [_("统计范围"), filters["start"] or _("不限"), filters["end"] or _("不限")])
    append_row(overview, [_("技术领域"), field_name(field) if field is not None else _("全部领域")])
    overview.append([])
    append_table(overview, [_("指标"), _("数值")], [])
    for text, value, fmt in headline(data):
        append_row(overview, [text, value])
        if fmt in FORMATS:
            overview.cell(row=overview.max_row, column=2).number_format = FORMATS[fmt]
    _fit(overview)
    for chart in build_charts(data):
        _chart_sheet(workbook, chart)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
