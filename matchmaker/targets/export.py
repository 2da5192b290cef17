"""The monthly report as an Excel workbook: an overview, the indicators, the month's largest deals, its events and the
lagging indicators, one sheet each, with the same numbers as the page and the API."""
from __future__ import annotations

from io import BytesIO

from flask_babel import gettext as _
from openpyxl import Workbook

from matchmaker.i18n import label, province
from matchmaker.spreadsheets import append_row, append_table, fit_columns
from matchmaker.targets.progress import IndicatorProgress
from matchmaker.targets.report import MonthlyReport
from matchmaker.templating import datetime_text

WAN_FORMAT = "#,##0.00"


def region_name(region: str) -> str:
    """A region as the reader reads it: the province, or the whole market."""
    return province(region) if region else _("全市场")


def indicator_row(row: IndicatorProgress) -> list:
    """One indicator as the sheet and the page list it."""
    return [label("indicator", row.indicator.value), row.target, row.target_to_date, row.actual, row.pace_needed,
            row.projection, _("是") if row.behind else _("否"), row.indicator.value]


def indicator_header() -> list[str]:
    """The indicators sheet's column titles."""
    return [_("指标"), _("全年目标"), _("应完成进度"), _("实际完成"), _("剩余每月需完成"), _("预计全年"), _("是否落后"),
            _("指标代码")]


def _sheet(workbook: Workbook, title: str, header: list[str], rows: list[list], number_columns: tuple[int, ...] = ()):
    sheet = workbook.create_sheet(title)
    append_table(sheet, header, rows)
    for column in number_columns:
        for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
            cell.number_format = WAN_FORMAT
    sheet.freeze_panes = "A2"
    fit_columns(sheet, per_char=1.8, widest=50)
    return sheet


def report_workbook(report: MonthlyReport) -> bytes:
    """The workbook behind the report's download button."""
    workbook = Workbook()
    overview = workbook.active
    overview.title = _("概况")
    for text, value in ((_("年份"), report.year), (_("月份"), report.month), (_("地区"), region_name(report.region)),
                        (_("截至日期"), report.as_of.isoformat()), (_("落后指标"), len(report.lagging)),
                        (_("本月重大成交"), len(report.deals)), (_("本月活动"), len(report.events))):
        append_row(overview, [text, value])
    fit_columns(overview, per_char=1.8, widest=50)
    _sheet(workbook, _("指标"), indicator_header(), [indicator_row(row) for row in report.indicators],
           (2, 3, 4, 5, 6))
    _sheet(workbook, _("重大成交"), [_("签订日期"), _("科技成果"), _("卖方"), _("买方"), _("合同类型"), _("金额（万元）")],
           [[deal.signed_on.isoformat(), deal.offer_title, deal.seller, deal.buyer, label("contract_type", deal.type),
             float(deal.amount_wan)] for deal in report.deals], (6,))
    _sheet(workbook, _("活动"), [_("开始时间"), _("活动"), _("类型"), _("主办机构"), _("参会人数")],
           [[datetime_text(event.starts_at, "short"), event.title, label("event_kind", event.kind), event.organiser,
             event.participants] for event in report.events])
    _sheet(workbook, _("落后指标"), [_("指标"), _("应完成进度"), _("实际完成"), _("差距"), _("剩余每月需完成")],
           [[label("indicator", row.indicator.value), row.target_to_date, row.actual,
             round(row.target_to_date - row.actual, 2), row.pace_needed] for row in report.lagging], (2, 3, 4, 5))
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
