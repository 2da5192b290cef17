"""The admin's targets page, the dashboard's 目标监测 block and the monthly report (page and workbook)."""
from __future__ import annotations

import json
import re
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from matchmaker.targets import progress, services
from models import Target
from tests.targets.world import CODES, SHANXI, YEAR

DATA_RE = re.compile(r'<script type="application/json" id="dashboard-data">(.*?)</script>', re.S)


# -- the admin's page ------------------------------------------------------------------------------------------------

def test_an_admin_sets_a_provinces_targets_with_a_quarterly_split(client, auth, admin, session):
    auth.login(admin)

    response = auth.post(f"/admin/targets?year=2031&region={SHANXI}", {
        "contract_count": "12", "events": "8", "events_q1": "1", "events_q2": "2", "events_q3": "2", "events_q4": "3"})

    assert response.status_code == 302
    rows = {r.indicator: r for r in session.scalars(select(Target).where(Target.year == 2031, Target.region == SHANXI))}
    assert set(rows) == {"contract_count", "events"} and rows["events"].quarters == [1, 2, 2, 3]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "年度目标已保存" in page and re.search(r'name="events_q4"[^>]* value="3"', page)


def test_a_split_that_misses_the_yearly_value_is_refused_beside_it(client, auth, admin, session):
    auth.login(admin)

    response = auth.post("/admin/targets?year=2031", {
        "contract_count": "10", "events": "8", "events_q1": "1", "events_q2": "1", "events_q3": "1", "events_q4": "1"})

    assert response.status_code == 422 and 'id="err-events-quarters"' in response.get_data(as_text=True)
    assert session.scalars(select(Target)).all() == []


def test_a_negative_target_and_a_split_filled_in_halfway_are_refused_together(client, auth, admin, session):
    auth.login(admin)

    response = auth.post("/admin/targets?year=2031", {"contract_count": "-2", "events": "8", "events_q1": "8"})

    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="err-events-quarters"' in page and 'id="err-contract_count"' in page
    assert session.scalars(select(Target)).all() == []


def test_organisers_may_not_open_the_targets_page(client, auth, organiser):
    auth.login(organiser)

    assert client.get("/admin/targets").status_code == 403


# -- the dashboard's block -------------------------------------------------------------------------------------------

def test_the_dashboard_draws_this_years_targets_and_marks_those_behind(client, auth, admin, member, session):
    year = progress.today().year
    services.set_targets(session, admin, year, {"region": SHANXI, "indicators": {"contract_count": 1000, "events": 0}})
    auth.login(admin)

    html = client.get(f"/dashboard/?region={SHANXI}").get_data(as_text=True)

    chart = json.loads(DATA_RE.search(html).group(1))["targets"]
    assert '<canvas id="chart-targets"' in html and chart["kind"] == "targets"
    # Events' target of 0 is met and not charted; the contracts' actual bar is in the series of those behind.
    assert [(d["role"], d["data"]) for d in chart["datasets"][:2]] == [("actual", [None]), ("behind", [0.0])]
    assert 'id="table-targets-contract_count" data-indicator="contract_count" data-behind="true"' in html
    assert html.count('class="badge badge-behind" data-behind="true"') == 2  # the list above the chart, the table


def test_the_dashboard_shows_an_empty_state_without_targets(client, auth, organiser):
    auth.login(organiser)

    html = client.get("/dashboard/").get_data(as_text=True)

    assert 'id="section-targets"' in html and "本年度尚未设定目标" in html and 'id="chart-targets"' not in html


# -- the monthly report ----------------------------------------------------------------------------------------------

def test_the_report_page_lists_indicators_deals_events_and_lagging_items(client, auth, organiser, targets, world):
    auth.login(organiser)

    html = client.get(f"/dashboard/report?year={YEAR}&month=8&region={SHANXI}").get_data(as_text=True)

    assert all(f'id="report-table-{code}"' in html for code in CODES)
    for section in ("report-lagging", "report-deals", "report-events"):
        assert f'id="{section}"' in html
    assert '<li data-behind="true">' in html and 'href="/dashboard/report.xlsx?' in html


def test_a_bad_month_on_the_report_page_is_reported_and_replaced(client, auth, organiser):
    auth.login(organiser)

    response = client.get("/dashboard/report?month=13")

    assert response.status_code == 200 and "月份须为 1 至 12" in response.get_data(as_text=True)
    assert client.get("/dashboard/report.xlsx?month=13").status_code == 422


@pytest.mark.parametrize("region", ["", SHANXI], ids=["whole market", "山西省"])
def test_the_report_workbook_holds_the_api_numbers(client, auth, api_token, organiser, targets, world, region):
    auth.login(organiser)
    query = f"year={YEAR}&month=8&region={region}"

    api = client.get(f"/api/v1/targets?{query}", headers=api_token(organiser)).get_json()
    response = client.get(f"/dashboard/report.xlsx?{query}")

    assert response.status_code == 200
    book = load_workbook(BytesIO(response.data))
    rows = list(book.worksheets[1].iter_rows(min_row=2, values_only=True))
    by_code = {row[-1]: row for row in rows}
    assert list(by_code) == CODES
    for item in api["items"]:
        target, due, actual, pace, projection, behind, _code = by_code[item["indicator"]][1:]
        assert (target, due, actual, pace, projection) == (item["target"], item["target_to_date"], item["actual"],
                                                            item["pace_needed"], item["projection"])
        assert behind == ("是" if item["behind"] else "否")
    lagging = [row[0] for row in book.worksheets[4].iter_rows(min_row=2, values_only=True)]
    assert lagging == [item["label"] for item in api["items"] if item["behind"]]
    deals = [row[5] for row in book.worksheets[2].iter_rows(min_row=2, values_only=True)]
    august = sorted((float(c["amount"]) for c in world.contracts if (c["signed_on"].year, c["signed_on"].month)
                     == (YEAR, 8) and (not region or c["province"] == region)), reverse=True)
    assert deals == august[:10]
