"""A bounded schemathesis run over the finance operations on a real product and need, as the enterprise, the
matching bank and an outsider: no input draws a 5xx and every error keeps the JSON error shape."""
from __future__ import annotations

import pytest
import schemathesis

from tests.api.conftest import persist
from tests.open_calls.test_fuzz import _fuzz


@pytest.mark.parametrize("actor", ["owner", "matching_bank", "other_enterprise"])
def test_finance_operations_never_draw_a_server_error(app, api_token, market, actor):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    ids = {"product_id": market.product.id, "need_id": market.need.id}
    headers = api_token(market.user(actor))
    persist()
    failures, tested = [], 0
    for result in schema.get_all_operations():
        operation = result.ok()
        if not operation.path.startswith(("/api/v1/financial-products", "/api/v1/financing-needs")):
            continue
        tested += 1
        try:
            _fuzz(operation, headers, ids)
        except Exception as exc:  # noqa: BLE001 (every operation is tried; all failures are reported together)
            failures.append(f"{operation.method.upper()} {operation.path}: {str(exc)[:600]}")

    assert tested >= 14
    assert not failures, "\n\n".join(failures)
