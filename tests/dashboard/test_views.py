"""The dashboard page and its workbook: who may see them, what they show, and that page, API and Excel agree."""
from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime
from io import BytesIO

import pytest
from openpyxl import load_workbook

from matchmaker.extensions import db
from models import User
from tests import factories
from tests.dashboard.world import CHART_KEYS, expected

DATA_RE = re.compile(r'<script type="application/json" id="dashboard-data">(.*?)</script>', re.S)
SHEETS = ["概览", "成果与需求发布（按月）", "成果与需求发布（按领域）", "匹配与意向（按月）", "意向转化漏斗",
          "技术合同与成交额（按月）", "技术合同与成交额（按领域）", "技术合同（按类型）", "活动举办（按月）",
          "揭榜挂帅榜额与拨付", "揭榜挂帅里程碑交付", "经纪人工作量与成果"]


def page_data(html: str) -> dict:
    """The JSON block the page's script reads."""
    return json.loads(DATA_RE.search(html).group(1))


# -- who may see it --------------------------------------------------------------------------------------------------

PAGES = ("/dashboard/", "/dashboard/export.xlsx", "/dashboard/report", "/dashboard/report.xlsx")


def test_anonymous_visitors_are_sent_to_log_in(client):
    for url in PAGES:
        response = client.get(url)
        assert response.status_code == 302
        assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("role", ["member", "broker"])
def test_members_and_brokers_get_403(client, auth, request, role):
    auth.login(request.getfixturevalue(role))

    for url in PAGES:
        assert client.get(url).status_code == 403, url
    assert "数据看板" not in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("role", ["admin", "organiser"])
def test_admins_and_organisers_see_it_and_its_link(client, auth, request, role):
    auth.login(request.getfixturevalue(role))

    home = client.get("/").get_data(as_text=True)
    response = client.get("/dashboard/")

    assert 'href="/dashboard/"' in home and "数据看板" in home
    assert response.status_code == 200
    assert "<h1>数据看板</h1>" in response.get_data(as_text=True)


# -- what it shows ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("query", ["", "?start=2026-02-01&end=2026-04-30&field=biomedicine"])
def test_the_page_carries_the_api_numbers(client, auth, api_token, world, admin, query):
    auth.login(admin)

    page = page_data(client.get(f"/dashboard/{query}").get_data(as_text=True))
    api = client.get(f"/api/v1/stats{query}", headers=api_token(admin)).get_json()

    assert page["stats"] == api
    assert [chart["key"] for chart in page["charts"]] == CHART_KEYS


def test_every_chart_has_a_canvas_and_a_table_of_its_numbers(client, auth, world, organiser):
    auth.login(organiser)
    html = client.get("/dashboard/").get_data(as_text=True)
    truth = expected(world)

    for key in CHART_KEYS:
        assert f'<canvas id="chart-{key}"' in html, key
        assert f'<table class="data" id="table-{key}">' in html, key
    postings = html[html.index('id="table-postings_month"'):]
    first = truth["postings"]["by_month"][0]
    total = first["offers"] + first["needs"]
    assert re.search(rf'<th scope="row">{first["month"]}</th>\s*<td class="num">{first["offers"]}</td>\s*'
                     rf'<td class="num">{first["needs"]}</td>\s*<td class="num">{total}</td>', postings)
    assert f'{truth["totals"]["turnover_wan"]:,.2f}' in html  # the headline figure
    funnel = html[html.index('id="table-funnel"'):]
    introduced = truth["funnel"][1]
    assert f'{introduced["rate"] * 100:.1f}%' in funnel[:funnel.index("</table>")]


def test_the_chart_series_are_the_stats(client, auth, world, admin):
    auth.login(admin)
    data = page_data(client.get("/dashboard/").get_data(as_text=True))
    charts = {chart["key"]: chart for chart in data["charts"]}
    stats = data["stats"]

    assert charts["postings_month"]["labels"] == stats["months"]
    assert charts["postings_month"]["datasets"][0]["data"] == [r["offers"] for r in stats["postings"]["by_month"]]
    assert charts["funnel"]["datasets"][0]["data"] == [s["count"] for s in stats["funnel"]]
    assert charts["contracts_month"]["datasets"][1] == {
        "label": "成交额（万元）", "data": [r["turnover_wan"] for r in stats["contracts"]["by_month"]], "axis": "y2",
        "type": "line"}
    assert charts["brokers"]["labels"][-1] == "未分配"
    assert charts["events_month"]["datasets"][3]["data"] == [r["meetings_held"] for r in stats["events"]["by_month"]]


def test_an_empty_market_shows_one_empty_state_and_no_canvas(client, auth, admin):
    auth.login(admin)
    html = client.get("/dashboard/").get_data(as_text=True)

    assert "<canvas" not in html
    assert "所选范围内还没有任何数据" in html
    assert "export.xlsx" in html  # the (empty) workbook can still be had


def test_a_chart_without_numbers_shows_its_empty_state(client, auth, admin):
    factories.OfferFactory(published_at=datetime(2026, 3, 5, 2, tzinfo=UTC))
    auth.login(admin)
    html = client.get("/dashboard/").get_data(as_text=True)

    assert '<canvas id="chart-postings_month"' in html and '<canvas id="chart-postings_field"' in html
    assert '<canvas id="chart-contracts_month"' not in html and "所选范围内没有签订技术合同。" in html
    assert '<canvas id="chart-events_month"' not in html and "所选范围内没有已结束的活动。" in html
    assert "所选范围内没有意向。" in html and "所选范围内没有案件。" in html
    assert "所选范围内还没有任何数据" not in html


def test_a_bad_filter_is_reported_and_ignored(client, auth, world, admin):
    auth.login(admin)

    html = client.get("/dashboard/?start=2026-05-01&end=2026-04-01").get_data(as_text=True)

    assert "结束日期不能早于开始日期。" in html
    assert page_data(html)["stats"]["filters"] == {"start": None, "end": None, "field": None}


def test_the_page_runs_no_inline_script(client, auth, world, admin):
    auth.login(admin)
    response = client.get("/dashboard/")
    html = response.get_data(as_text=True)

    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert 'src="/static/' in tag or 'type="application/json"' in tag, tag
    assert '<script src="/static/vendor/chartjs/chart.umd.min.js" defer>' in html
    assert client.get("/static/vendor/chartjs/chart.umd.min.js").status_code == 200
    assert client.get("/static/js/dashboard.js").status_code == 200


# -- Excel -----------------------------------------------------------------------------------------------------------

def _workbook(client, query: str = ""):
    response = client.get(f"/dashboard/export.xlsx{query}")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return load_workbook(BytesIO(response.data))


def _rows(sheet) -> list[list]:
    return [list(row) for row in sheet.iter_rows(min_row=2, values_only=True)]


def test_the_workbook_has_a_sheet_per_chart_with_its_numbers(client, auth, world, admin):
    auth.login(admin)
    book = _workbook(client)
    truth = expected(world)

    assert book.sheetnames == SHEETS
    assert _rows(book["成果与需求发布（按月）"]) == [
        [r["month"], r["offers"], r["needs"], r["offers"] + r["needs"]] for r in truth["postings"]["by_month"]]
    assert _rows(book["成果与需求发布（按领域）"]) == [
        [r["field"]["name_zh"], r["offers"], r["needs"], r["offers"] + r["needs"]] for r in truth["postings"]["by_field"]]
    assert _rows(book["匹配与意向（按月）"]) == [
        [r["month"], r["match_cases"], r["interests"], r["not_relevant"]] for r in truth["matches"]["by_month"]]
    assert _rows(book["意向转化漏斗"]) == [
        [name, s["count"], s["rate"], s["overall"]] for name, s in zip(["意向", "完成引荐", "会面洽谈", "签约"], truth["funnel"])]
    assert _rows(book["技术合同与成交额（按月）"]) == [
        [r["month"], r["count"], r["turnover_wan"]] for r in truth["contracts"]["by_month"]]
    assert _rows(book["技术合同与成交额（按领域）"]) == [
        [r["field"]["name_zh"], r["count"], r["turnover_wan"]] for r in truth["contracts"]["by_field"]]
    assert [row[1:] for row in _rows(book["技术合同（按类型）"])] == [
        [r["count"], r["turnover_wan"]] for r in truth["contracts"]["by_type"]]
    brokers = _rows(book["经纪人工作量与成果"])
    assert [row[0] for row in brokers] == [b["name"] or "未分配" for b in truth["brokers"]]
    assert [[row[6], row[7], row[13], row[14]] for row in brokers] == [
        [b["open_total"], b["signed"], b["closed_total"], b["turnover_wan"]] for b in truth["brokers"]]
    assert _rows(book["活动举办（按月）"]) == [
        [r["month"], r["events"], r["participants"], r["meetings_scheduled"], r["meetings_held"]]
        for r in truth["events"]["by_month"]]
    overview = {row[0]: row[1] for row in book["概览"].iter_rows(min_row=5, values_only=True)}
    assert overview["技术合同"] == truth["totals"]["contracts"]
    assert overview["成交额（万元）"] == truth["totals"]["turnover_wan"]
    assert book["意向转化漏斗"]["C3"].number_format == "0.0%"
    assert book["技术合同与成交额（按月）"]["C2"].number_format == "#,##0.00"


def test_the_workbook_follows_the_filter(client, auth, world, organiser):
    auth.login(organiser)
    book = _workbook(client, "?start=2026-02-01&end=2026-04-30&field=biomedicine")
    truth = expected(world, start=date(2026, 2, 1), end=date(2026, 4, 30), code="biomedicine")

    assert [row[0] for row in book["概览"].iter_rows(max_row=2, values_only=True)] == ["统计范围", "技术领域"]
    assert list(book["概览"].iter_rows(max_row=2, values_only=True))[1][1] == "生物医药"
    assert _rows(book["成果与需求发布（按月）"]) == [
        [r["month"], r["offers"], r["needs"], r["offers"] + r["needs"]] for r in truth["postings"]["by_month"]]
    assert [row[0] for row in _rows(book["技术合同与成交额（按月）"])] == ["2026-02", "2026-03", "2026-04"]


def test_a_broker_name_that_reads_like_a_formula_stays_text_in_the_workbook(client, auth, world, admin):
    names = ['=HYPERLINK("http://evil.example","点此")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)"]
    for broker, name in zip(world.brokers, names):
        db.session.get(User, broker["id"]).display_name = name
    db.session.flush()
    auth.login(admin)

    book = _workbook(client)

    cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert set(names) <= {cell.value for cell in cells}
