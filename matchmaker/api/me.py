"""The caller's own account: GET and PATCH /api/v1/me (display name, phone, language), and an expert's profile:
GET and PUT /api/v1/me/expert-profile (fields and affiliation)."""
from __future__ import annotations

from flask import g, jsonify
from flask_babel import gettext as _

from matchmaker.account import services
from matchmaker.account.forms import AccountForm
from matchmaker.api import bp
from matchmaker.api.auth import token_required
from matchmaker.api.common import json_body, validate
from matchmaker.api.form_schema import form_schema
from matchmaker.api.serializers import expert_profile_json, user_json
from matchmaker.errors import PermissionDenied, ValidationError
from matchmaker.experts import services as experts
from matchmaker.experts.forms import ExpertProfileForm
from matchmaker.extensions import db
from matchmaker.forms import api_form
from matchmaker.i18n import SUPPORTED_LOCALES
from models import User


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


def _expert() -> User:
    """The caller, who must be an expert (checked before the body is read)."""
    if not g.api_user.is_expert:
        raise PermissionDenied(_("只有专家可以设置专家信息。"))
    return g.api_user


@bp.get("/me/expert-profile")
@token_required
def get_expert_profile():
    """The caller's fields and affiliation as an expert (experts only)."""
    return jsonify(expert_profile_json(experts.expert_profile(db.session, _expert())))


@bp.put("/me/expert-profile")
@token_required
def put_expert_profile():
    """Replace the caller's fields (codes or names of active fields) and affiliation (experts only)."""
    expert = _expert()
    body = json_body()
    if body.get("fields") is None:
        message = _("请提供 fields 列表。")
        raise ValidationError(message, {"fields": message})
    form = api_form(ExpertProfileForm, body)
    validate((form, ""))
    profile = experts.update_expert_profile(db.session, expert, expert, form.fields.data or [], form.affiliation.data)
    return jsonify(expert_profile_json(profile))


def _me_input() -> dict:
    """The account form's schema with every key optional, as PATCH keeps what is left out."""
    schema = form_schema(AccountForm, enums={"locale": list(SUPPORTED_LOCALES)},
                         description="Every key is optional; absent keys keep their values.",
                         extra={"locale": {"description": "The language the caller's notifications and e-mail are "
                                                          "written in."}})
    schema.pop("required", None)
    return schema


def _expert_profile_input() -> dict:
    """The expert profile form's schema; `fields` is required, as PUT replaces the whole profile."""
    schema = form_schema(ExpertProfileForm, description="The whole profile: what is left out is emptied.", extra={
        "affiliation": {"description": "Where the expert works; empty or null clears it."}})
    schema["properties"]["fields"] = {
        "type": "array", "items": {"type": "string"},
        "description": "Active tech fields, each by its code (new_energy_battery) or its Chinese or English name "
                       "(新能源电池); [] clears them. An unknown one is a 422 on `fields`."}
    schema["required"] = ["fields"]
    return schema


_ERROR = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
_EXPERT_PROFILE = {"application/json": {"schema": {"$ref": "#/components/schemas/ExpertProfile"}}}

OPENAPI_SCHEMAS = {
    "MeInput": _me_input(),
    "ExpertProfileInput": _expert_profile_input(),
    "ExpertProfile": {
        "type": "object",
        "required": ["fields", "affiliation"],
        "properties": {
            "fields": {"type": "array", "items": {"type": "string"}, "description": "Codes of the fields judged."},
            "affiliation": {"anyOf": [{"type": "string", "maxLength": 200}, {"type": "null"}]},
        },
    },
}

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
    "/api/v1/me/expert-profile": {
        "get": {
            "operationId": "get_expert_profile",
            "summary": "The caller's expert profile: the fields they judge and their affiliation (experts only; "
                       "the expert role is granted through PUT /api/v1/admin/users/{user_id}/roles).",
            "security": [{"bearerAuth": []}],
            "responses": {
                "200": {"description": "The profile; empty until the expert sets it.", "content": _EXPERT_PROFILE},
                "401": {"description": "No valid bearer token.", "content": _ERROR},
                "403": {"description": "The caller is not an expert.", "content": _ERROR},
            },
        },
        "put": {
            "operationId": "put_expert_profile",
            "summary": "Replace the caller's expert fields and affiliation (experts only).",
            "security": [{"bearerAuth": []}],
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "$ref": "#/components/schemas/ExpertProfileInput"}}}},
            "responses": {
                "200": {"description": "The profile as saved, fields as codes.", "content": _EXPERT_PROFILE},
                **{code: {"description": description, "content": _ERROR}
                   for code, description in (("400", "The body is not a JSON object."),
                                             ("401", "No valid bearer token."),
                                             ("403", "The caller is not an expert."),
                                             ("413", "The body is larger than 1 MB."),
                                             ("422", "Invalid input; `error.fields` names each offending field."))},
            },
        },
    },
}
