"""A small finance market: an enterprise's private financing need, a bank whose product takes it, a bank whose
product does not, an investor whose focus takes it, another enterprise, and an admin."""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from models import FinancialProduct, FinancingNeed, User
from models.choices import OrgKind
from tests.factories import (
    FinancialProductFactory,
    FinancingNeedFactory,
    InvestorProfileFactory,
    OrganisationFactory,
    UserFactory,
)

SECRET = "绝密扩产计划甲"


@dataclass
class Market:
    owner: User
    other_enterprise: User
    matching_bank: User
    other_bank: User
    investor: User
    admin: User
    need: FinancingNeed
    product: FinancialProduct
    other_product: FinancialProduct

    def user(self, actor: str) -> User | None:
        return None if actor == "anonymous" else getattr(self, actor)


ACTORS = ("owner", "other_enterprise", "matching_bank", "other_bank", "investor", "anonymous", "admin")
# Who may read the need (and its secret).
NEED_READERS = {"owner", "matching_bank", "investor", "admin"}


@pytest.fixture
def market(session) -> Market:
    enterprise = OrganisationFactory(kind=OrgKind.ENTERPRISE, name="晋阳固态电池科技有限公司")
    owner = UserFactory(organisation=enterprise)
    other_enterprise = UserFactory(organisation=OrganisationFactory(kind=OrgKind.ENTERPRISE, name="别家科技有限公司"))
    need = FinancingNeedFactory(organisation=enterprise, created_by=owner,
                                purpose=f"建设固态电池电解质薄膜中试线，{SECRET}，采购涂布和辊压设备。")
    product = FinancialProductFactory(title="知识产权质押贷", kind="ip_pledge_loan", patent_collateral=True,
                                      fields=["new_energy_battery"], regions=["山西省"], qualifications=["high_tech"])
    other_product = FinancialProductFactory(title="农业科技贷", fields=["modern_agriculture"])
    matching_bank = UserFactory(organisation=product.organisation)
    other_bank = UserFactory(organisation=other_product.organisation)
    profile = InvestorProfileFactory(fields=["new_energy_battery"], regions=["山西省"], ticket_min_wan=100,
                                     ticket_max_wan=2000)
    investor = UserFactory(organisation=profile.organisation)
    admin = UserFactory(admin=True)
    return Market(owner, other_enterprise, matching_bank, other_bank, investor, admin, need, product, other_product)
