"""factory_boy factories for the models; they flush into the test's session."""
from __future__ import annotations

import factory
from factory.alchemy import SQLAlchemyModelFactory
from sqlalchemy import select

from matchmaker.auth.passwords import hash_password
from matchmaker.extensions import db
from models import Organisation, TechField, TechNeed, TechOffer, User, utcnow
from models.choices import Maturity, OrgKind, OrgRole, PostingStatus

DEFAULT_PASSWORD = "correct horse battery"
# Argon2 is slow on purpose; hash the shared test password once per run.
_DEFAULT_HASH = hash_password(DEFAULT_PASSWORD)


class Base(SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session = db.session
        sqlalchemy_session_persistence = "flush"


def field(code: str = "new_energy_battery") -> TechField:
    """A row of the seeded taxonomy."""
    return db.session.scalar(select(TechField).where(TechField.code == code))


class OrganisationFactory(Base):
    class Meta:
        model = Organisation

    kind = OrgKind.UNIVERSITY
    name = factory.Sequence(lambda n: f"测试大学{n}")
    province = "山西省"
    city = "太原市"
    description = "一所用于测试的机构。"
    verified_at = factory.LazyFunction(utcnow)

    class Params:
        unverified = factory.Trait(verified_at=None)


class UserFactory(Base):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"user{n}@example.edu.cn")
    password_hash = _DEFAULT_HASH
    display_name = factory.Sequence(lambda n: f"用户{n}")
    organisation = factory.SubFactory(OrganisationFactory)
    org_role = OrgRole.OWNER

    class Params:
        admin = factory.Trait(is_admin=True, organisation=None)
        broker = factory.Trait(is_broker=True)


class OfferFactory(Base):
    class Meta:
        model = TechOffer

    title = factory.Sequence(lambda n: f"高镍正极材料单晶化制备技术 {n}")
    description = "通过两段烧结实现单晶化，循环 2000 次容量保持率 90% 以上。"
    keywords = factory.LazyFunction(lambda: ["正极材料", "单晶", "锂电池"])
    region = "山西省"
    status = PostingStatus.PUBLISHED
    published_at = factory.LazyFunction(utcnow)
    field = factory.LazyFunction(field)
    organisation = factory.SubFactory(OrganisationFactory)
    maturity = Maturity.PILOT
    transfer_modes = factory.LazyFunction(lambda: ["license"])
    asking_price_wan = 120
    contact_name = "王老师"
    contact_phone = "13800000000"
    contact_email = "contact@example.edu.cn"


class NeedFactory(Base):
    class Meta:
        model = TechNeed

    title = factory.Sequence(lambda n: f"动力电池低温性能提升 {n}")
    description = "零下 20 摄氏度放电容量不低于常温的 80%，需要电解液或材料方案。"
    keywords = factory.LazyFunction(lambda: ["低温", "电解液"])
    region = "山西省"
    status = PostingStatus.PUBLISHED
    published_at = factory.LazyFunction(utcnow)
    field = factory.LazyFunction(field)
    organisation = factory.SubFactory(
        OrganisationFactory, kind=OrgKind.ENTERPRISE, name=factory.Sequence(lambda n: f"测试企业{n}")
    )
    cooperation_modes = factory.LazyFunction(lambda: ["commissioned"])
    budget_min_wan = 50
    budget_max_wan = 200
