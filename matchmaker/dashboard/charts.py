"""The dashboard's charts, built from the stats: each with its series for the chart, and its table for reading,
for the Excel sheet and for people who would rather not read charts. Labels are in the reader's language."""
from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _

from matchmaker.dashboard.stats import OPEN_STAGES
from matchmaker.i18n import current_language, label
from models.choices import CloseReason

# Column formats: text, int (a count), wan (万元, two decimals), pct (a rate between 0 and 1, or None).
TEXT, INT, WAN, PCT = "text", "int", "wan", "pct"


@dataclass
class Chart:
    """One chart: `kind` tells dashboard.js how to draw it; `columns` and `rows` are its numbers as a table."""

    key: str
    title: str
    kind: str  # bar, hbar, stacked (horizontal, stacked), line, combo (bars and a line on a second axis), doughnut
    labels: list[str]
    datasets: list[dict]
    columns: list[tuple[str, str]]
    rows: list[list]
    empty_message: str
    description: str = ""
    axes: dict[str, str] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        """True when the chart has no number but zeros to show."""
        return not any(value for row in self.rows for (_title, fmt), value in zip(self.columns, row)
                       if fmt in (INT, WAN))

    @property
    def sheet_title(self) -> str:
        """The Excel sheet's name: at most 31 characters, none of []:*?/\\."""
        name = "".join(" " if c in "[]:*?/\\" else c for c in self.title)
        return name[:31]

    def js(self) -> dict:
        """What dashboard.js needs to draw the chart."""
        return {"key": self.key, "kind": self.kind, "labels": self.labels, "datasets": self.datasets,
                "axes": self.axes}


def _series(name: str, values: list, axis: str = "y", kind: str | None = None) -> dict:
    series = {"label": name, "data": values, "axis": axis}
    if kind:
        series["type"] = kind
    return series


def _field_label(entry: dict) -> str:
    return entry["name_en"] if current_language() == "en" else entry["name_zh"]


def postings_by_month(data: dict) -> Chart:
    """Offers and needs published per month."""
    rows = [[r["month"], r["offers"], r["needs"], r["offers"] + r["needs"]] for r in data["postings"]["by_month"]]
    return Chart(
        "postings_month", _("成果与需求发布（按月）"), "bar", [r[0] for r in rows],
        [_series(_("科技成果"), [r[1] for r in rows]), _series(_("技术需求"), [r[2] for r in rows])],
        [(_("月份"), TEXT), (_("科技成果"), INT), (_("技术需求"), INT), (_("合计"), INT)], rows,
        _("所选范围内没有发布科技成果或技术需求。"),
        _("按发布时间统计已发布过的成果与需求（含已关闭）。"),
    )


def postings_by_field(data: dict) -> Chart:
    """Offers and needs published per field."""
    rows = [[_field_label(r["field"]), r["offers"], r["needs"], r["offers"] + r["needs"]]
            for r in data["postings"]["by_field"]]
    return Chart(
        "postings_field", _("成果与需求发布（按领域）"), "hbar", [r[0] for r in rows],
        [_series(_("科技成果"), [r[1] for r in rows]), _series(_("技术需求"), [r[2] for r in rows])],
        [(_("技术领域"), TEXT), (_("科技成果"), INT), (_("技术需求"), INT), (_("合计"), INT)], rows,
        _("所选范围内没有发布科技成果或技术需求。"),
    )


def matches_by_month(data: dict) -> Chart:
    """Cases from system matches, interests and "not relevant" verdicts per month."""
    rows = [[r["month"], r["match_cases"], r["interests"], r["not_relevant"]] for r in data["matches"]["by_month"]]
    return Chart(
        "matches_month", _("匹配与意向（按月）"), "line", [r[0] for r in rows],
        [_series(_("系统匹配立案"), [r[1] for r in rows]), _series(_("意向"), [r[2] for r in rows]),
         _series(_("标记“不相关”"), [r[3] for r in rows])],
        [(_("月份"), TEXT), (_("系统匹配立案"), INT), (_("意向"), INT), (_("标记“不相关”"), INT)], rows,
        _("所选范围内没有匹配立案、意向或反馈。"),
        _("系统匹配立案：经纪人据系统匹配建立的案件；意向：会员表达的对接意向；不相关：用户对匹配结果的否定反馈。"),
    )


def funnel(data: dict) -> Chart:
    """Interest → introduced → meeting → signed, with the rates between steps."""
    names = {"interest": _("意向"), "introduced": _("完成引荐"), "meeting": _("会面洽谈"), "signed": _("签约")}
    rows = [[names[s["step"]], s["count"], s["rate"], s["overall"]] for s in data["funnel"]]
    return Chart(
        "funnel", _("意向转化漏斗"), "funnel", [r[0] for r in rows], [_series(_("数量"), [r[1] for r in rows])],
        [(_("环节"), TEXT), (_("数量"), INT), (_("较上一环节"), PCT), (_("较意向"), PCT)], rows,
        _("所选范围内没有意向。"),
        _("所选范围内的意向，及由这些意向立案的案件中到达“已引荐”“已会面”“已签约”阶段的数量（按案件去重，含之后关闭的）。"
          "经纪人由系统匹配直接立案的案件不经过意向，不在此漏斗中：全部合同见“技术合同”。"),
    )


def contracts_by_month(data: dict) -> Chart:
    """Contracts and turnover per month of signing."""
    rows = [[r["month"], r["count"], r["turnover_wan"]] for r in data["contracts"]["by_month"]]
    return _contract_chart("contracts_month", _("技术合同与成交额（按月）"), _("月份"), rows,
                           _("按签订日期统计。"))


def contracts_by_field(data: dict) -> Chart:
    """Contracts and turnover per field."""
    rows = [[_field_label(r["field"]), r["count"], r["turnover_wan"]] for r in data["contracts"]["by_field"]]
    return _contract_chart("contracts_field", _("技术合同与成交额（按领域）"), _("技术领域"), rows,
                           _("合同的领域即其案件中科技成果的领域。"), turnover_as="bar")


def _contract_chart(key: str, title: str, heading: str, rows: list[list], description: str,
                    turnover_as: str = "line") -> Chart:
    """Counts as bars and turnover on a second axis: a line over months, bars over categories such as fields."""
    return Chart(
        key, title, "combo", [r[0] for r in rows],
        [_series(_("合同数"), [r[1] for r in rows]),
         _series(_("成交额（万元）"), [r[2] for r in rows], "y2", turnover_as)],
        [(heading, TEXT), (_("合同数"), INT), (_("成交额（万元）"), WAN)], rows,
        _("所选范围内没有签订技术合同。"), description, axes={"y": _("合同数"), "y2": _("万元")},
    )


def contracts_by_type(data: dict) -> Chart:
    """Contracts and turnover per contract type."""
    rows = [[label("contract_type", r["type"]), r["count"], r["turnover_wan"]] for r in data["contracts"]["by_type"]]
    return Chart(
        "contracts_type", _("技术合同（按类型）"), "doughnut", [r[0] for r in rows],
        [_series(_("成交额（万元）"), [r[2] for r in rows])],
        [(_("合同类型"), TEXT), (_("合同数"), INT), (_("成交额（万元）"), WAN)], rows,
        _("所选范围内没有签订技术合同。"), _("图中为各类型成交额占比。"),
    )


def brokers(data: dict) -> Chart:
    """Each broker's open cases by stage, signed and closed cases, and turnover."""
    reasons = [reason.value for reason in CloseReason]
    rows = []
    for b in data["brokers"]:
        name = b["name"] if b["broker_id"] is not None else _("未分配")
        rows.append([name, *(b["open"][s.value] for s in OPEN_STAGES), b["open_total"], b["signed"],
                     *(b["closed"][r] for r in reasons), b["closed_total"], b["turnover_wan"]])
    n_open = len(OPEN_STAGES)
    datasets = [_series(label("case_stage", s.value), [r[1 + i] for r in rows]) for i, s in enumerate(OPEN_STAGES)]
    datasets += [_series(_("已签约"), [r[2 + n_open] for r in rows]),
                 _series(_("已关闭"), [r[3 + n_open + len(reasons)] for r in rows])]
    columns = [(_("经纪人"), TEXT), *((label("case_stage", s.value), INT) for s in OPEN_STAGES), (_("在办合计"), INT),
               (_("已签约"), INT), *((_("关闭：%(reason)s", reason=label("close_reason", r)), INT) for r in reasons),
               (_("关闭合计"), INT), (_("成交额（万元）"), WAN)]
    return Chart(
        "brokers", _("经纪人工作量与成果"), "stacked", [r[0] for r in rows], datasets, columns, rows,
        _("所选范围内没有案件。"),
        _("所选范围内建立的案件：在办的按当前阶段，已签约的及成交额，已关闭的按原因。"),
    )


def events_by_month(data: dict) -> Chart:
    """Finished events, participants and meetings per month."""
    rows = [[r["month"], r["events"], r["participants"], r["meetings_scheduled"], r["meetings_held"]]
            for r in data["events"]["by_month"]]
    names = [_("已举办活动"), _("参会人数"), _("安排洽谈"), _("确认见面")]
    return Chart(
        "events_month", _("活动举办（按月）"), "bar", [r[0] for r in rows],
        [_series(name, [r[1 + i] for r in rows]) for i, name in enumerate(names)],
        [(_("月份"), TEXT), *((name, INT) for name in names)], rows,
        _("所选范围内没有已结束的活动。"),
        _("已结束的活动按开始日期统计；参会人数为有效报名；洽谈为保持安排的一对一洽谈及其中记录为已见面的。"),
    )


def open_call_awards(data: dict) -> Chart:
    """揭榜挂帅: the rewards of awarded calls beside what accepted milestones have paid of them."""
    o = data["open_calls"]
    rows = [[_("定榜榜额"), o["awarded_wan"]], [_("已拨付"), o["paid_wan"]]]
    return Chart(
        "open_call_awards", _("揭榜挂帅榜额与拨付"), "bar", [r[0] for r in rows],
        [_series(_("万元"), [r[1] for r in rows])], [(_("项目"), TEXT), (_("金额（万元）"), WAN)], rows,
        _("所选范围内没有定榜的榜单或验收通过的里程碑。"),
        _("定榜榜额：所选范围内定榜、现为已定榜、交付中或已完成的榜单的榜额合计；已拨付：所选范围内验收通过的里程碑按其占比拨付的金额。"),
    )


def open_call_milestones(data: dict) -> Chart:
    """揭榜挂帅: accepted milestones delivered on time and late."""
    o = data["open_calls"]
    rows = [[_("按期交付"), o["milestones_on_time"]], [_("逾期交付"), o["milestones_late"]]]
    return Chart(
        "open_call_milestones", _("揭榜挂帅里程碑交付"), "doughnut", [r[0] for r in rows],
        [_series(_("里程碑数"), [r[1] for r in rows])], [(_("交付情况"), TEXT), (_("里程碑数"), INT)], rows,
        _("所选范围内没有验收通过的里程碑。"),
        _("按验收日期统计验收通过的里程碑：报告完成时已过该里程碑（或榜单）交付期限的为逾期。"),
    )


def build_charts(data: dict) -> list[Chart]:
    """Every chart of the dashboard, in page order (the wide broker chart last, below the pairs)."""
    return [postings_by_month(data), postings_by_field(data), matches_by_month(data), funnel(data),
            contracts_by_month(data), contracts_by_field(data), contracts_by_type(data), events_by_month(data),
            open_call_awards(data), open_call_milestones(data), brokers(data)]


def headline(data: dict) -> list[tuple[str, object, str]]:
    """The figures above the charts: (label, value, format)."""
    t = data["totals"]
    now = data["on_market"]
    calls = data["open_calls"]
    return [
        (_("在架科技成果"), now["offers"], INT), (_("在架技术需求"), now["needs"], INT),
        (_("期间发布成果"), t["offers"], INT), (_("期间发布需求"), t["needs"], INT), (_("意向"), t["interests"], INT),
        (_("案件"), t["cases"], INT), (_("技术合同"), t["contracts"], INT), (_("成交额（万元）"), t["turnover_wan"], WAN),
        (_("已转化成果与需求"), t["transferred_postings"], INT), (_("已举办活动"), t["events_finished"], INT),
        (_("发布揭榜榜单"), calls["calls_published"], INT), (_("揭榜方案"), calls["proposals"], INT),
        (_("定榜榜额（万元）"), calls["awarded_wan"], WAN), (_("已拨付榜额（万元）"), calls["paid_wan"], WAN),
    ]


def targets_chart(rows: list) -> Chart:
    """目标监测: each indicator with a target, as shares of its yearly target: actual, target to date and the year
    (100%). `rows` are `matchmaker.targets.progress.IndicatorProgress`. The actual values of indicators behind pace
    are a series of their own (role `behind`, drawn red by dashboard.js), and their labels say so; `raw` holds each
    bar's number for the tooltips."""
    shown = [r for r in rows if r.target]

    def share(value: float | None, target: float) -> float:
        return round(100 * (value or 0) / target, 1)

    names = [label("indicator", r.indicator.value) + (_("（落后）") if r.behind else "") for r in shown]

    def series(name: str, role: str, values: list, raw: list) -> dict:
        return {**_series(name, values), "role": role, "raw": raw}

    actual = [r.actual for r in shown]
    datasets = [
        series(_("实际完成"), "actual", [None if r.behind else share(r.actual, r.target) for r in shown], actual),
        series(_("实际完成（落后）"), "behind", [share(r.actual, r.target) if r.behind else None for r in shown], actual),
        series(_("应完成进度"), "due", [share(r.target_to_date, r.target) for r in shown],
               [r.target_to_date for r in shown]),
        series(_("全年目标"), "year", [100.0 for _r in shown], [r.target for r in shown]),
    ]
    table = [[label("indicator", r.indicator.value), r.target, r.target_to_date, r.actual, r.pace_needed,
              r.projection] for r in shown]
    return Chart(
        "targets", _("目标监测"), "targets", names, datasets,
        [(_("指标"), TEXT), (_("全年目标"), WAN), (_("应完成进度"), WAN), (_("实际完成"), WAN),
         (_("剩余每月需完成"), WAN), (_("预计全年"), WAN)], table,
        _("本年度尚未设定目标。"),
        _("各指标的实际完成与应完成进度，以占全年目标的百分比表示；落后于进度的指标以红色标出。"),
        axes={"x": _("占全年目标（%）")},
    )
