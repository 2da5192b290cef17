"""Workbooks for import tests: rows as a person fills the template (Chinese labels), written with openpyxl."""
from __future__ import annotations

import io

from openpyxl import Workbook, load_workbook

from matchmaker.imports.columns import COLUMNS

MATERIALS = ["镁合金", "钛合金", "碳纤维", "石墨烯", "陶瓷膜", "聚酰亚胺", "硅碳负极", "钙钛矿", "氮化镓", "生物炭"]
PROCESSES = ["精密铸造", "激光焊接", "喷雾干燥", "等离子喷涂", "低温烧结", "连续挤压", "微波合成", "化学气相沉积"]
USES = ["汽车轻量化", "储能电站", "医疗器械", "光伏组件", "污水处理", "轨道交通", "智能传感", "航空部件"]
EN_MATERIALS = ["magnesium alloy", "titanium powder", "carbon fibre", "graphene ink", "ceramic membrane", "polyimide film"]
EN_USES = ["vehicle lightweighting", "grid storage", "medical devices", "solar modules", "water treatment"]


def unique_word(n: int) -> str:
    """A token no other row and no natural text contains, to find exactly one posting by search."""
    return f"qx{n:04d}zv"


def offer_row(n: int, **overrides) -> dict:
    """One valid offer row, as headings → cell values; every third row is English."""
    if n % 3 == 2:
        material, use = EN_MATERIALS[n % len(EN_MATERIALS)], EN_USES[n % len(EN_USES)]
        title = f"{material.title()} process for {use} {unique_word(n)}"
        description = f"A {material} route developed by our lab for {use}, reaching pilot scale with lower cost."
    else:
        material, process, use = MATERIALS[n % 10], PROCESSES[n % 8], USES[(n // 3) % 8]
        title = f"{material}{process}技术 {unique_word(n)}"
        description = f"本成果面向{use}，采用{process}工艺制备{material}部件，性能稳定，已完成中试，可技术转让或许可。"
    row = {
        "标题": title, "详细描述": description, "技术领域": "新材料", "关键词": f"{material}、{use}",
        "所在地区": "山西省", "成熟度": "中试", "知识产权状态": "已授权专利", "专利号": f"ZL2023{n:07d}.1",
        "转化方式": "转让、许可", "意向价格（万元）": 100 + n, "面议": "否",
        "联系人": "李老师", "联系电话": "0351-7654321", "联系邮箱": "li@example.edu.cn",
    }
    row.update(overrides)
    return row


def need_row(n: int, **overrides) -> dict:
    row = {
        "标题": f"{MATERIALS[n % 10]}{USES[n % 8]}应用攻关 {unique_word(n)}",
        "详细描述": f"企业需要提升{MATERIALS[n % 10]}在{USES[n % 8]}中的可靠性，寻求高校院所合作开发。",
        "技术领域": "新材料", "关键词": MATERIALS[n % 10], "所在地区": "山西省",
        "预算下限（万元）": 50, "预算上限（万元）": 200, "截止日期": "2027-06-30", "合作方式": "合作开发",
        "要求的成熟度": "中试",
    }
    row.update(overrides)
    return row


def workbook(kind: str, rows: list[dict], headings: list[str] | None = None) -> bytes:
    """An .xlsx whose first sheet has the template headings (or `headings`) and the rows."""
    headings = headings or [column.header for column in COLUMNS[kind]]
    book = Workbook()
    sheet = book.active
    sheet.append(headings)
    for row in rows:
        sheet.append([row.get(h) for h in headings])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def read_rows(content: bytes) -> tuple[list[str], list[list]]:
    """The headings and data rows of a workbook's first sheet."""
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    return [str(h) for h in rows[0]], rows[1:]
