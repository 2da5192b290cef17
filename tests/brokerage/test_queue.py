"""The broker queue: unclaimed interests and strong fresh matches, within the broker's coverage, each pair once."""
import pytest

from matchmaker.brokerage import pipeline, queue, services
from matchmaker.errors import Conflict
from matchmaker.matching.services import mark_not_relevant
from matchmaker.matching.setup import engine
from models.choices import CaseSource, OrgKind, PostingStatus
from tests.factories import NeedFactory, OfferFactory, OrganisationFactory, UserFactory, field

MESSAGE = "我们计划建设固态电池中试线，希望了解授权条件。"


@pytest.fixture(autouse=True)
def market(session, deal):
    """Unrelated offers around the deal, so the match scores have a market to stand out from."""
    for i in range(3):
        OfferFactory(title=f"玉米秸秆生物质饲料发酵技术 {i}", description="利用复合菌剂发酵玉米秸秆制备饲料，提高消化率。",
                     keywords=["秸秆", "饲料"], field=field("modern_agriculture"))
    session.commit()


def _keys(session, broker) -> list[str]:
    return [item.key for item in queue.broker_queue(session, engine(), broker, per_page=100).items]


def _pair(deal) -> str:
    return f"match-{deal.need.id}-{deal.offer.id}"


def test_a_strong_fresh_match_is_in_the_queue_with_its_strength(session, deal):
    items = queue.broker_queue(session, engine(), deal.broker).items

    match = next(item for item in items if item.key == _pair(deal))
    assert match.kind == "match" and match.strength >= queue.MIN_STRENGTH and 0 < match.priority <= 1


def test_an_unclaimed_interest_is_in_the_queue(session, deal):
    investor = UserFactory(organisation=OrganisationFactory(kind=OrgKind.INVESTOR, name="山西创投基金"))
    interest = services.express_interest(session, investor, deal.offer, MESSAGE)

    assert f"interest-{interest.id}" in _keys(session, deal.broker)


def test_a_broker_sees_only_pairs_in_the_fields_they_cover(session, deal):
    services.update_broker_profile(session, deal.broker, ["biomedicine"], [])
    assert _pair(deal) not in _keys(session, deal.broker)

    services.update_broker_profile(session, deal.broker, ["new_energy_battery", "biomedicine"], [])
    assert _pair(deal) in _keys(session, deal.broker)


def test_a_broker_sees_only_pairs_with_a_side_in_the_regions_they_cover(session, deal):
    services.update_broker_profile(session, deal.broker, [], ["北京市"])
    assert _pair(deal) not in _keys(session, deal.broker)

    deal.offer.region = "北京市"
    session.commit()
    assert _pair(deal) in _keys(session, deal.broker)


def test_interests_outside_the_broker_coverage_are_left_out(session, deal):
    interest = services.express_interest(session, deal.outsider, deal.offer, MESSAGE)
    services.update_broker_profile(session, deal.broker, ["biomedicine"], [])

    assert f"interest-{interest.id}" not in _keys(session, deal.broker)


def test_an_empty_profile_covers_everything(session, deal):
    assert services.broker_profile(session, deal.broker).fields == []
    assert _pair(deal) in _keys(session, deal.broker)


def test_a_claimed_pair_leaves_the_queue_and_a_second_claim_is_a_conflict(session, deal):
    other_broker = UserFactory(broker=True)
    pipeline.open_case(session, deal.broker, deal.offer, need=deal.need, source=CaseSource.MATCH)

    assert _pair(deal) not in _keys(session, other_broker)
    with pytest.raises(Conflict):
        pipeline.open_case(session, other_broker, deal.offer, need=deal.need, source=CaseSource.MATCH)


def test_a_closed_case_does_not_bring_its_pair_back(session, deal):
    case = deal.open()
    pipeline.transition(session, deal.broker, case, "closed", reason="price")

    assert _pair(deal) not in _keys(session, deal.broker)


def test_a_match_marked_not_relevant_leaves_the_queue(session, deal):
    mark_not_relevant(session, deal.broker, deal.need, deal.offer)

    assert _pair(deal) not in _keys(session, deal.broker)


def test_a_pair_with_an_interest_appears_once_as_the_interest(session, deal):
    interest = services.express_interest(session, deal.need_user, deal.offer, MESSAGE)

    keys = _keys(session, deal.broker)

    assert f"interest-{interest.id}" in keys and _pair(deal) not in keys


def test_claiming_an_interest_opens_a_case_with_the_interested_organisation(session, deal):
    interest = services.express_interest(session, deal.outsider, deal.offer, MESSAGE)

    case = pipeline.claim_interest(session, deal.broker, interest)

    assert (case.source, case.offer, case.need, case.organisation, interest.case_id) == (
        CaseSource.INTEREST, deal.offer, None, deal.outsider.organisation, case.id)
    assert f"interest-{interest.id}" not in _keys(session, deal.broker)
    with pytest.raises(Conflict):
        pipeline.claim_interest(session, UserFactory(broker=True), interest)


def test_claiming_an_answer_to_a_need_pairs_it_with_the_responders_best_offer(session, deal):
    interest = services.express_interest(session, deal.offer_user, deal.need, "我校成果可满足该需求。")

    offer = queue.best_offer_for(session, engine(), deal.need, deal.offer.organisation_id)
    case = pipeline.claim_interest(session, deal.broker, interest, offer)

    assert (case.offer, case.need, case.source) == (deal.offer, deal.need, CaseSource.INTEREST)


def test_claiming_an_answer_from_an_organisation_without_a_published_offer_is_a_conflict(session, deal):
    institute = UserFactory(organisation=OrganisationFactory(kind=OrgKind.INSTITUTE))
    interest = services.express_interest(session, institute, deal.need, "我所有相关研究基础。")

    with pytest.raises(Conflict):
        pipeline.claim_interest(session, deal.broker, interest, None)
    assert interest.case_id is None


def test_opening_a_pair_someone_expressed_interest_in_links_the_interest(session, deal):
    interest = services.express_interest(session, deal.need_user, deal.offer, MESSAGE)

    case = pipeline.open_case(session, deal.broker, deal.offer, need=deal.need, source=CaseSource.MATCH)

    assert interest.case_id == case.id and case.source == CaseSource.INTEREST


def test_interests_in_postings_no_longer_published_are_left_out(session, deal):
    interest = services.express_interest(session, deal.outsider, deal.offer, MESSAGE)
    deal.offer.status = PostingStatus.CLOSED
    session.commit()

    assert f"interest-{interest.id}" not in _keys(session, deal.broker)


def test_the_queue_is_ordered_by_priority_and_paginated(session, deal):
    for i in range(3):
        buyer = UserFactory(organisation=OrganisationFactory(kind=OrgKind.ENTERPRISE, name=f"买方企业{i}"))
        services.express_interest(session, buyer, deal.offer, MESSAGE)
    NeedFactory(title="秸秆饲料化利用技术需求", description="寻求玉米秸秆发酵制备饲料的技术方案，提高消化率。",
                keywords=["秸秆", "饲料"], field=field("modern_agriculture"))
    session.commit()

    everything = queue.broker_queue(session, engine(), deal.broker, per_page=100)
    first = queue.broker_queue(session, engine(), deal.broker, page=1, per_page=2)
    second = queue.broker_queue(session, engine(), deal.broker, page=2, per_page=2)

    priorities = [item.priority for item in everything.items]
    assert priorities == sorted(priorities, reverse=True) and everything.total >= 4
    assert [i.key for i in first.items + second.items] == [i.key for i in everything.items[:4]]
    assert first.total == everything.total and first.pages == (everything.total + 1) // 2


def test_a_cases_pair_score_is_the_strength_the_queue_shows_over_a_hundred(session, deal):
    [item] = [i for i in queue.broker_queue(session, engine(), deal.broker).items if i.key == _pair(deal)]

    assert queue.pair_score(session, engine(), deal.offer, deal.need) == item.strength / 100
