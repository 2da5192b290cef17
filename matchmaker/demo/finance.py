"""Demo technology finance, run through the real services: the two banks' and an investor's products, enterprises'
financing needs, the banks' interest (one introduction completed) and their decisions over the year."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.brokerage import pipeline
from matchmaker.config import MARKET_TZ
from matchmaker.finance import decisions, introductions, needs, products
from models import FinancialProduct, FinancingNeed, Organisation, User, utcnow
from models.choices import OrgRole

log = logging.getLogger(__name__)

BINGZHOU, HUANGHE, SANJIN = "并州银行太原科技支行", "黄河农商银行运城科创支行", "三晋转型创业投资管理有限公司"

PRODUCTS: dict[str, list[dict]] = {
    BINGZHOU: [
        {"kind": "ip_pledge_loan", "title": "晋科知识产权质押贷",
         "description": "以有效发明专利、实用新型专利质押，最高可贷专利评估值的 50%；纳入省知识产权质押融资风险补偿资金池，"
                        "企业无需另行提供不动产抵押。适合拥有核心专利、正在中试放大或扩产的科技型中小企业。",
         "amount_min_wan": 100, "amount_max_wan": 2000, "term_months": 36, "rate_percent": Decimal("3.45"),
         "fields": [], "regions": ["山西省"], "qualifications": ["high_tech"], "min_revenue_wan": 500,
         "patent_collateral": True},
        {"kind": "tech_loan", "title": "科创信用贷（科技型中小企业专享）",
         "description": "纯信用科技贷款，依据研发投入、专利数量和纳税记录综合授信，随借随还，用于研发投入、设备采购和流动资金。",
         "amount_min_wan": 50, "amount_max_wan": 1000, "term_months": 24, "rate_percent": Decimal("3.65"),
         "fields": [], "regions": ["山西省"], "qualifications": ["tech_sme"], "min_revenue_wan": 300,
         "patent_collateral": False},
        {"kind": "loan_equity_linkage", "title": "投贷联动成长贷",
         "description": "与合作创投机构联动：已获或同步获得股权投资的企业，按投资额的一定比例配套贷款，"
                        "支持新能源、新材料和高端装备企业的产线建设与市场扩张。",
         "amount_min_wan": 500, "amount_max_wan": 5000, "term_months": 48, "rate_percent": Decimal("3.80"),
         "fields": ["new_energy_battery", "new_materials", "advanced_equipment"], "regions": ["山西省"],
         "qualifications": ["high_tech"], "min_revenue_wan": 2000, "patent_collateral": False},
    ],
    HUANGHE: [
        {"kind": "tech_loan", "title": "镁产业链科技贷",
         "description": "服务运城镁产业集群：镁合金材料、精密压铸和镁渣综合利用企业的技改与研发贷款，"
                        "政府风险补偿资金池分担 40% 风险。",
         "amount_min_wan": 100, "amount_max_wan": 1500, "term_months": 36, "rate_percent": Decimal("3.90"),
         "fields": ["magnesium_alloy", "new_materials", "energy_saving"], "regions": ["山西省"],
         "qualifications": [], "min_revenue_wan": 1000, "patent_collateral": False},
        {"kind": "guarantee", "title": "农业科技担保贷",
         "description": "与省农业信贷担保公司合作，为现代农业和绿色食品企业的新品种、新工艺产业化提供担保贷款，担保费率 0.8%。",
         "amount_min_wan": 30, "amount_max_wan": 500, "term_months": 12, "rate_percent": Decimal("4.10"),
         "fields": ["modern_agriculture", "green_food"], "regions": ["山西省"], "qualifications": [],
         "min_revenue_wan": None, "patent_collateral": False},
    ],
    SANJIN: [
        {"kind": "equity", "title": "转型发展子基金成长期股权投资",
         "description": "投资山西能源转型相关的新能源电池材料、储能和节能环保技术，单笔 500–3000 万元，"
                        "偏好已完成中试、具备量产条件的项目，可联合银行投贷联动。",
         "amount_min_wan": 500, "amount_max_wan": 3000, "term_months": 60, "rate_percent": Decimal("15"),
         "fields": ["new_energy_battery", "new_materials", "energy_saving"], "regions": [],
         "qualifications": [], "min_revenue_wan": None, "patent_collateral": False},
    ],
}


@dataclass(frozen=True)
class DemoNeed:
    org: str
    title: str
    purpose: str
    amount_wan: int
    stage: str
    field: str
    qualifications: tuple[tuple[str, str], ...]
    patents: tuple[str, ...]
    revenue_wan: int
    collateral: str
    days_ago: int


NEEDS = [
    DemoNeed("运城镁瑞合金科技有限公司", "高强韧镁合金型材挤压线扩产融资",
             "以两项镁合金挤压工艺发明专利质押，新增一条 3000 吨高强韧镁合金型材挤压线，供货新能源汽车电池包壳体。",
             1200, "growth", "magnesium_alloy", (("high_tech", "GR202214000871"),),
             ("ZL202110345678.2", "ZL202210456789.1"), 9800, "patent", 300),
    DemoNeed("山西晋锂新能源科技有限公司", "磷酸锰铁锂正极材料中试线建设",
             "建设年产 500 吨磷酸锰铁锂正极材料中试线，完成客户送样认证；已与三晋转型基金洽谈 A 轮投资，寻求投贷联动。",
             2500, "expansion", "new_energy_battery", (("high_tech", "GR202314001256"), ("tech_sme", "2023140100A0012")),
             ("ZL202211223344.5",), 6500, "patent", 240),
    DemoNeed("闻喜宏镁精密压铸有限公司", "压铸岛自动化改造设备贷款",
             "采购两台 1600 吨冷室压铸机及取件、喷涂机器人，改造为自动化压铸岛，提升镁合金汽车件良率。",
             600, "growth", "magnesium_alloy", (), (), 4200, "equipment", 200),
    DemoNeed("太原感知芯物联科技有限公司", "MEMS 压力传感器研发流动资金",
             "补充 MEMS 压力传感器芯片流片和封测验证的研发资金，产品用于燃气表和工业物联网。",
             300, "startup", "smart_sensors", (("tech_sme", "2024140100A0088"),), ("ZL202320123456.0",), 900,
             "patent", 150),
    DemoNeed("晋南沃田农业科技有限公司", "设施农业水肥一体化推广资金",
             "在临汾推广 2000 亩水肥一体化智能灌溉系统，采购传感器与控制柜，需要担保贷款周转。",
             200, "growth", "modern_agriculture", (), (), 1800, "guarantor", 120),
    DemoNeed("山西汾杏生物制药有限公司", "连翘提取物 GMP 车间改造融资",
             "改造连翘提取物 GMP 车间并完成一致性评价所需的工艺验证，申请科技贷。",
             800, "mature", "biomedicine", (("high_tech", "GR202114000455"),), ("ZL201910987654.3",), 15000,
             "property", 90),
    DemoNeed("山西晋煤绿能环保科技有限公司", "煤矸石制备陶粒示范线融资",
             "以煤矸石为原料建设年产 10 万立方米轻质陶粒示范线，申请专利质押贷款与股权融资。",
             1500, "growth", "energy_saving", (("high_tech", "GR202314002001"),), ("ZL202210777888.9",), 3600,
             "patent", 45),
    DemoNeed("清徐醇香酿造食品有限公司", "老陈醋固态发酵智能化改造",
             "对固态发酵车间进行翻醅、温控智能化改造，降低能耗并稳定品质。",
             260, "mature", "green_food", (), (), 5200, "guarantor", 20),
]

# (need index, bank or investor, product index, days after the need, interest only | approved 万元 | declined reason)
DECISIONS = [
    (0, BINGZHOU, 0, 25, ("approved", 1000)),
    (1, BINGZHOU, 2, 30, ("approved", 2000)),
    (1, SANJIN, 0, 45, ("approved", 1500)),
    (2, HUANGHE, 0, 20, ("approved", 500)),
    (3, BINGZHOU, 1, 15, ("declined", "revenue")),
    (4, HUANGHE, 1, 10, ("approved", 180)),
    (6, BINGZHOU, 0, 12, ("declined", "collateral")),
]
# (need index, bank, product index, introduced?): interest that opened a case, without a decision yet.
INTERESTS = [(6, HUANGHE, 0, True), (7, HUANGHE, 1, False)]


def _owner(session: Session, org_name: str) -> User | None:
    return session.scalar(select(User).join(Organisation, User.organisation_id == Organisation.id)
                          .where(Organisation.name == org_name, User.active)
                          .order_by(User.org_role != OrgRole.OWNER, User.id).limit(1))


def _products(session: Session, now) -> dict[str, list[FinancialProduct]]:
    made: dict[str, list[FinancialProduct]] = {}
    for org_name, specs in PRODUCTS.items():
        owner = _owner(session, org_name)
        if owner is None:
            continue
        made[org_name] = []
        for position, spec in enumerate(specs):
            data = {**spec, "amount_min_wan": Decimal(spec["amount_min_wan"]),
                    "amount_max_wan": Decimal(spec["amount_max_wan"]),
                    "min_revenue_wan": None if spec["min_revenue_wan"] is None else Decimal(spec["min_revenue_wan"])}
            product = products.create_product(session, owner, data)
            product.created_at = now - timedelta(days=330 - 20 * position)
            made[org_name].append(product)
    return made


def _needs(session: Session, now) -> list[FinancingNeed | None]:
    made: list[FinancingNeed | None] = []
    for spec in NEEDS:
        owner = _owner(session, spec.org)
        if owner is None:
            made.append(None)
            continue
        qualifications = needs.parse_qualifications([{"code": c, "certificate_no": n} for c, n in spec.qualifications])
        need = needs.create_need(session, owner, {
            "title": spec.title, "purpose": spec.purpose, "amount_wan": Decimal(spec.amount_wan), "stage": spec.stage,
            "field": spec.field, "region": owner.organisation.province, "patent_numbers": list(spec.patents),
            "revenue_wan": Decimal(spec.revenue_wan), "collateral": spec.collateral}, qualifications)
        need.created_at = now - timedelta(days=spec.days_ago)
        made.append(need)
    return made


def load_demo_finance(session: Session) -> dict[str, int]:
    """Products, needs, decisions and interests, dated over the past year; returns counts."""
    if session.scalar(select(FinancialProduct.id).limit(1)) is not None:
        return {"financial_products": 0, "financing_needs": 0, "financing_decisions": 0}
    now = utcnow()
    made = _products(session, now)
    demo_needs = _needs(session, now)
    count = 0
    for index, org_name, product_index, after, (outcome, value) in DECISIONS:
        need, banker = demo_needs[index], _owner(session, org_name)
        if need is None or banker is None or org_name not in made:
            continue
        product = made[org_name][product_index]
        day = (need.created_at + timedelta(days=after)).astimezone(MARKET_TZ).date()
        introductions.express_interest(session, banker, need, product.id)
        if outcome == "approved":
            decisions.decide(session, banker, need, product.id, outcome, Decimal(value), decided_on=day)
        else:
            decisions.decide(session, banker, need, product.id, outcome, reason=value, decided_on=day)
        count += 1
    for index, org_name, product_index, introduced in INTERESTS:
        need, banker = demo_needs[index], _owner(session, org_name)
        if need is None or banker is None or org_name not in made:
            continue
        case = introductions.express_interest(session, banker, need, made[org_name][product_index].id,
                                              "我行可提供该产品，欢迎进一步沟通。")
        owner = _owner(session, need.organisation.name)
        if introduced and owner is not None:
            pipeline.accept_introduction(session, owner, case)
    session.flush()
    total = sum(len(v) for v in made.values())
    log.info("demo finance: %d products, %d needs, %d decisions", total, len([n for n in demo_needs if n]), count)
    return {"financial_products": total, "financing_needs": len([n for n in demo_needs if n]),
            "financing_decisions": count}
