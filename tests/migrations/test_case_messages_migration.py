"""Revision 0009 (case messages) copies the interests brokers already took up into their cases' threads."""
from __future__ import annotations

import pytest
from sqlalchemy import MetaData, Table, select, text
from sqlalchemy.orm import Session

from matchmaker import migrate
from matchmaker.db import make_engine
from models import Interest, TechField, utcnow
from models.choices import CaseStage, OrgKind
from tests.conftest import own_database
from tests.factories import NeedFactory, OfferFactory, OrganisationFactory

BEFORE = "08192a3b4c5d"  # 0008, the revision before case messages


@pytest.fixture
def empty_database_url(tmp_path):
    """A database of its own (SQLite, or PostgreSQL when DATABASE_URL says so), to migrate step by step."""
    with own_database(tmp_path / "before-case-messages.db") as url:
        yield url


def _user(session: Session, name: str, broker: bool = False) -> int:
    """A user as the users table stood at 0008: written through the reflected table, since the model has columns
    added by later revisions (the expert role) that the ORM would insert and read back."""
    users = Table("users", MetaData(), autoload_with=session.connection())
    now = utcnow()
    return session.execute(users.insert().values(
        email=f"{name}@example.cn", password_hash="-", display_name=name, org_role="member", is_broker=broker,
        is_organiser=False, is_admin=False, active=True, session_version=0, locale="zh", created_at=now,
        updated_at=now).returning(users.c.id)).scalar_one()


def _case(session: Session, offer_id: int, need_id: int, broker_id: int) -> int:
    """A contacted case as the cases table stood at 0008 (later revisions add the financing columns)."""
    cases = Table("cases", MetaData(), autoload_with=session.connection())
    now = utcnow()
    return session.execute(cases.insert().values(
        offer_id=offer_id, need_id=need_id, broker_id=broker_id, stage=CaseStage.CONTACTED.value, source="broker",
        created_at=now, updated_at=now).returning(cases.c.id)).scalar_one()


def test_upgrading_makes_each_claimed_interest_the_first_message_of_its_sides_thread(empty_database_url):
    migrate.upgrade(empty_database_url, BEFORE)
    engine = make_engine(empty_database_url)
    with Session(engine) as session:
        field = session.scalar(select(TechField).limit(1))
        university = OrganisationFactory.build(kind=OrgKind.UNIVERSITY)
        enterprise = OrganisationFactory.build(kind=OrgKind.ENTERPRISE)
        offer = OfferFactory.build(organisation=university, field=field)
        need = NeedFactory.build(organisation=enterprise, field=field)
        engineer_id, professor_id = _user(session, "engineer"), _user(session, "professor")
        unclaimed_offer = OfferFactory.build(organisation=university, field=field)
        session.add_all([offer, need, unclaimed_offer])
        session.flush()
        case_id = _case(session, offer.id, need.id, _user(session, "broker", broker=True))
        interests = [
            Interest(user_id=engineer_id, organisation=enterprise, offer=offer, message="希望了解授权条件。",
                     case_id=case_id),
            Interest(user_id=professor_id, organisation=university, need=need, offer=offer, message="我校可以承接。",
                     case_id=case_id),
            Interest(user_id=engineer_id, organisation=enterprise, offer=unclaimed_offer, message="尚无人认领。"),
        ]
        session.add_all(interests)
        session.commit()
        ids = [i.id for i in interests]

    migrate.upgrade(empty_database_url)

    with engine.connect() as conn:
        rows = conn.execute(text("SELECT case_id, thread, from_broker, author_id, interest_id, body "
                                 "FROM case_messages ORDER BY interest_id")).all()
    engine.dispose()
    assert [tuple(row) for row in rows] == [
        (case_id, "demand", False, engineer_id, ids[0], "希望了解授权条件。"),
        (case_id, "offer", False, professor_id, ids[1], "我校可以承接。"),
    ]
