"""Investors (科技金融): a focus profile, matched offers inside it, and interest that feeds the pipeline."""
from decimal import Decimal

import pytest

from matchmaker.brokerage import pipeline, services
from matchmaker.errors import PermissionDenied, ValidationError
from matchmaker.matching.setup import engine
from models.choices import CaseSource, Maturity, OrgKind
from tests.factories import InvestorProfileFactory, OfferFactory, OrganisationFactory, UserFactory, field

PROFILE = {"fields": ["new_energy_battery"], "stages": ["pilot", "small_batch"], "ticket_min_wan": Decimal(200),
           "ticket_max_wan": Decimal(2000), "regions": ["山西省"], "thesis": "关注固态电池电解质材料的中试阶段项目。"}


@pytest.fixture
def investor(session):
    return UserFactory(organisation=OrganisationFactory(kind=OrgKind.INVESTOR, name="山西创投基金"))


def test_an_investor_member_saves_the_focus_profile(session, investor):
    profile = services.save_investor_profile(session, investor, PROFILE)

    assert (profile.organisation_id, profile.fields, profile.stages, profile.ticket_max_wan, profile.thesis) == (
        investor.organisation_id, ["new_energy_battery"], ["pilot", "small_batch"], Decimal(2000), PROFILE["thesis"])
    assert services.save_investor_profile(session, investor, {**PROFILE, "thesis": "改"}).id == profile.id


def test_only_investor_organisations_keep_a_profile(session, deal):
    with pytest.raises(PermissionDenied):
        services.save_investor_profile(session, deal.need_user, PROFILE)


@pytest.mark.parametrize(("change", "name"), [
    ({"ticket_min_wan": Decimal(500), "ticket_max_wan": Decimal(100)}, "ticket_max_wan"),
    ({"fields": ["time_travel"]}, "fields"),
    ({"regions": ["火星"]}, "regions"),
    ({"stages": ["idea"]}, "stages"),
])
def test_a_bad_profile_is_rejected_by_field(session, investor, change, name):
    with pytest.raises(ValidationError) as raised:
        services.save_investor_profile(session, investor, {**PROFILE, **change})

    assert name in raised.value.fields


def test_matched_offers_stay_inside_the_focus(session, deal, investor):
    profile = InvestorProfileFactory(organisation=investor.organisation, **PROFILE)
    outside = [
        OfferFactory(title="固态电池电解质中试技术（实验室）", maturity=Maturity.LAB),
        OfferFactory(title="固态电池电解质中试技术（高价）", asking_price_wan=5000),
        OfferFactory(title="固态电池电解质中试技术（外省）", region="北京市"),
        OfferFactory(title="固态电池电解质中试技术（医药）", field=field("biomedicine")),
    ]
    inside = OfferFactory(title="固态电池电解质中试技术", description="硫化物固态电解质材料中试放大工艺。",
                          asking_price_wan=None, price_negotiable=True)
    session.commit()

    found = {r.posting.id for r in services.investor_matches(session, engine(), investor, profile)}

    assert {deal.offer.id, inside.id} <= found
    assert not found & {o.id for o in outside}


def test_an_investor_interest_becomes_a_case_with_the_investor_as_demand_side(session, deal, investor):
    interest = services.express_interest(session, investor, deal.offer, "希望了解团队与产业化计划，考虑投资。")

    case = pipeline.claim_interest(session, deal.broker, interest)

    assert (case.organisation, case.need, case.source) == (investor.organisation, None, CaseSource.INTEREST)
    assert pipeline.side_members(case, "demand") == [investor]
