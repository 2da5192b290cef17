"""Check real API responses against the live OpenAPI document: its path, method, status and JSON body schema."""
from __future__ import annotations

import re
from functools import lru_cache

from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

_TEMPLATE = re.compile(r"\{[^}]+\}")


class Document:
    """The OpenAPI document, ready to look up an operation by a concrete path."""

    def __init__(self, spec: dict):
        self.spec = spec
        self.registry = Registry().with_resource("urn:openapi", DRAFT202012.create_resource(spec))
        self.routes = [(re.compile("^" + _TEMPLATE.sub(r"[^/]+", path) + "$"), path) for path in spec["paths"]]

    def template(self, path: str) -> str | None:
        # A literal segment beats a parameter: /tokens/current is not /tokens/{token_id}.
        found = [template for pattern, template in self.routes if pattern.match(path)]
        return min(found, key=lambda t: t.count("{"), default=None)

    @lru_cache(maxsize=512)  # noqa: B019 (one document per test session)
    def validator(self, template: str, method: str, status: int) -> Draft202012Validator | None | str:
        """The body validator of a documented response; None when it has no JSON body; a message when undocumented."""
        operation = self.spec["paths"][template].get(method.lower())
        if operation is None:
            return f"{method} {template} is not documented"
        responses = operation.get("responses", {})
        response = responses.get(str(status)) or responses.get(f"{str(status)[0]}XX") or responses.get("default")
        if response is None:
            return f"{method} {template} does not document a {status} answer (documented: {sorted(responses)})"
        schema = response.get("content", {}).get("application/json", {}).get("schema")
        if schema is None:
            return None
        rooted = _rooted(schema)
        return Draft202012Validator(rooted, registry=self.registry)

    def problems(self, method: str, path: str, status: int, body) -> list[str]:
        """What in a response the document does not say; empty when it conforms."""
        template = self.template(path)
        if template is None:  # an unknown path is a 404, which needs no documenting
            return [] if status == 404 else [f"{path} is not documented"]
        if method.lower() not in self.spec["paths"][template] and status == 405:
            return []
        validator = self.validator(template, method, status)
        if isinstance(validator, str):
            return [validator]
        if validator is None:
            return []
        return [f"{method} {template} {status}: {error.json_path}: {error.message[:200]}"
                for error in validator.iter_errors(body)]


def _rooted(schema):
    """The schema with its component references pointing into the registered document."""
    if isinstance(schema, dict):
        return {key: ("urn:openapi" + value if key == "$ref" and value.startswith("#") else _rooted(value))
                for key, value in schema.items()}
    if isinstance(schema, list):
        return [_rooted(item) for item in schema]
    return schema
