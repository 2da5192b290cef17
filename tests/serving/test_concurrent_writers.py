"""Writers at the same moment: each one is answered, none with "database is locked".

These tests commit for real, from several threads at once, on the suite's database: a SQLite file (the embedded
default, where writers take turns on one lock) or PostgreSQL.
"""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import delete, func, insert, select

from matchmaker.extensions import db
from models import ApiToken, AuditEntry, Organisation, TechField, User
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.committing


def _wipe() -> None:
    for model in (AuditEntry, ApiToken, User, Organisation):
        db.session.execute(delete(model))
    db.session.commit()


@pytest.fixture
def accounts(app):
    """Eight committed users; everything the test made is removed afterwards."""
    with app.app_context():
        emails = [user.email for user in UserFactory.create_batch(8)]
        db.session.commit()
    yield emails
    with app.app_context():
        _wipe()


def _request_tokens_at_once(app, emails: list[str]) -> list[int]:
    """POST /api/v1/tokens for every email, each from its own thread, all released together; the statuses."""
    start = threading.Barrier(len(emails))
    statuses: list[int | None] = [None] * len(emails)

    def request_token(index: int) -> None:
        client = app.test_client()
        start.wait()
        response = client.post("/api/v1/tokens", json={"email": emails[index], "password": DEFAULT_PASSWORD})
        statuses[index] = response.status_code

    threads = [threading.Thread(target=request_token, args=(i,)) for i in range(len(emails))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return statuses


def _tokens_of(app, emails: list[str]) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(ApiToken).join(User).where(User.email.in_(emails)))


def test_two_simultaneous_token_requests_both_succeed_and_both_tokens_are_stored(app, accounts):
    statuses = _request_tokens_at_once(app, accounts[:2])

    assert statuses == [201, 201]
    assert _tokens_of(app, accounts[:2]) == 2


def test_eight_simultaneous_writers_all_succeed(app, accounts):
    statuses = _request_tokens_at_once(app, accounts)

    assert statuses == [201] * 8
    assert _tokens_of(app, accounts) == 8


def test_on_sqlite_a_page_is_served_while_another_connection_holds_the_write_lock(app):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("a database-wide write lock is SQLite's")
    answered: list[int] = []
    with db.engine.connect() as writer:
        writer.execute(insert(TechField).values(code="lock_holder", name_zh="占锁", name_en="Lock holder"))
        reader = threading.Thread(target=lambda: answered.append(app.test_client().get("/healthz").status_code))
        reader.start()
        reader.join(timeout=10)
        writer.rollback()

    assert answered == [200]
