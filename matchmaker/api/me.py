"""The caller's own account: GET and PATCH /api/v1/me (display name, phone, language)."""
from __future__ import annotations

from flask import g, jsonify

from matchmaker.account import services
from matchmaker.account.forms import AccountForm
from matchmaker.api import bp
from matchmaker.api.auth import token_required
from matchmaker.api.common import json_body, validate
from matchmaker.api.form_schema import form_schema
from matchmaker.api.serializers import user_json
from matchmaker.extensions import db
from matchmaker.forms import api_form
from matchmaker.i18n import SUPPORTED_LOCALES


@bp.get("/me")
@token_required
def get_me():
    """The caller's account."""
    return jsonify(user_json(g.api_user))


@bp.patch("/me")
@token_required
def update_me():
    """Change some of the caller's display name, phone and language; absent keys keep their values."""
    body = json_body()
    form = api_form(AccountForm, {**services.account_values(g.api_user), **body})
    validate((form, ""))
    services.update_account(db.session, g.api_user, form.data)
    return jsonify(user_json(g.api_user))


def _me_input() -> dict:
    """The account form's schema with every key optional, as PATCH keeps what is left out."""
    schema = form_schema(AccountForm, enums={"locale": list(SUPPORTED_LOCALES)},
                         description="Every key is optional; absent keys keep their values.",
                         extra={"locale": {"description": "The language the caller's notifications and e-mail are "
                                                          "written in."}})
    schema.pop("required", None)
    return schema


OPENAPI_SCHEMAS = {"MeInput": _me_input()}

OPENAPI_PATHS = {
    "/api/v1/me": {
        "get": {
            "operationId": "get_me",
            "summary": "The caller's own account, with phone and language.",
            "security": [{"bearerAuth": []}],
            "responses": {
                "200": {"description": "The caller.",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/User"}}}},
                "401": {"description": "No valid bearer token.",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
            },
        },
        "patch": {
            "operationId": "update_me",
            "summary": "Change the caller's display name, phone or language (zh, en).",
            "security": [{"bearerAuth": []}],
            "requestBody": {"required": True,
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/MeInput"}}}},
            "responses": {
                "200": {"description": "The caller, changed.",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/User"}}}},
                **{code: {"description": description,
                          "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
                   for code, description in (("400", "The body is not a JSON object."),
                                             ("401", "No valid bearer token."),
                                             ("413", "The body is larger than 1 MB."),
                                             ("422", "Invalid input; `error.fields` names each offending field."))},
            },
        },
    },
}
