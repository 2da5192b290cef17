"""Abuse limits: password spraying, lock-out of the real owner, equal timing for unknown e-mails, and per-client and
per-user limits on registrations, tokens and interests."""
from __future__ import annotations

import statistics
import time

from matchmaker.auth import services, throttle
from matchmaker.extensions import db
from models.choices import OrgKind
from tests import factories
from tests.api.conftest import assert_error, persist

ATTACKER = {"REMOTE_ADDR": "203.0.113.7"}
OWNER = {"REMOTE_ADDR": "198.51.100.20"}


def _allowed(limit: str) -> int:
    return int(limit.split()[0])


def _token_request(client, email: str, password: str, environ: dict):
    return client.post("/api/v1/tokens", json={"email": email, "password": password}, environ_base=environ)


def test_twenty_wrong_passwords_against_twenty_accounts_from_one_client_draw_429(client):
    users = factories.UserFactory.create_batch(20)
    persist()

    statuses = [_token_request(client, u.email, "wrong password", ATTACKER).status_code for u in users]

    assert statuses[:_allowed(throttle.FAILED_LOGINS_PER_CLIENT)] == [401] * 15
    assert set(statuses[15:]) == {429}


def test_the_owner_of_an_attacked_account_still_logs_in_from_another_client(client):
    owner = factories.UserFactory()
    persist()
    for _ in range(_allowed(throttle.FAILED_LOGIN_LIMIT) + 2):
        _token_request(client, owner.email, "wrong password", ATTACKER)
    assert_error(_token_request(client, owner.email, factories.DEFAULT_PASSWORD, ATTACKER), 429)

    assert _token_request(client, owner.email, factories.DEFAULT_PASSWORD, OWNER).status_code == 201


def _median_seconds(*checks, runs: int = 15) -> list[float]:
    """Each check's median wall time; the checks take turns, so a change in the machine's load meets them alike."""
    samples: list[list[float]] = [[] for _ in checks]
    for _ in range(runs):
        for check, times in zip(checks, samples):
            started = time.perf_counter()
            check()
            times.append(time.perf_counter() - started)
    return [statistics.median(times) for times in samples]


def test_an_unknown_email_takes_as_long_as_a_wrong_password(session):
    known = factories.UserFactory()
    session.flush()

    wrong_password, unknown_email = _median_seconds(
        lambda: services.authenticate(db.session, known.email, "wrong password"),
        lambda: services.authenticate(db.session, "nobody@example.cn", "wrong password"))

    assert 0.8 <= unknown_email / wrong_password <= 1.2


def test_registrations_are_limited_per_client(client):
    def register(n: int, environ: dict):
        body = {"email": f"new{n}@example.cn", "password": "s3cure-pass-123", "display_name": "新用户",
                "organisation": {"name": f"新机构{n}", "kind": "enterprise", "province": "山西省", "city": "太原市"}}
        return client.post("/api/v1/accounts", json=body, environ_base=environ)

    allowed = _allowed(throttle.REGISTRATIONS_PER_CLIENT)
    assert [register(n, ATTACKER).status_code for n in range(allowed)] == [201] * allowed

    assert_error(register(allowed, ATTACKER), 429, "too_many_requests")
    assert register(allowed + 1, OWNER).status_code == 201


def test_tokens_are_limited_per_account_whatever_the_client(client):
    user = factories.UserFactory()
    persist()
    per_account = _allowed(throttle.TOKENS[1])
    for n in range(per_account):
        address = {"REMOTE_ADDR": f"192.0.2.{n + 1}"}
        assert _token_request(client, user.email, factories.DEFAULT_PASSWORD, address).status_code == 201

    assert_error(_token_request(client, user.email, factories.DEFAULT_PASSWORD, OWNER), 429)


def test_interests_are_limited_per_user_whatever_the_client(client, api_token):
    enterprise = factories.UserFactory(organisation=factories.OrganisationFactory(kind=OrgKind.ENTERPRISE))
    offers = factories.OfferFactory.create_batch(_allowed(throttle.INTERESTS[1]) + 1)
    headers = api_token(enterprise)
    persist()

    def interest(offer, n: int):
        return client.post(f"/api/v1/offers/{offer.id}/interests", json={"message": "希望进一步了解。"},
                           headers=headers, environ_base={"REMOTE_ADDR": f"192.0.2.{n % 200 + 1}"})

    statuses = [interest(offer, n).status_code for n, offer in enumerate(offers)]

    assert set(statuses[:-1]) == {201}
    assert statuses[-1] == 429
