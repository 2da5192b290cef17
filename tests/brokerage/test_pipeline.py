"""The deal pipeline: stages, introductions, closing, contracts, and who may do what."""
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from matchmaker.brokerage import pipeline
from matchmaker.errors import Conflict, PermissionDenied, ValidationError
from models import Case, CaseStep, Notification, PostingTransfer
from models.choices import CaseStage, CloseReason, ContractType
from tests.factories import UserFactory

SIGNED = pipeline.ContractData(type="license", amount_wan="120.5", signed_on=date(2026, 11, 2),
                               registration_no="2026140100000123")


def _state(case: Case) -> tuple:
    return (case.stage, case.close_reason, case.introduction_proposed_at, case.offer_side_accepted_at,
            case.demand_side_accepted_at, len(case.history))


def test_a_case_goes_from_suggested_to_signed_and_every_move_is_in_its_history(session, deal):
    case = deal.to(CaseStage.NEGOTIATING)
    pipeline.record_contract(session, deal.broker, case, SIGNED)

    moves = [(s.from_stage, s.to_stage) for s in case.history if s.action in ("opened", "transition")]
    assert moves == [(None, CaseStage.SUGGESTED), (CaseStage.SUGGESTED, CaseStage.CONTACTED),
                     (CaseStage.CONTACTED, CaseStage.INTRODUCED), (CaseStage.INTRODUCED, CaseStage.MEETING),
                     (CaseStage.MEETING, CaseStage.NEGOTIATING), (CaseStage.NEGOTIATING, CaseStage.SIGNED)]
    assert case.stage == CaseStage.SIGNED
    assert all(s.actor is not None and s.created_at is not None for s in case.history)


@pytest.mark.parametrize(("stage", "to"), [
    (CaseStage.SUGGESTED, CaseStage.MEETING),
    (CaseStage.SUGGESTED, CaseStage.SUGGESTED),
    (CaseStage.CONTACTED, CaseStage.INTRODUCED),
    (CaseStage.CONTACTED, CaseStage.SUGGESTED),
    (CaseStage.MEETING, CaseStage.INTRODUCED),
    (CaseStage.NEGOTIATING, CaseStage.SIGNED),
])
def test_an_illegal_transition_is_a_conflict_and_changes_nothing(session, deal, stage, to):
    case = deal.to(stage) if stage != CaseStage.SUGGESTED else deal.open()
    before = _state(case)

    with pytest.raises(Conflict):
        pipeline.transition(session, deal.broker, case, to)

    assert _state(case) == before


def test_a_signed_or_closed_case_cannot_be_closed_again(session, deal):
    case = deal.open()
    pipeline.transition(session, deal.broker, case, "closed", reason="price")
    before = _state(case)

    with pytest.raises(Conflict):
        pipeline.transition(session, deal.broker, case, "closed", reason="other")

    assert _state(case) == before


@pytest.mark.parametrize("stage", [CaseStage.SUGGESTED, CaseStage.CONTACTED, CaseStage.INTRODUCED,
                                   CaseStage.MEETING, CaseStage.NEGOTIATING])
def test_any_open_stage_closes_with_a_reason_and_note(session, deal, stage):
    case = deal.to(stage) if stage != CaseStage.SUGGESTED else deal.open()

    pipeline.transition(session, deal.broker, case, "closed", note="企业转向其他技术路线", reason="unclear_route")

    last = case.history[-1]
    assert case.stage == CaseStage.CLOSED and case.close_reason == CloseReason.UNCLEAR_ROUTE
    assert (last.from_stage, last.to_stage, last.reason, last.note) == (
        stage, CaseStage.CLOSED, CloseReason.UNCLEAR_ROUTE, "企业转向其他技术路线")


@pytest.mark.parametrize("reason", [None, "", "bored"])
def test_closing_needs_a_reason_from_the_set(session, deal, reason):
    case = deal.open()

    with pytest.raises(ValidationError) as raised:
        pipeline.transition(session, deal.broker, case, "closed", reason=reason)

    assert "reason" in raised.value.fields and case.stage == CaseStage.SUGGESTED


def test_an_unknown_stage_is_a_validation_error(session, deal):
    with pytest.raises(ValidationError) as raised:
        pipeline.transition(session, deal.broker, deal.open(), "won")

    assert "to" in raised.value.fields


def test_only_the_case_broker_or_an_admin_moves_a_case(session, deal):
    case = deal.open()
    for someone in (deal.offer_user, deal.need_user, UserFactory(broker=True)):
        with pytest.raises(PermissionDenied):
            pipeline.transition(session, someone, case, "contacted")

    pipeline.transition(session, UserFactory(admin=True), case, "contacted")
    assert case.stage == CaseStage.CONTACTED


def test_an_introduction_is_proposed_only_from_contacted_and_only_once(session, deal):
    case = deal.open()
    with pytest.raises(Conflict):
        pipeline.propose_introduction(session, deal.broker, case)

    pipeline.transition(session, deal.broker, case, "contacted")
    pipeline.propose_introduction(session, deal.broker, case, note="双方技术指标吻合")

    with pytest.raises(Conflict):
        pipeline.propose_introduction(session, deal.broker, case)
    assert case.introduction_proposed_at is not None and case.history[-1].action == pipeline.PROPOSED


def test_the_case_is_introduced_only_when_both_sides_have_accepted(session, deal):
    case = deal.to(CaseStage.CONTACTED)
    pipeline.propose_introduction(session, deal.broker, case)

    pipeline.accept_introduction(session, deal.need_user, case)
    assert case.stage == CaseStage.CONTACTED and pipeline.contacts(case) is None

    pipeline.accept_introduction(session, deal.offer_user, case)
    assert case.stage == CaseStage.INTRODUCED
    assert [s.action for s in case.history[-3:]] == [
        "introduction_accepted_demand", "introduction_accepted_offer", "transition"]


def test_accepting_twice_or_without_a_proposal_is_a_conflict(session, deal):
    case = deal.to(CaseStage.CONTACTED)
    with pytest.raises(Conflict):
        pipeline.accept_introduction(session, deal.offer_user, case)

    pipeline.propose_introduction(session, deal.broker, case)
    pipeline.accept_introduction(session, deal.offer_user, case)
    with pytest.raises(Conflict):
        pipeline.accept_introduction(session, deal.offer_user, case)


def test_only_members_of_the_two_sides_accept_an_introduction(session, deal):
    case = deal.to(CaseStage.CONTACTED)
    pipeline.propose_introduction(session, deal.broker, case)

    for someone in (deal.broker, deal.outsider, UserFactory(admin=True)):
        with pytest.raises(PermissionDenied):
            pipeline.accept_introduction(session, someone, case)
    assert case.offer_side_accepted_at is None and case.demand_side_accepted_at is None


def test_once_introduced_the_contacts_are_the_offer_contact_and_the_accepting_user(session, deal):
    case = deal.to(CaseStage.INTRODUCED)

    contacts = pipeline.contacts(case)

    assert contacts["offer_side"] == {"organisation": "太原理工大学", "name": "李明远", "phone": "13500001111",
                                      "email": "liming@tyut.edu.cn"}
    assert contacts["demand_side"] == {"organisation": "晋能电池有限公司", "name": "王晓东",
                                       "phone": "13733334444", "email": "wangxd@jinneng.cn"}


def test_contacts_are_visible_to_the_sides_the_broker_and_admins_only(session, deal):
    case = deal.to(CaseStage.INTRODUCED)

    for viewer in (deal.offer_user, deal.need_user, deal.broker, UserFactory(admin=True)):
        assert pipeline.visible_contacts(viewer, case) is not None
    for viewer in (deal.outsider, UserFactory(broker=True), None):
        assert pipeline.visible_contacts(viewer, case) is None


def test_proposing_and_introducing_notify_both_sides(session, deal):
    case = deal.to(CaseStage.CONTACTED)
    pipeline.propose_introduction(session, deal.broker, case)
    pipeline.accept_introduction(session, deal.offer_user, case)
    pipeline.accept_introduction(session, deal.need_user, case)
    session.flush()

    kinds = {(n.user_id, n.kind) for n in session.scalars(select(Notification))}
    for user in (deal.offer_user, deal.need_user):
        assert (user.id, "case.introduction") in kinds
    assert (deal.offer_user.id, "case.introduced") in kinds
    assert (deal.broker.id, "case.stage") in kinds


def test_a_stage_change_notifies_both_sides_but_not_whoever_made_it(session, deal):
    case = deal.open()
    pipeline.transition(session, deal.broker, case, "contacted")
    session.flush()

    told = {n.user_id for n in session.scalars(select(Notification).where(Notification.kind == "case.stage"))}
    assert {deal.offer_user.id, deal.need_user.id} <= told and deal.broker.id not in told


def test_a_contract_signs_the_case_and_marks_offer_and_need_transferred(session, deal):
    case = deal.to(CaseStage.NEGOTIATING)

    contract = pipeline.record_contract(session, deal.broker, case, SIGNED)

    assert case.stage == CaseStage.SIGNED and case.contract is contract
    assert (contract.type, str(contract.amount_wan), contract.registration_no) == (
        ContractType.LICENSE, "120.50", "2026140100000123")
    assert pipeline.is_transferred(session, deal.offer) and pipeline.is_transferred(session, deal.need)


def test_a_contract_may_leave_the_postings_unmarked(session, deal):
    case = deal.to(CaseStage.NEGOTIATING)

    pipeline.record_contract(session, deal.broker, case, pipeline.ContractData(
        "service", 30, date(2026, 10, 1), transfer_offer=False, transfer_need=False))

    assert session.scalar(select(PostingTransfer)) is None


@pytest.mark.parametrize(("change", "field"), [
    ({"type": "gift"}, "type"),
    ({"amount_wan": 0}, "amount_wan"),
    ({"amount_wan": "-5"}, "amount_wan"),
    ({"amount_wan": "many"}, "amount_wan"),
    ({"signed_on": None}, "signed_on"),
    ({"signed_on": date.today() + timedelta(days=30)}, "signed_on"),
    ({"registration_no": "第12号"}, "registration_no"),
])
def test_an_invalid_contract_is_rejected_field_by_field_and_the_case_stays(session, deal, change, field):
    case = deal.to(CaseStage.NEGOTIATING)
    data = pipeline.ContractData(**{**SIGNED.__dict__, **change})

    with pytest.raises(ValidationError) as raised:
        pipeline.record_contract(session, deal.broker, case, data)

    assert field in raised.value.fields
    assert case.stage == CaseStage.NEGOTIATING and case.contract is None


def test_a_contract_outside_negotiation_is_a_conflict(session, deal):
    case = deal.to(CaseStage.MEETING)

    with pytest.raises(Conflict):
        pipeline.record_contract(session, deal.broker, case, SIGNED)


def test_the_same_pair_cannot_be_opened_twice_while_a_case_is_open(session, deal):
    deal.open()

    with pytest.raises(Conflict):
        pipeline.open_case(session, UserFactory(broker=True), deal.offer, need=deal.need)


def test_a_closed_pair_may_be_opened_again(session, deal):
    case = deal.open()
    pipeline.transition(session, deal.broker, case, "closed", reason="no_response")

    again = pipeline.open_case(session, deal.broker, deal.offer, need=deal.need)

    assert again.id != case.id


def test_a_case_needs_exactly_one_demand_side(session, deal):
    with pytest.raises(ValidationError):
        pipeline.open_case(session, deal.broker, deal.offer)
    with pytest.raises(ValidationError):
        pipeline.open_case(session, deal.broker, deal.offer, need=deal.need, organisation=deal.outsider.organisation)


def test_only_brokers_open_cases(session, deal):
    with pytest.raises(PermissionDenied):
        pipeline.open_case(session, deal.outsider, deal.offer, need=deal.need)
    assert session.scalar(select(CaseStep)) is None


def test_a_stage_change_is_stored_as_the_stage_code_for_each_reader_to_read_in_their_language(session, deal):
    case = deal.open()
    pipeline.transition(session, deal.broker, case, "contacted")
    session.flush()

    notice = session.scalar(select(Notification).where(Notification.kind == "case.stage",
                                                       Notification.user_id == deal.offer_user.id))
    assert notice.params == {"title": pipeline.title(case), "stage": "contacted"}
