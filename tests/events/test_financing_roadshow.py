"""Issue 16, acceptance 5: a 融资路演 pitches enterprises' financing needs to banks and investors, and its meetings are
scheduled by the existing scheduler with the enterprises' requests weighted by finance match strength."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy import select

from matchmaker.errors import ValidationError
from matchmaker.events import schedule_runs, services
from matchmaker.extensions import db
from matchmaker.finance.matching import investors_for_need, products_for_need
from matchmaker.matching.setup import engine
from matchmaker.scheduling import Meeting as ScheduledMeeting
from matchmaker.scheduling import Schedule, validate
from models import AgendaItem, Event, FinancingNeed, Meeting, Registration
from models.choices import EventKind, EventStatus, MeetingStatus, OrgKind, ParticipantRole
from tests.factories import (
    EventFactory,
    FinancialProductFactory,
    FinancingNeedFactory,
    InvestorProfileFactory,
    OrganisationFactory,
    RegistrationFactory,
    UserFactory,
    field,
    organiser_of,
)


@dataclass
class Roadshow:
    event: object
    enterprises: dict[str, Registration]  # battery, scaleup, farm: pitchers
    financiers: dict[str, Registration]  # ip_bank, agri_bank, investor: attendees
    needs: dict[str, FinancingNeed]


def _enterprise(event, name: str, role=ParticipantRole.PITCHER, slots=None) -> Registration:
    user = UserFactory(organisation=OrganisationFactory(kind=OrgKind.ENTERPRISE, name=name))
    kwargs = {"available_slots": slots} if slots is not None else {}
    return RegistrationFactory(event=event, user=user, role=role, seen=True, **kwargs)


def _financier(event, organisation, role=ParticipantRole.INVESTOR, slots=None) -> Registration:
    kwargs = {"available_slots": slots} if slots is not None else {}
    return RegistrationFactory(event=event, user=UserFactory(organisation=organisation), role=role, seen=True,
                               **kwargs)


def roadshow(slots: list[str] | None = None, tables: int = 5) -> Roadshow:
    """Three pitchers with an open need each and three financial attendees.

    - ip_bank's IP-pledge loan takes battery companies in 山西 with patents up to 1000 万元: battery matches it
      strongly; scaleup asks for 1500 万元 (amount fails) and farm is in agriculture (field fails).
    - agri_bank's loan is for agriculture only: farm matches it strongly, the others not at all.
    - investor funds any field in 山西 from 100 to 3000 万元 and writes about medicine: everyone matches it weakly.
    """
    event = EventFactory(kind=EventKind.FINANCING, title="晋阳高新区科技企业融资路演", field=None, tables=tables)
    enterprises = {
        "battery": _enterprise(event, "晋阳固态电池科技有限公司", slots=slots),
        "scaleup": _enterprise(event, "太原储能系统集成有限公司", slots=slots),
        "farm": _enterprise(event, "晋中谷子种业有限公司", slots=slots),
    }
    needs = {
        "battery": FinancingNeedFactory(organisation=enterprises["battery"].organisation, title="固态电池电解质中试线融资",
                                        purpose="建设固态电池电解质薄膜中试线，以发明专利质押，采购涂布和辊压设备。",
                                        amount_wan=600),
        "scaleup": FinancingNeedFactory(organisation=enterprises["scaleup"].organisation, title="储能电池模组产线扩产融资",
                                        purpose="扩建储能电池模组产线，新增两条自动化装配线。", amount_wan=1500),
        "farm": FinancingNeedFactory(organisation=enterprises["farm"].organisation, title="抗旱谷子良种繁育基地融资",
                                     purpose="建设抗旱谷子良种繁育基地和种子加工线，扩大良种推广面积。", amount_wan=400,
                                     field=field("modern_agriculture")),
    }
    ip_product = FinancialProductFactory(
        title="固态电池知识产权质押贷", kind="ip_pledge_loan", patent_collateral=True, amount_min_wan=100,
        amount_max_wan=1000, fields=["new_energy_battery"], regions=["山西省"], qualifications=["high_tech"],
        description="以发明专利质押，支持固态电池、电解质薄膜等新能源电池企业建设中试线、采购涂布辊压设备。")
    agri_product = FinancialProductFactory(
        title="现代农业种业科技贷", fields=["modern_agriculture"], amount_min_wan=50, amount_max_wan=800,
        description="支持种业企业建设良种繁育基地、种子加工线，推广抗旱谷子等良种。")
    profile = InvestorProfileFactory(fields=[], regions=["山西省"], ticket_min_wan=100, ticket_max_wan=3000,
                                     thesis="关注创新药、医疗器械和体外诊断的早期项目。")
    financiers = {
        "ip_bank": _financier(event, ip_product.organisation, slots=slots),
        "agri_bank": _financier(event, agri_product.organisation, ParticipantRole.ATTENDEE, slots=slots),
        "investor": _financier(event, profile.organisation, slots=slots),
    }
    return Roadshow(event, enterprises, financiers, needs)


def expected_strength(need: FinancingNeed, organisation_id: int) -> float:
    """The finance matching's own best eligible score of the organisation for the need, as 0..1."""
    encoder = engine().serving_encoder
    matches = [*products_for_need(db.session, encoder, need), *investors_for_need(db.session, encoder, need)]
    scores = [m.score for m in matches if m.eligible and (m.product or m.profile).organisation_id == organisation_id]
    return round(max(scores, default=0) / 100, 4)


# -- match strength and weights -------------------------------------------------------------------------------------

def test_pair_strength_is_the_best_eligible_finance_match_and_zero_when_a_rule_fails(session):
    show = roadshow()
    e, f, n = show.enterprises, show.financiers, show.needs
    strength = {(a, b): services.affinity.pair_strength(session, engine(), e[a], f[b]) for a in e for b in f}

    for (a, b), value in strength.items():
        assert value == expected_strength(n[a], f[b].organisation_id), (a, b)
    for pair in [("battery", "agri_bank"), ("scaleup", "ip_bank"), ("scaleup", "agri_bank"), ("farm", "ip_bank")]:
        assert strength[pair] == 0
    for a in e:
        assert 0 < strength[(a, "investor")]
    assert strength[("battery", "ip_bank")] > strength[("battery", "investor")]
    assert strength[("farm", "agri_bank")] > strength[("farm", "investor")]
    # Symmetric: the financial organisation's side sees the same number.
    assert services.affinity.pair_strength(session, engine(), f["ip_bank"], e["battery"]) == strength[
        ("battery", "ip_bank")]


def test_people_to_meet_name_the_need_and_the_product_behind_the_match(session):
    show = roadshow()
    battery = show.enterprises["battery"]

    suggestions = services.people_to_meet(session, engine(), battery)

    assert suggestions[0].registration.id == show.financiers["ip_bank"].id
    assert "固态电池电解质中试线融资" in suggestions[0].reason and "固态电池知识产权质押贷" in suggestions[0].reason
    assert show.financiers["agri_bank"].id not in {s.registration.id for s in suggestions}


# -- acceptance: the existing scheduler, requests weighted by finance match ----------------------------------------

@pytest.fixture
def fast_scheduler(app, monkeypatch):
    monkeypatch.setitem(app.config, "MATCHMAKER_SCHEDULE_TIME_LIMIT", 2)


def test_a_financing_roadshow_is_scheduled_by_the_existing_scheduler_preferring_better_matches(
        client, auth, session, fast_scheduler):
    # Two slots at one table: two meetings fit, six are asked for.
    show = roadshow(slots=["s01", "s02"], tables=1)
    event, e, f = show.event, show.enterprises, show.financiers
    asked = [("battery", "ip_bank"), ("battery", "investor"), ("scaleup", "investor"), ("scaleup", "ip_bank"),
             ("farm", "agri_bank"), ("farm", "ip_bank")]
    requests = {}
    for a, b in asked:
        requests[(a, b)] = services.request_meeting(session, e[a].user, event, f[b].id, "", 2, engine=engine())
        services.respond(session, f[b].user, requests[(a, b)], True)

    weight = {pair: services.request_weight(q) for pair, q in requests.items()}
    for pair, q in requests.items():
        assert q.match_score == expected_strength(show.needs[pair[0]], f[pair[1]].organisation_id)
    # At equal priority a matching pair weighs more than a non-matching one, and a strong match more than a weak one.
    assert weight[("scaleup", "ip_bank")] == weight[("farm", "ip_bank")] == 2
    assert weight[("battery", "investor")] > 2 and weight[("scaleup", "investor")] > 2
    assert weight[("battery", "ip_bank")] > weight[("battery", "investor")]

    services.set_status(session, organiser_of(event), event, EventStatus.SCHEDULING)
    auth.login(organiser_of(event))
    response = auth.post(f"/events/{event.id}/schedule")  # what the organiser's 排期 button runs
    assert response.status_code == 302

    db.session.expire_all()
    meetings = list(db.session.scalars(select(Meeting).where(Meeting.event_id == event.id,
                                                             Meeting.status == MeetingStatus.SCHEDULED)))
    instance, _ = services.scheduling_instance(db.session, event)
    slot_code = {s.id: s.code for s in event.slots}
    run = schedule_runs.latest_run(db.session, event)
    schedule = Schedule([ScheduledMeeting(f"q{m.request_id}", slot_code[m.slot_id], m.table) for m in meetings],
                        run.objective)
    assert validate(instance, schedule) == []
    assert len(meetings) == 2  # capacity, not demand, decides how many

    scheduled = {m.request_id for m in meetings}
    heaviest = sorted(requests, key=lambda pair: -weight[pair])[:2]
    assert weight[heaviest[1]] > max(w for pair, w in weight.items() if pair not in heaviest)
    assert scheduled == {requests[pair].id for pair in heaviest}
    assert set(heaviest) == {("battery", "ip_bank"), ("farm", "agri_bank")}


# -- pitch suggestions ------------------------------------------------------------------------------------------------

def test_pitch_suggestions_are_the_pitchers_open_needs_best_coverage_first(session):
    show = roadshow()
    event = show.event
    watcher = _enterprise(event, "旁听储能科技有限公司", role=ParticipantRole.ATTENDEE)
    watchers_need = FinancingNeedFactory(organisation=watcher.organisation, title="旁听企业的电池融资",
                                         purpose=show.needs["battery"].purpose, amount_wan=600)
    outsider_need = FinancingNeedFactory(title="未报名企业的电池融资", purpose=show.needs["battery"].purpose)
    withdrawn = _enterprise(event, "已退出科技有限公司")
    withdrawn_need = FinancingNeedFactory(organisation=withdrawn.organisation, title="已退出企业的融资")
    services.withdraw(session, withdrawn.user, withdrawn)

    suggestions = services.suggest_pitches(session, engine(), event, limit=8)

    ids = [s.financing_need.id for s in suggestions]
    assert set(ids) == {n.id for n in show.needs.values()}
    assert not {watchers_need.id, outsider_need.id, withdrawn_need.id} & set(ids)
    scores = [s.score for s in suggestions]
    assert scores == sorted(scores, reverse=True) and scores[0] > 0
    best_total = max(sum(expected_strength(n, r.organisation_id) for r in show.financiers.values())
                     for n in show.needs.values())
    assert scores[0] == pytest.approx(best_total, abs=0.01)
    first = suggestions[0]
    assert (first.title, first.presenter) == (first.financing_need.title, first.financing_need.organisation.name)
    battery = next(s for s in suggestions if s.financing_need.id == show.needs["battery"].id)
    assert battery.serves == 2 and any("固态电池知识产权质押贷" in reason for reason in battery.reasons)


def test_a_suggested_financing_pitch_goes_on_the_agenda_and_is_not_suggested_again(session):
    show = roadshow()
    event, need = show.event, show.needs["farm"]
    services.add_agenda_item(session, organiser_of(event), event, {
        "kind": "pitch", "title": need.title, "presenter": need.organisation.name, "financing_need_id": need.id,
        "starts_at": event.starts_at, "ends_at": event.starts_at + timedelta(minutes=10)})

    (item,) = event.agenda
    assert (item.financing_need_id, item.title, item.presenter) == (need.id, need.title, need.organisation.name)
    assert need.id not in {s.financing_need.id for s in services.suggest_pitches(session, engine(), event)}


def test_only_a_pitchers_open_need_goes_on_a_financing_agenda(session):
    show = roadshow()
    stranger = FinancingNeedFactory(title="别人的融资需求")
    with pytest.raises(ValidationError):
        services.add_agenda_item(session, organiser_of(show.event), show.event, {
            "kind": "pitch", "title": stranger.title, "financing_need_id": stranger.id,
            "starts_at": show.event.starts_at, "ends_at": show.event.starts_at + timedelta(minutes=10)})


# -- registration roles -----------------------------------------------------------------------------------------------

def test_at_a_financing_roadshow_enterprises_pitch_and_financial_organisations_take_the_investor_seat(session):
    event = EventFactory(kind=EventKind.FINANCING)
    codes = [s.code for s in event.slots]
    bank = UserFactory(organisation=OrganisationFactory(kind=OrgKind.BANK))
    enterprise = UserFactory(organisation=OrganisationFactory(kind=OrgKind.ENTERPRISE))
    university = UserFactory(organisation=OrganisationFactory(kind=OrgKind.UNIVERSITY))

    for user, role in [(bank, "pitcher"), (enterprise, "investor"), (university, "pitcher")]:
        with pytest.raises(ValidationError) as refused:
            services.register(session, user, event, role, codes)
        assert "role" in refused.value.fields

    assert services.register(session, bank, event, "investor", codes).role == ParticipantRole.INVESTOR
    assert services.register(session, enterprise, event, "pitcher", codes).role == ParticipantRole.PITCHER
    assert services.register(session, university, event, "attendee", codes).role == ParticipantRole.ATTENDEE


def test_the_registration_form_defaults_the_role_and_names_a_wrong_one(client, auth, session):
    event = EventFactory(kind=EventKind.FINANCING)
    bank = UserFactory(organisation=OrganisationFactory(kind=OrgKind.BANK))
    auth.login(bank)

    page = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert 'value="investor" selected' in page or 'selected value="investor"' in page

    response = auth.post(f"/events/{event.id}/register", {"role": "pitcher", "available_slots": ["s01"]})
    assert response.status_code == 422
    assert "融资路演的路演方须为有融资需求的企业" in response.get_data(as_text=True)


# -- privacy on the pages ----------------------------------------------------------------------------------------------

def test_the_organiser_plans_with_titles_and_amounts_and_others_see_only_the_public_agenda(client, auth, session):
    show = roadshow()
    event, need = show.event, show.needs["battery"]
    event.status = EventStatus.PUBLISHED
    auth.login(organiser_of(event))
    page = client.get(f"/events/{event.id}/programme").get_data(as_text=True)
    assert need.title in page and "600" in page
    assert f"/finance/needs/{need.id}" not in page  # the organiser may not open the private need itself
    assert need.purpose not in page

    response = auth.post(f"/events/{event.id}/programme", {
        "kind": "pitch", "title": need.title, "presenter": need.organisation.name, "financing_need_id": str(need.id),
        "starts_at": "2027-05-20T09:00", "ends_at": "2027-05-20T09:10"})
    assert response.status_code == 302
    item = db.session.scalar(select(AgendaItem).where(AgendaItem.event_id == event.id))
    assert item.financing_need_id == need.id

    auth.logout()
    public = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert need.title in public and need.organisation.name in public
    assert f"/finance/needs/{need.id}" not in public and need.purpose not in public

    auth.login(show.enterprises["battery"].user)
    own = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert f"/finance/needs/{need.id}" in own


@pytest.mark.parametrize("bad_id", ["99999999999999999999", "٣", "-1", "abc"])
def test_a_pitch_with_a_malformed_financing_need_id_goes_on_as_a_plain_pitch(client, auth, session, bad_id):
    show = roadshow()
    auth.login(organiser_of(show.event))

    response = auth.post(f"/events/{show.event.id}/programme", {
        "kind": "pitch", "title": "自由路演", "financing_need_id": bad_id,
        "starts_at": "2027-05-20T09:00", "ends_at": "2027-05-20T09:10"})

    assert response.status_code == 302
    item = db.session.scalar(select(AgendaItem).where(AgendaItem.event_id == show.event.id))
    assert item.financing_need_id is None


# -- other kinds ------------------------------------------------------------------------------------------------------

def test_other_kinds_of_event_neither_match_by_finance_nor_restrict_roles(session):
    show = roadshow()
    show.event.kind = EventKind.MATCHMAKING
    battery, ip_bank = show.enterprises["battery"], show.financiers["ip_bank"]

    assert services.affinity.pair_strength(session, engine(), battery, ip_bank) == 0
    assert all(s.offer is not None for s in services.suggest_pitches(session, engine(), show.event))
    bank = UserFactory(organisation=OrganisationFactory(kind=OrgKind.BANK))
    assert services.register(session, bank, show.event, "pitcher", ["s01"]).role == ParticipantRole.PITCHER


# -- demo ----------------------------------------------------------------------------------------------------------------

def test_the_demo_holds_a_published_financing_roadshow_with_financing_pitches_and_weighted_requests(session):
    from matchmaker.demo.load import load_demo

    load_demo(session)
    event = session.scalar(select(Event).where(Event.kind == EventKind.FINANCING))

    assert event is not None and event.status == EventStatus.PUBLISHED
    assert event.agenda and all(item.financing_need_id for item in event.agenda)
    requests = services.event_requests(session, event)
    assert requests and all(q.sender.organisation.kind == OrgKind.ENTERPRISE and q.match_score is not None
                            for q in requests)
    instance, _ = services.scheduling_instance(session, event)
    slot_code = {s.id: s.code for s in event.slots}
    rows = services.event_meetings(session, event)
    meetings = [ScheduledMeeting(f"q{m.request_id}", slot_code[m.slot_id], m.table) for m in rows]
    assert meetings
    assert validate(instance, Schedule(meetings, sum(services.request_weight(m.request) for m in rows))) == []
