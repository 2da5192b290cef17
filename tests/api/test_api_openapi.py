"""GET /api/v1/openapi.json."""
from __future__ import annotations

import re

from openapi_spec_validator import validate


def test_the_document_is_valid_openapi_3_1(client):
    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    spec = response.get_json()
    assert spec["openapi"].startswith("3.1")
    validate(spec)


def test_every_api_route_and_method_is_documented(app, client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]

    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1"):
            continue
        path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule)
        assert path in paths, path
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert method.lower() in paths[path], f"{method} {path}"


def test_the_document_names_the_bearer_scheme_and_error_shape(client):
    spec = client.get("/api/v1/openapi.json").get_json()

    assert spec["components"]["securitySchemes"]["bearerAuth"] == {"type": "http", "scheme": "bearer"}
    error = spec["components"]["schemas"]["Error"]["properties"]["error"]
    assert set(error["required"]) == {"code", "message", "fields"}
