"""The demo's expert pool: a handful of researchers of its universities and institutes, across the market's fields."""
from sqlalchemy import select

from matchmaker.auth.services import authenticate
from matchmaker.demo.experts import EXPERTS
from matchmaker.demo.generate import DEMO_PASSWORD
from matchmaker.demo.load import load_demo
from matchmaker.experts.services import experts_for_fields
from models import ExpertProfile, User
from models.choices import OrgKind


def _experts(session) -> list[User]:
    return list(session.scalars(select(User).where(User.is_expert.is_(True)).order_by(User.id)))


def test_the_demo_has_five_to_eight_experts_at_its_universities_and_institutes(session):
    counts = load_demo(session)

    experts = _experts(session)
    assert 5 <= len(experts) <= 8 and counts["experts"] == len(experts)
    assert all(e.active and e.organisation.kind in (OrgKind.UNIVERSITY, OrgKind.INSTITUTE) for e in experts)


def test_each_demo_expert_has_fields_and_an_affiliation_at_their_organisation(session):
    load_demo(session)

    for expert in _experts(session):
        profile = session.get(ExpertProfile, expert.id)
        assert profile.fields and profile.affiliation.startswith(expert.organisation.name), expert.display_name


def test_the_demo_experts_cover_most_of_the_markets_fields(session):
    load_demo(session)

    covered = {code for expert in EXPERTS for code in expert.fields}
    assert len(covered) >= 8
    suggested = experts_for_fields(session, ["new_energy_battery", "energy_saving"], limit=3)
    assert suggested[0].shared_fields == ["new_energy_battery", "energy_saving"]


def test_a_demo_expert_logs_in_with_the_demo_password(session):
    load_demo(session)
    assert authenticate(session, EXPERTS[0].email, DEMO_PASSWORD).is_expert
