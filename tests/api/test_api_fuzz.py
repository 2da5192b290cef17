"""A bounded schemathesis run over every operation of the live OpenAPI document, as a verified organisation's
owner: no input draws a 5xx, and every error answer is the JSON error shape."""
from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error, response_schema_conformance

from tests import factories
from tests.api.conftest import persist

# Half of them valid by the document, half broken on purpose (schemathesis' negative mode).
EXAMPLES_PER_OPERATION = 24


@pytest.fixture
def live_schema(app):
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


@pytest.fixture
def verified_owner_headers(api_token):
    """A fresh token of one verified organisation's owner for each operation: some operations revoke tokens."""
    owner = factories.UserFactory()  # the factory's organisation is verified
    persist()

    def fresh() -> dict:
        headers = api_token(owner)
        persist()
        return headers

    return fresh


def json_error_shape(ctx, response, case):
    """Every 4xx of the API is {"error": {"code", "message", "fields"}}."""
    if response.status_code < 400:
        return None
    body = response.json()
    error = body.get("error") if isinstance(body, dict) else None
    if set(body) != {"error"} or not isinstance(error, dict) or set(error) != {"code", "message", "fields"}:
        raise AssertionError(f"{response.status_code} is not the JSON error shape: {response.text[:200]}")
    if not isinstance(error["message"], str) or not error["message"] or not isinstance(error["fields"], dict):
        raise AssertionError(f"malformed error: {response.text[:200]}")
    return None


def _fuzz(operation, headers) -> None:
    cases = st.one_of(operation.as_strategy(GenerationMode.POSITIVE), operation.as_strategy(GenerationMode.NEGATIVE))

    @given(case=cases)
    @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck), phases=[Phase.generate])
    def run(case):
        case.call_and_validate(headers=headers, checks=[not_a_server_error, json_error_shape, response_schema_conformance])

    run()


def test_no_input_draws_a_server_error_and_errors_keep_their_shape(live_schema, verified_owner_headers):
    failures, tested = [], 0
    for result in live_schema.get_all_operations():
        operation = result.ok()
        tested += 1
        try:
            _fuzz(operation, verified_owner_headers())
        except Exception as exc:  # noqa: BLE001 (every operation is tried; all failures are reported together)
            failures.append(f"{operation.method.upper()} {operation.path}: {str(exc)[:600]}")

    # schemathesis leaves out the operation that serves the document itself
    documented = sum(1 for path, item in live_schema.raw_schema["paths"].items() for method in item
                     if method in ("get", "post", "put", "patch", "delete") and path != "/api/v1/openapi.json")
    assert tested == documented > 50
    assert not failures, "\n\n".join(failures)
