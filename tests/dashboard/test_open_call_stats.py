"""The dashboard's 揭榜挂帅 block: calls published, proposals, awarded and paid amounts, milestones on time and late,
on a small scene whose numbers are known by hand."""
from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from matchmaker.dashboard import stats
from matchmaker.dashboard.stats import StatsFilter
from models import MilestoneDelivery, Proposal
from models.choices import DeliveryStatus, OpenCallStatus
from tests import factories
from tests.dashboard.test_views import page_data


def at(month: int, day: int, hour: int = 3) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=UTC)


def _call(session, code: str, status: OpenCallStatus, reward: int, published: datetime | None,
          awarded: datetime | None = None, proposals: tuple[datetime, ...] = ()):
    call = factories.OpenCallFactory(need=factories.NeedFactory(field=factories.field(code)), status=status,
                                     reward_wan=reward, published_at=published, awarded_at=awarded)
    made = []
    for sent in proposals:
        made.append(Proposal(call_id=call.id, organisation_id=factories.OrganisationFactory().id, approach="技术路线",
                             team=[{"name": "王教授", "title": "教授", "role": "负责人"}], budget_wan=reward, plan="计划",
                             created_at=sent))
    session.add_all(made)
    session.flush()
    return call, made


def _deliver(session, call, proposal, index: int, status: DeliveryStatus, paid: int | None = None,
             late: bool = False, decided: datetime | None = None) -> None:
    session.add(MilestoneDelivery(milestone_id=call.milestones[index].id, proposal_id=proposal.id, status=status,
                                  report="已完成", paid_wan=paid, late=late, decided_at=decided))
    session.flush()


@pytest.fixture
def scene(session):
    """Battery: A completed (300 万, both milestones paid: 90 on time, 210 late), C open, D draft, E cancelled.
    Biomedicine: B in delivery (100 万, 30 paid on time, the second milestone only reported), F in review."""
    a, (a1, _a2) = _call(session, "new_energy_battery", OpenCallStatus.COMPLETED, 300, at(3, 10), at(4, 20),
                         (at(3, 15), at(3, 20)))
    _deliver(session, a, a1, 0, DeliveryStatus.ACCEPTED, 90, False, at(5, 10))
    _deliver(session, a, a1, 1, DeliveryStatus.ACCEPTED, 210, True, at(7, 2))
    b, (b1,) = _call(session, "biomedicine", OpenCallStatus.IN_DELIVERY, 100, at(4, 1), at(5, 5), (at(4, 10),))
    _deliver(session, b, b1, 0, DeliveryStatus.ACCEPTED, 30, False, at(6, 1))
    _deliver(session, b, b1, 1, DeliveryStatus.REPORTED)
    _call(session, "new_energy_battery", OpenCallStatus.OPEN, 500, at(6, 1), proposals=(at(6, 5),))
    _call(session, "new_energy_battery", OpenCallStatus.DRAFT, 50, None)
    _call(session, "new_energy_battery", OpenCallStatus.CANCELLED, 70, at(2, 1), proposals=(at(2, 3),))
    # 16:00 UTC on 30 April is midnight starting 1 May in Beijing
    _call(session, "biomedicine", OpenCallStatus.REVIEWING, 80, datetime(2026, 4, 30, 16, tzinfo=UTC),
          proposals=(at(5, 3),))


def _numbers(session, start: date | None = None, end: date | None = None, code: str | None = None) -> dict:
    return stats.open_calls(session, StatsFilter(start, end, factories.field(code) if code else None))


def test_it_counts_published_calls_proposals_awarded_and_paid_amounts_and_late_milestones(session, scene):
    assert _numbers(session) == {"calls_published": 4, "proposals": 6, "awarded_wan": 400.0, "paid_wan": 330.0,
                                 "milestones_on_time": 2, "milestones_late": 1}


def test_a_field_keeps_the_calls_on_needs_of_that_field(session, scene):
    assert _numbers(session, code="new_energy_battery") == {
        "calls_published": 2, "proposals": 4, "awarded_wan": 300.0, "paid_wan": 300.0, "milestones_on_time": 1,
        "milestones_late": 1}


def test_a_range_counts_each_number_by_its_own_beijing_date(session, scene):
    assert _numbers(session, date(2026, 5, 1), date(2026, 6, 30)) == {
        "calls_published": 2, "proposals": 2, "awarded_wan": 100.0, "paid_wan": 120.0, "milestones_on_time": 2,
        "milestones_late": 0}
    assert _numbers(session, end=date(2026, 4, 30)) == {
        "calls_published": 2, "proposals": 4, "awarded_wan": 300.0, "paid_wan": 0.0, "milestones_on_time": 0,
        "milestones_late": 0}


def test_an_empty_market_gives_zeros(session):
    assert set(_numbers(session).values()) == {0}


def test_the_api_and_the_page_carry_the_block_and_its_charts(client, auth, api_token, session, scene):
    admin = factories.UserFactory(admin=True)
    api = client.get("/api/v1/stats", headers=api_token(admin)).get_json()
    auth.login(admin)
    html = client.get("/dashboard/").get_data(as_text=True)
    charts = {chart["key"]: chart for chart in page_data(html)["charts"]}

    assert api["open_calls"] == _numbers(session)
    assert charts["open_call_awards"]["datasets"][0]["data"] == [400.0, 330.0]
    assert charts["open_call_milestones"]["labels"] == ["按期交付", "逾期交付"]
    assert charts["open_call_milestones"]["datasets"][0]["data"] == [2, 1]
    assert '<canvas id="chart-open_call_milestones"' in html
    figures = re.sub(r"<[^>]+>", "|", html)
    for value, label in (("4", "发布揭榜榜单"), ("6", "揭榜方案"), ("400", "定榜榜额（万元）"), ("330", "已拨付榜额（万元）")):
        assert re.search(rf"\|{value}\|+{label}\|", figures), label


def test_the_demo_calls_count_as_delivered_through_the_services(session):
    from matchmaker.demo.load import load_demo

    load_demo(session)

    assert _numbers(session) == {"calls_published": 3, "proposals": 7, "awarded_wan": 260.0, "paid_wan": 260.0,
                                 "milestones_on_time": 2, "milestones_late": 1}
    assert Decimal(260) == sum(d.paid_wan for d in session.query(MilestoneDelivery))
