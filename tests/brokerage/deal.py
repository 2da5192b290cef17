"""A ready-made deal for brokerage tests (pages, services and API): a university's offer, an enterprise's need, a broker,
members of both sides, and an organisation with no part in it."""
from __future__ import annotations

from dataclasses import dataclass

from matchmaker.brokerage import pipeline
from matchmaker.extensions import db
from models import Case, TechNeed, TechOffer, User
from models.choices import CaseStage, OrgKind
from tests.factories import NeedFactory, OfferFactory, OrganisationFactory, UserFactory

# Every contact detail of the two sides, as it must (not) appear on pages and in API answers.
OFFER_CONTACT = ("李明远", "13500001111", "liming@tyut.edu.cn")
DEMAND_CONTACT = ("王晓东", "13733334444", "wangxd@jinneng.cn")


@dataclass
class Deal:
    offer: TechOffer
    need: TechNeed
    broker: User
    offer_user: User  # a member of the offer's university
    need_user: User  # a member of the need's enterprise
    outsider: User  # a member of a third enterprise

    def open(self) -> Case:
        """The broker's case on the offer × need pair, at `suggested`."""
        return pipeline.open_case(db.session, self.broker, self.offer, need=self.need)

    def to(self, stage: CaseStage, case: Case | None = None) -> Case:
        """A case moved by the real services up to `stage` (introduced means both sides accepted)."""
        session = db.session
        case = case or self.open()
        order = [CaseStage.CONTACTED, CaseStage.INTRODUCED, CaseStage.MEETING, CaseStage.NEGOTIATING]
        for step in order[:order.index(stage) + 1] if stage in order else []:
            if step == CaseStage.INTRODUCED:
                pipeline.propose_introduction(session, self.broker, case)
                pipeline.accept_introduction(session, self.offer_user, case)
                pipeline.accept_introduction(session, self.need_user, case)
            else:
                pipeline.transition(session, self.broker, case, step)
        return case


def make_deal() -> Deal:
    """Create the deal's rows and commit them to the test's savepoint (which stores the postings' vectors)."""
    university = OrganisationFactory(kind=OrgKind.UNIVERSITY, name="太原理工大学")
    enterprise = OrganisationFactory(kind=OrgKind.ENTERPRISE, name="晋能电池有限公司")
    name, phone, email = OFFER_CONTACT
    offer = OfferFactory(organisation=university, contact_name=name, contact_phone=phone, contact_email=email,
                         title="硫化物固态电解质薄膜连续制备技术",
                         description="卷对卷工艺连续制备硫化物固态电解质薄膜，厚度 30 微米以下，适用于固态电池中试线。",
                         keywords=["固态电解质", "硫化物", "薄膜"])
    need = NeedFactory(organisation=enterprise, title="固态电池电解质薄膜量产工艺",
                       description="寻求硫化物固态电解质薄膜的连续制备工艺，厚度 30 微米以下，用于固态电池中试线。",
                       keywords=["固态电解质", "薄膜"])
    name, phone, email = DEMAND_CONTACT
    made = Deal(
        offer=offer, need=need,
        broker=UserFactory(broker=True, display_name="赵经纪",
                           organisation=OrganisationFactory(kind=OrgKind.BROKER_AGENCY, name="山西技术转移中心")),
        offer_user=UserFactory(organisation=university, display_name="李教授", email="prof@tyut.edu.cn"),
        need_user=UserFactory(organisation=enterprise, display_name=name, phone=phone, email=email),
        outsider=UserFactory(organisation=OrganisationFactory(kind=OrgKind.ENTERPRISE, name="第三方企业")),
    )
    db.session.commit()  # to the test's savepoint: committing is what stores the postings' vectors
    return made
