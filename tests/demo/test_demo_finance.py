"""The demo's technology finance: two banks and an investor with products, enterprises' financing needs, decisions of
both outcomes over the year, and a financing case whose introduction is complete."""
from sqlalchemy import func, select

from matchmaker.brokerage.access import is_introduced
from matchmaker.demo.load import load_demo
from matchmaker.finance.rules import check_product, passes
from models import Case, FinancialProduct, FinancingDecision, FinancingNeed
from models.choices import CaseSource, DecisionOutcome, OrgKind


def test_the_demo_has_two_banks_with_products_and_an_investor_product(session):
    load_demo(session)

    kinds = session.execute(select(FinancialProduct.organisation_id, FinancialProduct.kind)).all()
    banks = {p.organisation_id for p in session.scalars(select(FinancialProduct))
             if p.organisation.kind == OrgKind.BANK}
    assert len(banks) == 2
    assert {str(kind) for _org, kind in kinds} == {"ip_pledge_loan", "tech_loan", "loan_equity_linkage", "guarantee",
                                                  "equity"}


def test_every_demo_decision_is_on_a_need_its_product_takes(session):
    load_demo(session)

    decisions = list(session.scalars(select(FinancingDecision)))
    assert {d.outcome for d in decisions} == {DecisionOutcome.APPROVED, DecisionOutcome.DECLINED}
    assert all(passes(check_product(d.product, d.need)) for d in decisions)
    assert session.scalar(select(func.count()).select_from(FinancingNeed)) >= 8


def test_the_demo_has_a_financing_case_whose_introduction_is_complete(session):
    load_demo(session)

    cases = list(session.scalars(select(Case).where(Case.source == CaseSource.FINANCE)))
    assert any(is_introduced(case) for case in cases)
    assert all(case.offer_id is None and case.product_id and case.financing_need_id for case in cases)
