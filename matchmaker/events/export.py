"""Excel workbook of an event: the schedule, the slot × table grid, registrations and requests."""
from __future__ import annotations

from io import BytesIO

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment
from sqlalchemy.orm import Session

from matchmaker.events import services
from matchmaker.i18n import label
from matchmaker.spreadsheets import append_table, fit_columns
from models import Event


def _sheet(workbook: Workbook, title: str, header: list[str], rows: list[list]) -> None:
    sheet = workbook.create_sheet(title)
    append_table(sheet, header, rows)
    sheet.freeze_panes = "A2"
    fit_columns(sheet)


def event_workbook(session: Session, event: Event) -> bytes:
    """The workbook the organiser downloads; times are Beijing time."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    meetings = services.event_meetings(session, event)
    _sheet(workbook, _("洽谈日程"),
           [_("时段"), _("开始"), _("结束"), _("桌号"), _("邀请方"), _("邀请方机构"), _("受邀方"), _("受邀方机构"), _("权重")],
           [[m.slot.code, services.local_time(m.slot.starts_at).strftime("%Y-%m-%d %H:%M"),
             services.local_time(m.slot.ends_at).strftime("%H:%M"), m.table,
             m.request.sender.user.display_name, m.request.sender.organisation.name,
             m.request.recipient.user.display_name, m.request.recipient.organisation.name,
             services.request_weight(m.request)] for m in meetings])
    grid_rows = []
    for slot, cells in services.schedule_grid(session, event):
        grid_rows.append([services.slot_label(slot)] + [
            f"{m.request.sender.user.display_name} × {m.request.recipient.user.display_name}" if m else ""
            for m in cells])
    _sheet(workbook, _("排期总表"), [_("时段")] + [_("%(n)d 号桌", n=t) for t in range(1, event.tables + 1)],
           grid_rows)
    grid = workbook[_("排期总表")]
    for row in grid.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    _sheet(workbook, _("报名"),
           [_("参会者"), _("邮箱"), _("机构"), _("身份"), _("状态"), _("可洽谈时段数"), _("签到"), _("缺席"), _("后续跟进")],
           [[r.user.display_name, r.user.email, r.organisation.name, label("participant_role", r.role.value),
             label("registration_status", r.status.value), len(r.available_slots),
             services.local_time(r.checked_in_at).strftime("%H:%M") if r.checked_in_at else "",
             _("是") if r.no_show else "", r.follow_up] for r in services.event_registrations(session, event)])
    _sheet(workbook, _("洽谈邀请"),
           [_("邀请方"), _("受邀方"), _("优先级"), _("匹配度"), _("状态"), _("留言")],
           [[q.sender.user.display_name, q.recipient.user.display_name, q.priority,
             q.match_score if q.match_score is not None else "", label("request_status", q.status.value), q.message]
            for q in services.event_requests(session, event)])
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
