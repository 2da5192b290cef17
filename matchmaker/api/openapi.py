"""The OpenAPI 3.1 description of API v1, written by hand and served at /api/v1/openapi.json."""
from __future__ import annotations

from flask import jsonify

from matchmaker.api import bp
from models.choices import (
    PROVINCES,
    CooperationMode,
    IPStatus,
    Maturity,
    OrgKind,
    OrgRole,
    PostingStatus,
    TransferMode,
)


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _enum(cls) -> dict:
    return {"type": "string", "enum": [member.value for member in cls]}


def _nullable(schema: dict) -> dict:
    return {"anyOf": [schema, {"type": "null"}]}


def _json(schema: dict) -> dict:
    return {"content": {"application/json": {"schema": schema}}}


def _error(description: str) -> dict:
    return {"description": description, **_json(_ref("Error"))}


def _ok(description: str, schema: dict) -> dict:
    return {"description": description, **_json(schema)}


STRING = {"type": "string"}
NUMBER = {"type": "number"}
STRINGS = {"type": "array", "items": STRING}
TIMESTAMP = {"type": "string", "format": "date-time"}
BEARER = [{"bearerAuth": []}]

ERRORS = {
    "400": _error("The body is not a JSON object."),
    "401": _error("No valid bearer token."),
    "403": _error("The caller may not do this."),
    "404": _error("No such resource, or the caller may not see it."),
    "413": _error("The body is larger than 1 MB."),
    "422": _error("Invalid input; `error.fields` names each offending field."),
}


def _errors(*codes: str) -> dict:
    return {code: ERRORS[code] for code in codes}


ORGANISATION_INPUT = {
    "type": "object",
    "required": ["name", "kind", "province", "city"],
    "properties": {
        "name": {"type": "string", "maxLength": 200},
        "kind": _enum(OrgKind),
        "province": {"type": "string", "enum": PROVINCES},
        "city": {"type": "string", "maxLength": 50},
        "credit_code": {"type": "string", "description": "统一社会信用代码 (GB 32100-2015), 18 characters."},
        "description": {"type": "string", "maxLength": 5000},
        "website": {"type": "string", "format": "uri"},
    },
}

POSTING_INPUT_COMMON = {
    "title": {"type": "string", "maxLength": 200},
    "description": {"type": "string", "minLength": 10, "maxLength": 20000},
    "field": {"type": "string", "description": "A field code, or its Chinese name."},
    "keywords": {"type": "array", "items": STRING, "maxItems": 20},
    "region": {"type": "string", "enum": PROVINCES},
    "status": {"type": "string", "enum": ["draft"], "description": "On create: keep it a draft instead of submitting."},
}

OFFER_ONLY_INPUT = {
    "maturity": _enum(Maturity),
    "ip_status": _enum(IPStatus),
    "patent_numbers": STRINGS,
    "transfer_modes": {"type": "array", "items": _enum(TransferMode), "minItems": 1},
    "asking_price_wan": _nullable(NUMBER),
    "price_negotiable": {"type": "boolean"},
    "contact_name": STRING,
    "contact_phone": STRING,
    "contact_email": {"type": "string", "format": "email"},
}

NEED_ONLY_INPUT = {
    "budget_min_wan": _nullable(NUMBER),
    "budget_max_wan": _nullable(NUMBER),
    "deadline": _nullable({"type": "string", "format": "date"}),
    "cooperation_modes": {"type": "array", "items": _enum(CooperationMode), "minItems": 1},
    "maturity_required": _nullable(_enum(Maturity)),
}

POSTING_COMMON = {
    "id": {"type": "integer"},
    "kind": {"type": "string", "enum": ["offer", "need"]},
    "title": STRING,
    "description": STRING,
    "field": _ref("Field"),
    "keywords": STRINGS,
    "region": STRING,
    "status": _enum(PostingStatus),
    "organisation": {
        "type": "object",
        "properties": {"id": {"type": "integer"}, "name": STRING, "kind": _enum(OrgKind)},
    },
    "created_at": TIMESTAMP,
    "updated_at": TIMESTAMP,
    "published_at": _nullable(TIMESTAMP),
}

SCHEMAS = {
    "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "required": ["code", "message", "fields"],
                "properties": {
                    "code": STRING,
                    "message": STRING,
                    "fields": {"type": "object", "additionalProperties": STRING},
                },
            }
        },
    },
    "AccountInput": {
        "type": "object",
        "required": ["email", "password", "display_name"],
        "description": "Either `organisation` (found one, as its owner) or `invite_code` (join one).",
        "properties": {
            "email": {"type": "string", "format": "email"},
            "password": {"type": "string", "minLength": 8, "maxLength": 128},
            "display_name": {"type": "string", "maxLength": 100},
            "phone": STRING,
            "invite_code": STRING,
            "organisation": _ref("OrganisationInput"),
        },
    },
    "OrganisationInput": ORGANISATION_INPUT,
    "User": {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "email": STRING,
            "display_name": STRING,
            "organisation_id": _nullable({"type": "integer"}),
            "org_role": _enum(OrgRole),
            "roles": {"type": "array", "items": {"type": "string", "enum": ["broker", "organiser", "admin"]}},
        },
    },
    "Organisation": {
        "type": "object",
        "properties": {
            **ORGANISATION_INPUT["properties"],
            "id": {"type": "integer"},
            "credit_code": _nullable(STRING),
            "website": _nullable(STRING),
            "verified": {"type": "boolean"},
            "verified_at": _nullable(TIMESTAMP),
            "created_at": TIMESTAMP,
        },
    },
    "Account": {
        "type": "object",
        "properties": {"user": _ref("User"), "organisation": _ref("Organisation")},
    },
    "TokenInput": {
        "type": "object",
        "required": ["email", "password"],
        "properties": {"email": {"type": "string", "format": "email"}, "password": STRING},
    },
    "Token": {"type": "object", "properties": {"token": STRING, "expires_at": TIMESTAMP}},
    "Verification": {
        "type": "object",
        "properties": {"organisation": _ref("Organisation"), "published_postings": {"type": "integer"}},
    },
    "Field": {"type": "object", "properties": {"code": STRING, "name_zh": STRING, "name_en": STRING}},
    "OfferInput": {
        "type": "object",
        "required": ["title", "description", "field", "region", "maturity", "transfer_modes"],
        "description": "Either `asking_price_wan` or `price_negotiable: true`. On PATCH every key is optional.",
        "properties": {**POSTING_INPUT_COMMON, **OFFER_ONLY_INPUT},
    },
    "NeedInput": {
        "type": "object",
        "required": ["title", "description", "field", "region", "cooperation_modes"],
        "description": "On PATCH every key is optional.",
        "properties": {**POSTING_INPUT_COMMON, **NEED_ONLY_INPUT},
    },
    "Offer": {
        "type": "object",
        "description": "contact_* appear only for the offering organisation and admins.",
        "properties": {**POSTING_COMMON, **OFFER_ONLY_INPUT},
    },
    "Need": {"type": "object", "properties": {**POSTING_COMMON, **NEED_ONLY_INPUT}},
}


def _page_schema(item: str) -> dict:
    return {
        "type": "object",
        "properties": {
            "items": {"type": "array", "items": _ref(item)},
            "page": {"type": "integer"},
            "pages": {"type": "integer"},
            "total": {"type": "integer"},
        },
    }


def _query(name: str, description: str, schema: dict | None = None) -> dict:
    return {"name": name, "in": "query", "required": False, "description": description, "schema": schema or STRING}


MATCH_EXPLANATION = {
    "type": "object",
    "properties": {
        "shared_terms": {**STRINGS, "description": "Key terms in both texts; '激光 / laser' across languages."},
        "field_match": _nullable({"type": "boolean"}),
        "scores": {
            "type": "object",
            "properties": {name: NUMBER for name in ("dense", "lexical", "bridge", "fused")},
            "description": "dense: cosine; lexical: BM25 on Chinese-aware terms; bridge: BM25 through the "
            "CC-CEDICT bilingual lexicon; fused: the ranking score (see README, Matching).",
        },
        "rules": {"type": "array", "items": {"type": "object", "properties": {
            "rule": {"type": "string", "enum": ["same_field", "maturity", "budget"]},
            "passed": {"type": "boolean"}}}},
    },
}


def _matches_schema(key: str, model: str) -> dict:
    return {"type": "object", "properties": {"items": {"type": "array", "items": {
        "type": "object",
        "properties": {key: _ref(model), "score": NUMBER, "explanation": MATCH_EXPLANATION},
    }}}}


def _matches_path(kind: str, plural: str) -> dict:
    other = "offer" if kind == "need" else "need"
    return {
        f"/api/v1/{plural}/{{posting_id}}/matches": {
            "get": {
                "operationId": f"{kind}_matches",
                "summary": f"The {other}s that best match this {kind}, best first, with explanations.",
                "security": [{}, *BEARER],
                "parameters": [
                    {"name": "posting_id", "in": "path", "required": True, "schema": {"type": "integer"}},
                    _query("limit", "How many, 1–100 (default 20).", {"type": "integer", "minimum": 1, "maximum": 100}),
                    _query("field", "Only this field code."),
                    _query("region", "Only this province."),
                ],
                "responses": {
                    "200": _ok("Ranked matches.", _matches_schema(other, other.capitalize())),
                    **_errors("401", "404", "422"),
                },
            }
        }
    }


def _posting_paths(kind: str, plural: str) -> dict:
    """The four operations of one kind; offers and needs share their shape."""
    model, body = kind.capitalize(), f"{kind.capitalize()}Input"
    id_param = {"name": "posting_id", "in": "path", "required": True, "schema": {"type": "integer"}}
    return {
        f"/api/v1/{plural}": {
            "get": {
                "operationId": f"list_{plural}",
                "summary": f"Search the {plural} the caller may see, newest first, 20 per page.",
                "security": [{}, *BEARER],
                "parameters": [
                    _query("q", "Words that must all appear in title, description or keywords."),
                    _query("field", "A field code."),
                    _query("region", "A province."),
                    _query("maturity", "A maturity code."),
                    _query("org_kind", "An organisation kind."),
                    _query("page", "Page number, from 1.", {"type": "integer", "minimum": 1}),
                ],
                "responses": {"200": _ok(f"One page of {plural}.", _page_schema(model)), **_errors("401")},
            },
            "post": {
                "operationId": f"create_{kind}",
                "summary": f"Create a {kind}: published if the organisation is verified, else pending.",
                "security": BEARER,
                "requestBody": {"required": True, **_json(_ref(body))},
                "responses": {
                    "201": _ok(f"The new {kind}.", _ref(model)),
                    **_errors("400", "401", "403", "413", "422"),
                },
            },
        },
        f"/api/v1/{plural}/{{posting_id}}": {
            "parameters": [id_param],
            "get": {
                "operationId": f"get_{kind}",
                "summary": f"One {kind}.",
                "security": [{}, *BEARER],
                "responses": {"200": _ok(f"The {kind}.", _ref(model)), **_errors("401", "404")},
            },
            "patch": {
                "operationId": f"update_{kind}",
                "summary": f"Change some fields of one of your organisation's {plural}.",
                "security": BEARER,
                "requestBody": {"required": True, **_json(_ref(body))},
                "responses": {
                    "200": _ok(f"The updated {kind}.", _ref(model)),
                    **_errors("400", "401", "403", "404", "413", "422"),
                },
            },
        },
    }


SPEC = {
    "openapi": "3.1.0",
    "info": {
        "title": "Matchmaker API",
        "version": "1.0.0",
        "description": "Technology offers and needs of a regional technology market. Errors always have the "
        "`Error` shape.",
    },
    "servers": [{"url": "/"}],
    "paths": {
        "/api/v1/openapi.json": {
            "get": {
                "operationId": "openapi",
                "summary": "This document.",
                "security": [{}],
                "responses": {"200": _ok("The OpenAPI document.", {"type": "object"})},
            }
        },
        "/api/v1/accounts": {
            "post": {
                "operationId": "create_account",
                "summary": "Register, founding an organisation or joining one with an invitation code.",
                "security": [{}],
                "requestBody": {"required": True, **_json(_ref("AccountInput"))},
                "responses": {"201": _ok("The new account.", _ref("Account")), **_errors("400", "413", "422")},
            }
        },
        "/api/v1/tokens": {
            "post": {
                "operationId": "create_token",
                "summary": "Exchange email and password for a bearer token (valid 30 days).",
                "security": [{}],
                "requestBody": {"required": True, **_json(_ref("TokenInput"))},
                "responses": {"201": _ok("A new token.", _ref("Token")), **_errors("400", "401", "413", "422")},
            }
        },
        "/api/v1/admin/organisations/{org_id}/verification": {
            "post": {
                "operationId": "verify_organisation",
                "summary": "Verify an organisation and publish its pending postings (admins only).",
                "security": BEARER,
                "parameters": [{"name": "org_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
                "responses": {
                    "200": _ok("The verified organisation.", _ref("Verification")),
                    **_errors("401", "403", "404"),
                },
            }
        },
        **_posting_paths("offer", "offers"),
        **_posting_paths("need", "needs"),
        **_matches_path("need", "needs"),
        **_matches_path("offer", "offers"),
        "/api/v1/search": {
            "get": {
                "operationId": "search",
                "summary": "Rank offers or needs for free text with the matching engine (both languages).",
                "security": [{}, *BEARER],
                "parameters": [
                    {"name": "q", "in": "query", "required": True, "schema": STRING},
                    _query("type", "offer (default) or need.", {"type": "string", "enum": ["offer", "need"]}),
                    _query("limit", "How many, 1–100 (default 20).", {"type": "integer", "minimum": 1, "maximum": 100}),
                    _query("field", "Only this field code."),
                    _query("region", "Only this province."),
                ],
                "responses": {
                    "200": _ok("Ranked postings; each item's key is its type.", {"type": "object"}),
                    **_errors("401", "422"),
                },
            }
        },
    },
    "components": {
        "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}},
        "schemas": SCHEMAS,
    },
}


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI document of this API."""
    return jsonify(SPEC)
