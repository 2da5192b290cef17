"""Writers to one financing need at the same moment take turns: the second sees the first and is refused with a
409, never a 5xx. These tests commit for real, from two threads, on the suite's database (SQLite or PostgreSQL)."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from matchmaker.auth.services import issue_token
from matchmaker.extensions import db
from models import Case, FinancingDecision
from tests.browser.conftest import wipe_database
from tests.factories import FinancialProductFactory, FinancingNeedFactory, UserFactory
from tests.open_calls.test_concurrent_writers import _at_once

pytestmark = pytest.mark.committing


@pytest.fixture
def wiped(app):
    yield
    wipe_database(app)


def _pair(app) -> tuple[int, int, list[str]]:
    with app.app_context():
        product = FinancialProductFactory()
        need = FinancingNeedFactory()
        tokens = [issue_token(db.session, UserFactory(organisation=product.organisation)).token for _ in range(2)]
        ids = need.id, product.id
        db.session.commit()
    return *ids, tokens


def test_two_bankers_taking_a_need_up_at_once_open_one_case(app, wiped):
    need_id, product_id, tokens = _pair(app)

    statuses = _at_once(app, [("POST", f"/api/v1/financing-needs/{need_id}/interest", {"product_id": product_id}, t)
                              for t in tokens])

    assert sorted(statuses) == [201, 409]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Case)) == 1


def test_two_decisions_at_once_record_one(app, wiped):
    need_id, product_id, tokens = _pair(app)
    body = {"product_id": product_id, "outcome": "approved", "amount_wan": 100}

    statuses = _at_once(app, [("POST", f"/api/v1/financing-needs/{need_id}/decisions", body, t) for t in tokens])

    assert sorted(statuses) == [201, 409]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(FinancingDecision)) == 1
