"""Acceptance 1: every hard rule filters on its own, each failure is named, and a need that meets every rule and
says what the product is for comes in the product's top five among 200 generated needs.

Design (README, "Technology finance"): a pair that fails any rule is ranked out of every match list and queue; the
enterprise's own list, asked with include_ineligible, shows the near misses after every eligible product with the
failed rules named.
"""
from __future__ import annotations

import random

import pytest

from matchmaker.finance.rules import RULES, check_product, failed
from models.choices import Collateral, FinancingStage
from tests.factories import FinancialProductFactory, FinancingNeedFactory, UserFactory, field

STRICT = dict(fields=["new_energy_battery"], regions=["山西省"], qualifications=["high_tech"], min_revenue_wan=1000,
              patent_collateral=True, amount_min_wan=100, amount_max_wan=1000)
# One change to a need that meets every rule of STRICT, breaking exactly the named rule.
BREAKS = {
    "field": lambda: dict(field=field("modern_agriculture")),
    "region": lambda: dict(region="陕西省"),
    "qualifications": lambda: dict(qualifications=[{"code": "tech_sme", "certificate_no": "2023-1"}]),
    "revenue": lambda: dict(revenue_wan=999),
    "collateral": lambda: dict(collateral=Collateral.PROPERTY),
    "amount": lambda: dict(amount_wan=1001),
}


def test_every_rule_has_a_case_that_breaks_it_alone():
    assert set(BREAKS) == set(RULES)


def test_a_need_meeting_every_rule_passes_them_all(session):
    product = FinancialProductFactory(**STRICT)
    need = FinancingNeedFactory()

    assert failed(check_product(product, need)) == []


@pytest.mark.parametrize("rule", RULES)
def test_a_need_failing_one_rule_is_marked_failed_on_that_rule_alone(session, rule):
    product = FinancialProductFactory(**STRICT)
    need = FinancingNeedFactory(**BREAKS[rule]())

    assert failed(check_product(product, need)) == [rule]


def test_patent_collateral_needs_patent_numbers_too(session):
    product = FinancialProductFactory(**STRICT)
    need = FinancingNeedFactory(patent_numbers=[])

    assert failed(check_product(product, need)) == ["collateral"]


@pytest.mark.parametrize("rule", RULES)
def test_a_pair_failing_one_rule_is_ranked_out_of_both_match_lists(client, api_token, session, rule):
    product = FinancialProductFactory(**STRICT)
    banker = UserFactory(organisation=product.organisation)
    need = FinancingNeedFactory(**BREAKS[rule]())
    owner = UserFactory(organisation=need.organisation)

    for_product = client.get(f"/api/v1/financial-products/{product.id}/matches", headers=api_token(banker))
    for_need = client.get(f"/api/v1/financing-needs/{need.id}/matches", headers=api_token(owner))

    assert [i["financing_need"]["id"] for i in for_product.get_json()["items"]] == []
    assert product.id not in [i["product"]["id"] for i in for_need.get_json()["items"]]


@pytest.mark.parametrize("rule", RULES)
def test_the_enterprise_sees_a_near_miss_with_the_failed_rule_named(client, api_token, session, rule):
    product = FinancialProductFactory(**STRICT)
    need = FinancingNeedFactory(**BREAKS[rule]())
    owner = UserFactory(organisation=need.organisation)

    response = client.get(f"/api/v1/financing-needs/{need.id}/matches?include_ineligible=true",
                          headers=api_token(owner))

    item = next(i for i in response.get_json()["items"] if i["product"]["id"] == product.id)
    assert item["eligible"] is False and item["score"] == 0
    assert item["explanation"]["failed"] == [rule]
    assert {r["rule"]: r["passed"] for r in item["explanation"]["rules"]} == {r: r != rule for r in RULES}


# Needs in the product's field but about other things, so text decides among the eligible ones.
OTHER_PURPOSES = [
    "扩建锂电池正极材料磷酸铁锂生产线，新增窑炉两台。", "购置钠离子电池电芯化成分容设备。",
    "建设动力电池回收拆解与湿法冶金示范线。", "储能电站集成项目流动资金。", "建设电池管理系统软件研发中心。",
    "补充硅碳负极材料量产的营运资金。", "电解液添加剂生产线环保改造。", "建设燃料电池双极板冲压产线。",
    "隔膜涂覆设备采购与厂房装修。", "户用储能产品海外市场认证与渠道建设。",
]
OTHER_FIELDS = ["biomedicine", "advanced_equipment", "electronic_information", "new_materials", "modern_agriculture"]


def _generated_needs(rng: random.Random, count: int) -> None:
    for i in range(count):
        in_field = rng.random() < 0.5
        FinancingNeedFactory(
            title=f"融资需求{i}", purpose=rng.choice(OTHER_PURPOSES) + f"（第{i}号）",
            field=field("new_energy_battery" if in_field else rng.choice(OTHER_FIELDS)),
            region=rng.choice(["山西省", "山西省", "河南省"]), amount_wan=rng.choice([80, 200, 500, 900, 1500]),
            revenue_wan=rng.choice([500, 1500, 5000]), stage=rng.choice(list(FinancingStage)),
            collateral=rng.choice([Collateral.PATENT, Collateral.PATENT, Collateral.PROPERTY]),
        )


def test_a_need_meeting_every_rule_is_in_the_products_top_five_among_200(client, api_token, session):
    product = FinancialProductFactory(
        **STRICT, kind="ip_pledge_loan", title="固态电池知识产权质押贷",
        description="以固态电池、固态电解质相关发明专利质押，支持中试线建设和工艺放大，政府风险补偿资金池分担风险。")
    banker = UserFactory(organisation=product.organisation)
    _generated_needs(random.Random(16), 199)
    wanted = FinancingNeedFactory(title="固态电解质薄膜中试线专利质押融资",
                                  purpose="以三项固态电解质发明专利质押，融资建设硫化物固态电解质薄膜中试线，完成工艺放大。")

    response = client.get(f"/api/v1/financial-products/{product.id}/matches", headers=api_token(banker))

    items = response.get_json()["items"]
    assert len(items) >= 10  # the wanted need competes with other eligible needs, not just with rule failures
    assert all(item["eligible"] for item in items)
    assert wanted.id in [item["financing_need"]["id"] for item in items[:5]]
