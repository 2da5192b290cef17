"""A bounded schemathesis run over the open-call operations, on a real call in review (the general fuzz run only
meets unknown ids): as its owner, its assigned expert and an applicant, no input draws a 5xx and every error keeps
the JSON error shape."""
from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from tests.api.conftest import persist
from tests.api.test_api_fuzz import json_error_shape

EXAMPLES_PER_OPERATION = 12


def _fuzz(operation, headers, ids: dict) -> None:
    cases = st.one_of(operation.as_strategy(GenerationMode.POSITIVE), operation.as_strategy(GenerationMode.NEGATIVE))

    @given(case=cases)
    @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck), phases=[Phase.generate])
    def run(case):
        # Real ids, so the input reaches the services instead of stopping at a 404.
        case.path_parameters = {**(case.path_parameters or {}), **{k: v for k, v in ids.items()
                                                                   if k in (case.path_parameters or {})}}
        case.call_and_validate(headers=headers, checks=[not_a_server_error, json_error_shape])

    run()


@pytest.mark.parametrize("actor", ["owner", "assigned_expert", "applicant_a"])
def test_open_call_operations_on_a_real_call_never_draw_a_server_error(app, api_token, world, actor):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    ids = {"call_id": world.scene.call.id, "proposal_id": world.a.id, "attachment_id": world.attachment.id,
           "milestone_id": world.scene.call.milestones[0].id}
    headers = api_token(world.user(actor))
    persist()
    failures, tested = [], 0
    for result in schema.get_all_operations():
        operation = result.ok()
        if not operation.path.startswith("/api/v1/open-calls/{call_id}"):
            continue
        tested += 1
        try:
            _fuzz(operation, headers, ids)
        except Exception as exc:  # noqa: BLE001 (every operation is tried; all failures are reported together)
            failures.append(f"{operation.method.upper()} {operation.path}: {str(exc)[:600]}")

    assert tested >= 15
    assert not failures, "\n\n".join(failures)
