"""The spreadsheet columns of offers and needs: one per form field, shared by the template, import and export.

A column knows its form field, its Chinese header (the template's and the export's), how a cell turns into form
data, and, for closed vocabularies, every spelling it accepts: the code, the Chinese label and the English label.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from flask_babel import force_locale, gettext

from models import TechField
from models.choices import LABELS_ZH, PROVINCES

LIST_SEPARATOR = "、"
_SPLIT = re.compile(r"[,，;；、\n]+")
_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")
TRUE_WORDS = frozenset({"是", "y", "yes", "true", "1", "√", "✓", "面议"})
FALSE_WORDS = frozenset({"否", "n", "no", "false", "0", "×", "x", ""})


@dataclass(frozen=True)
class Column:
    """One spreadsheet column: `name` is the form field, `header` the Chinese heading (a msgid)."""

    name: str
    header: str
    type: str = "text"  # text | list | choice | choices | bool | number | date
    vocabulary: str | None = None  # a LABELS_ZH group, "field" or "region"
    required: bool = False
    width: int = 16


COMMON = (
    Column("title", "标题", required=True, width=30),
    Column("description", "详细描述", required=True, width=60),
    Column("field", "技术领域", "choice", "field", required=True, width=18),
    Column("keywords", "关键词", "list", width=24),
    Column("region", "所在地区", "choice", "region", required=True, width=14),
)
OFFER = COMMON + (
    Column("maturity", "成熟度", "choice", "maturity", required=True),
    Column("ip_status", "知识产权状态", "choice", "ip_status"),
    Column("patent_numbers", "专利号", "list", width=24),
    Column("transfer_modes", "转化方式", "choices", "transfer_mode", required=True, width=20),
    Column("asking_price_wan", "意向价格（万元）", "number"),
    Column("price_negotiable", "面议", "bool", width=8),
    Column("contact_name", "联系人"),
    Column("contact_phone", "联系电话"),
    Column("contact_email", "联系邮箱", width=24),
)
NEED = COMMON + (
    Column("budget_min_wan", "预算下限（万元）", "number"),
    Column("budget_max_wan", "预算上限（万元）", "number"),
    Column("deadline", "截止日期", "date", width=14),
    Column("cooperation_modes", "合作方式", "choices", "cooperation_mode", required=True, width=20),
    Column("maturity_required", "要求的成熟度", "choice", "maturity"),
)
COLUMNS: dict[str, tuple[Column, ...]] = {"offer": OFFER, "need": NEED}
CONTACT_COLUMNS = frozenset({"contact_name", "contact_phone", "contact_email"})

# Rows whose title starts with this are the template's example and are never imported.
EXAMPLE_MARK = "【示例】"
EXAMPLES = {
    "offer": {
        "title": EXAMPLE_MARK + "高镍三元正极材料低成本制备技术",
        "description": "采用共沉淀与低温烧结工艺制备高镍三元正极材料，成本降低约15%，循环寿命超过2000次，已完成中试验证。",
        "field": "new_energy_battery", "keywords": ["正极材料", "锂离子电池"], "region": "山西省",
        "maturity": "pilot", "ip_status": "granted_patent", "patent_numbers": ["ZL202310123456.7"],
        "transfer_modes": ["transfer", "license"], "asking_price_wan": Decimal("300"), "price_negotiable": False,
        "contact_name": "张老师", "contact_phone": "0351-1234567", "contact_email": "tech@example.edu.cn",
    },
    "need": {
        "title": EXAMPLE_MARK + "镁合金薄板宽幅轧制工艺攻关",
        "description": "企业需要将镁合金板材宽度提升至1.5米以上，板形平直度满足汽车车门内板要求，寻求高校或院所联合攻关。",
        "field": "magnesium_alloy", "keywords": ["镁合金", "轧制"], "region": "山西省",
        "budget_min_wan": Decimal("100"), "budget_max_wan": Decimal("300"), "deadline": date(2027, 6, 30),
        "cooperation_modes": ["co_development"], "maturity_required": "pilot",
    },
}


def english(text: str) -> str:
    """The English rendering of a Chinese msgid, whatever language the request speaks."""
    with force_locale("en"):
        return gettext(text)


class Vocabularies:
    """Every accepted spelling of every vocabulary value, resolved to its code; built once per import."""

    def __init__(self, fields: list[TechField]):
        self.labels: dict[str, dict[str, str]] = {"field": {f.code: f.name_zh for f in fields}}
        self.labels["region"] = {p: p for p in PROVINCES}
        for group in ("maturity", "ip_status", "transfer_mode", "cooperation_mode"):
            self.labels[group] = dict(LABELS_ZH[group])
        self._lookup: dict[str, dict[str, str]] = {}
        english_names = {f.code: f.name_en for f in fields}
        for group, labels in self.labels.items():
            lookup: dict[str, str] = {}
            for code, zh in labels.items():
                en = english_names.get(code, "") if group == "field" else english(zh)
                for spelling in (code, zh, en):
                    if spelling:
                        lookup[_key(spelling)] = code
            if group == "region":  # 山西 for 山西省, 北京 for 北京市
                for province in PROVINCES:
                    short = re.sub(r"(省|市|自治区|壮族自治区|回族自治区|维吾尔自治区|特别行政区)$", "", province)
                    lookup.setdefault(_key(short), province)
            self._lookup[group] = lookup

    def code(self, group: str, value: str) -> str | None:
        """The code a spelling stands for, or None."""
        return self._lookup[group].get(_key(value))

    def label(self, group: str, code: str | None) -> str:
        """The Chinese label written in the template and the export."""
        return self.labels[group].get(code, code or "") if code else ""

    def options(self, group: str) -> list[str]:
        """The Chinese labels offered in the template's drop-down list."""
        return list(self.labels[group].values())


def _key(value: str) -> str:
    return re.sub(r"\s+", "", str(value)).casefold()


class CellError(ValueError):
    """A cell that cannot be read as its column's type; the message is shown next to row and column."""


def cell_text(value) -> str:
    """A cell as text: whole floats lose their '.0' (phone numbers, prices typed as numbers)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def to_form_value(column: Column, value, vocabularies: Vocabularies):
    """A cell as the JSON-like value the column's form field takes; raises CellError for unreadable cells."""
    text = cell_text(value)
    if column.type in ("text", "list"):
        return text
    if column.type == "bool":
        word = text.casefold()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise CellError(gettext("请填写“是”或“否”。"))
    if column.type == "number":
        if not text:
            return None
        cleaned = text.replace(",", "").replace("，", "").removesuffix("万元").removesuffix("万").strip()
        try:
            Decimal(cleaned)
        except InvalidOperation:
            raise CellError(gettext("请填写数字（单位：万元）。")) from None
        return cleaned
    if column.type == "date":
        if not text:
            return None
        match = _DATE.match(text.split(" ")[0] if isinstance(value, datetime) else text)
        if not match:
            raise CellError(gettext("日期格式应为 2027-06-30。"))
        year, month, day = (int(part) for part in match.groups())
        try:
            return date(year, month, day).isoformat()
        except ValueError:
            raise CellError(gettext("日期格式应为 2027-06-30。")) from None
    values = [part.strip() for part in _SPLIT.split(text) if part.strip()] if column.type == "choices" else [text]
    codes = []
    for item in values:
        if not item:
            continue
        code = vocabularies.code(column.vocabulary, item)
        if code is None:
            options = LIST_SEPARATOR.join(vocabularies.options(column.vocabulary)[:12])
            raise CellError(gettext("“%(value)s”不是可选的值。可选：%(options)s", value=item, options=options))
        codes.append(code)
    if column.type == "choices":
        return codes
    return codes[0] if codes else ""


def to_cell(column: Column, value, vocabularies: Vocabularies):
    """A posting's form value as the template writes it: labels for codes, lists joined, 是/否 for flags."""
    if value is None:
        return None
    if column.type == "choice":
        return vocabularies.label(column.vocabulary, getattr(value, "value", value))
    if column.type == "choices":
        return LIST_SEPARATOR.join(vocabularies.label(column.vocabulary, v) for v in value)
    if column.type == "list":
        return LIST_SEPARATOR.join(value)
    if column.type == "bool":
        return "是" if value else "否"
    if column.type == "number":
        return float(value)
    return value
