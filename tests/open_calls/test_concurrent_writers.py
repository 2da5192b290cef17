"""Writers to one call at the same moment take turns: the second sees the first and is refused, never a 5xx.

These tests commit for real, from several threads at once, on the suite's database (SQLite or PostgreSQL).
"""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from matchmaker.auth.services import issue_token
from matchmaker.extensions import db
from matchmaker.open_calls import proposals, review
from models import Case, Proposal
from tests.browser.conftest import wipe_database
from tests.factories import OpenCallFactory, OrganisationFactory, UserFactory
from tests.open_calls.conftest import proposal_body

pytestmark = pytest.mark.committing


@pytest.fixture
def wiped(app):
    yield
    wipe_database(app)


def _at_once(app, requests: list[tuple[str, str, dict, str]]) -> list[int]:
    """(method, path, json, token) each from its own thread, released together; the statuses."""
    start = threading.Barrier(len(requests))
    statuses: list[int | None] = [None] * len(requests)

    def send(index: int) -> None:
        method, path, body, token = requests[index]
        client = app.test_client()
        start.wait()
        statuses[index] = client.open(path, method=method, json=body,
                                      headers={"Authorization": f"Bearer {token}"}).status_code

    threads = [threading.Thread(target=send, args=(i,)) for i in range(len(requests))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return statuses


def test_two_members_sending_their_organisations_proposal_at_once_make_one(app, wiped):
    with app.app_context():
        call = OpenCallFactory()
        university = OrganisationFactory(name="并发大学")
        tokens = [issue_token(db.session, UserFactory(organisation=university)).token for _ in range(2)]
        call_id = call.id
        db.session.commit()

    statuses = _at_once(app, [("POST", f"/api/v1/open-calls/{call_id}/proposals", proposal_body(), token)
                              for token in tokens])

    assert sorted(statuses) == [201, 409]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Proposal)) == 1


def test_two_awards_at_once_open_one_case(app, wiped):
    with app.app_context():
        call = OpenCallFactory()
        owners = [UserFactory(organisation=call.need.organisation) for _ in range(2)]
        applicant = UserFactory(organisation=OrganisationFactory(name="定榜大学"))
        expert = UserFactory(expert=True, organisation=OrganisationFactory(name="评审单位"))
        proposal = proposals.submit_proposal(db.session, applicant, call, proposal_body())
        review.assign_experts(db.session, owners[0], call, [expert.id])
        review.declare(db.session, expert, call, False)
        call.status = call.status.REVIEWING
        review.score(db.session, expert, call, proposal.id, {c["name"]: 80 for c in call.criteria}, "")
        tokens = [issue_token(db.session, owner).token for owner in owners]
        call_id, proposal_id = call.id, proposal.id
        db.session.commit()

    body = {"proposal_ids": [proposal_id], "reason": "唯一的方案"}
    statuses = _at_once(app, [("POST", f"/api/v1/open-calls/{call_id}/award", body, token) for token in tokens])

    assert sorted(statuses) == [200, 409]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Case)) == 1
