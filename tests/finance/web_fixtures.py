"""Form bodies for the finance pages' tests, as a browser sends them (the `market` fixture is in conftest.py)."""
from __future__ import annotations


def product_form(**overrides) -> dict:
    """A valid 发布金融产品 form."""
    return {"kind": "tech_loan", "title": "科创贷", "description": "面向科技型中小企业的信用贷款产品。",
            "amount_min_wan": "10", "amount_max_wan": "500", "term_months": "24", "rate_percent": "3.6",
            **overrides}


def need_form(**overrides) -> dict:
    """A valid 发布融资需求 form, with one qualification ticked and its certificate number."""
    return {"title": "研发中心建设融资", "purpose": "建设研发中心，购置检测设备和中试设备。", "amount_wan": "300",
            "stage": "growth", "field": "new_energy_battery", "region": "山西省", "revenue_wan": "2000",
            "collateral": "none", "qualification": "high_tech", "certificate-high_tech": "GR202314000999",
            "patent_numbers": "", **overrides}
