"""Administration through the API: organisation verification, users' platform roles and deactivation, and the
embedding model the market is matched with (admins only)."""
from __future__ import annotations

from flask import g, jsonify, request
from flask_babel import gettext as _

from matchmaker.admin import users
from matchmaker.admin.forms import UserFilterForm
from matchmaker.api import bp
from matchmaker.api.auth import token_required
from matchmaker.api.common import json_body
from matchmaker.api.serializers import admin_user_json, organisation_json
from matchmaker.errors import NotFound, PermissionDenied, ValidationError
from matchmaker.extensions import db
from matchmaker.forms import form_errors
from matchmaker.matching import switch
from matchmaker.matching.setup import engine
from matchmaker.orgs import services as orgs
from models import Organisation, User


@bp.post("/admin/organisations/<int:org_id>/verification")
@token_required
def verify(org_id: int):
    """Verify an organisation, which publishes its pending postings (admins only)."""
    org = db.session.get(Organisation, org_id)
    if org is None:
        raise NotFound(_("没有找到该机构。"))
    published = orgs.verify_organisation(db.session, g.api_user, org)
    return jsonify(organisation=organisation_json(org), published_postings=published)


@bp.delete("/admin/organisations/<int:org_id>/verification")
@token_required
def revoke_verification(org_id: int):
    """Withdraw an organisation's verification: its published postings go back to moderation (admins only)."""
    actor = _admin()
    org = db.session.get(Organisation, org_id)
    if org is None:
        raise NotFound(_("没有找到该机构。"))
    withdrawn = orgs.revoke_verification(db.session, actor, org)
    return jsonify(organisation=organisation_json(org), withdrawn_postings=withdrawn)


def _admin() -> User:
    """The caller, who must be an admin (checked before any lookup, so ids are not probed)."""
    if not g.api_user.is_admin:
        raise PermissionDenied(_("只有管理员可以管理用户。"))
    return g.api_user


@bp.get("/admin/users")
@token_required
def list_users():
    """One page of users, searched by `q` (name, e-mail, organisation) and filtered by `role` and `status`."""
    _admin()
    form = UserFilterForm(request.args)
    form.validate()
    errors = {name: message for name, message in form_errors(form).items() if name in ("role", "status")}
    if errors:
        raise ValidationError(_("提交的数据有误。"), errors)
    filters = form.filters()
    page = users.search_users(db.session, filters["q"], filters["role"], filters["status"], filters["page"])
    return jsonify(items=[admin_user_json(u) for u in page.items], page=page.page, pages=page.pages, total=page.total)


@bp.get("/admin/users/<int:user_id>")
@token_required
def get_user(user_id: int):
    """One user."""
    _admin()
    return jsonify(admin_user_json(users.get_user(db.session, user_id)))


@bp.put("/admin/users/<int:user_id>/roles")
@token_required
def put_roles(user_id: int):
    """Replace the user's platform roles with `roles`; the last active admin keeps the admin role (409)."""
    actor = _admin()
    user = users.get_user(db.session, user_id)
    body = json_body()
    if "roles" not in body:
        message = _("请提供 roles 列表。")
        raise ValidationError(message, {"roles": message})
    users.set_roles(db.session, actor, user, users.parse_roles(body["roles"]))
    return jsonify(admin_user_json(user))


@bp.post("/admin/users/<int:user_id>/deactivation")
@token_required
def deactivate(user_id: int):
    """Deactivate the user: every session and token of theirs ends now (409 for oneself or the last admin)."""
    actor = _admin()
    user = users.deactivate_user(db.session, actor, users.get_user(db.session, user_id))
    return jsonify(admin_user_json(user))


@bp.delete("/admin/users/<int:user_id>/deactivation")
@token_required
def reactivate(user_id: int):
    """Let a deactivated user log in again."""
    actor = _admin()
    user = users.reactivate_user(db.session, actor, users.get_user(db.session, user_id))
    return jsonify(admin_user_json(user))


# -- OpenAPI (merged into /api/v1/openapi.json by matchmaker.api.openapi) ---------------------------------------------

_ROLE = {"type": "string", "enum": list(users.ROLES)}
_ERROR = {"$ref": "#/components/schemas/Error"}
_USER = {"$ref": "#/components/schemas/AdminUser"}
_BEARER = [{"bearerAuth": []}]
_ERROR_TEXT = {
    "400": "The body is not a JSON object.",
    "401": "No valid bearer token.",
    "403": "The caller is not an admin.",
    "404": "No such user.",
    "409": "Refused: the last active admin keeps the admin role and the account; nobody deactivates themselves.",
    "413": "The body is larger than 1 MB.",
    "422": "Invalid input; `error.fields` names each offending field.",
}


def _responses(ok: str, schema: dict, *codes: str) -> dict:
    out = {"200": {"description": ok, "content": {"application/json": {"schema": schema}}}}
    for code in codes:
        out[code] = {"description": _ERROR_TEXT[code], "content": {"application/json": {"schema": _ERROR}}}
    return out


_USER_ID = [{"name": "user_id", "in": "path", "required": True, "schema": {"type": "integer"}}]

_TIME = {"type": ["string", "null"], "format": "date-time"}
OPENAPI_SCHEMAS = {
    "EmbeddingStatus": {
        "type": "object",
        "properties": {
            "configured": {"type": "object", "properties": {
                "requested": {"type": "string", "description": "MATCHMAKER_EMBEDDING_MODEL as configured."},
                "model_id": {"type": "string", "description": "The model in use for new vectors."},
                "family": {"type": "string", "enum": ["multilingual", "english+cedict"]},
                "passed_over": {"type": ["string", "null"],
                                "description": "Models tried first that could not be loaded offline, and why."}}},
            "serving": {"type": "object", "properties": {"model_id": {"type": "string"}}},
            "switch_needed": {"type": "boolean",
                              "description": "Matches are served from another model than the configured one."},
            "build": {"type": ["object", "null"], "properties": {
                "model_id": {"type": "string"},
                "status": {"type": "string", "enum": ["serving", "building", "retired"]},
                "done": {"type": "integer"}, "total": {"type": "integer"},
                "progress": {"type": "number", "minimum": 0, "maximum": 1},
                "error": {"type": ["string", "null"]}, "started_at": _TIME, "finished_at": _TIME}},
            "vectors": {"type": "object", "additionalProperties": {"type": "integer"},
                        "description": "Stored vectors per model id."},
        },
    },
    "AdminUser": {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "email": {"type": "string"},
            "display_name": {"type": "string"},
            "organisation": {"anyOf": [{"type": "object", "properties": {
                "id": {"type": "integer"}, "name": {"type": "string"}, "kind": {"type": "string"}}}, {"type": "null"}]},
            "org_role": {"anyOf": [{"type": "string", "enum": ["owner", "member"]}, {"type": "null"}]},
            "roles": {"type": "array", "items": _ROLE},
            "active": {"type": "boolean"},
            "created_at": {"type": "string", "format": "date-time"},
        },
    },
    "RolesInput": {
        "type": "object",
        "required": ["roles"],
        "description": "The complete set of platform roles the user should have; [] takes every role away.",
        "properties": {"roles": {"type": "array", "items": _ROLE, "uniqueItems": True}},
    },
}

@bp.get("/admin/embedding")
@token_required
def embedding_status():
    """The configured embedding model and why, the one matches are served from, and the latest re-embed."""
    _admin()
    return jsonify(switch.overview_json(switch.overview(db.session, engine())))


@bp.post("/admin/embedding/re-embed")
@token_required
def start_re_embed():
    """Move every stored vector onto the configured model in the background; matches are served meanwhile."""
    _admin()
    body = json_body() if request.get_data(cache=True) else {}
    everything = body.get("all", True)
    if not isinstance(everything, bool):
        raise ValidationError(_("提交的数据有误。"), {"all": _("只能是 true 或 false。")})
    switch.start(db.session, engine(), re_embed=everything)
    db.session.commit()
    return jsonify(switch.overview_json(switch.overview(db.session, engine()))), 202


OPENAPI_PATHS = {
    "/api/v1/admin/users": {
        "get": {
            "operationId": "list_users",
            "summary": "Users, newest first, 20 a page (admins only).",
            "security": _BEARER,
            "parameters": [
                {"name": "q", "in": "query", "required": False, "schema": {"type": "string", "maxLength": 100},
                 "description": "Words that the name, e-mail or organisation name must each contain."},
                {"name": "role", "in": "query", "required": False, "schema": _ROLE},
                {"name": "status", "in": "query", "required": False,
                 "schema": {"type": "string", "enum": list(users.STATUSES), "default": "all"}},
                {"name": "page", "in": "query", "required": False, "schema": {"type": "integer", "minimum": 1}},
            ],
            "responses": _responses("One page of users.", {"type": "object", "properties": {
                "items": {"type": "array", "items": _USER}, "page": {"type": "integer"},
                "pages": {"type": "integer"}, "total": {"type": "integer"}}}, "401", "403", "422"),
        },
    },
    "/api/v1/admin/users/{user_id}": {
        "parameters": _USER_ID,
        "get": {"operationId": "get_user", "summary": "One user (admins only).", "security": _BEARER,
                "responses": _responses("The user.", _USER, "401", "403", "404")},
    },
    "/api/v1/admin/users/{user_id}/roles": {
        "parameters": _USER_ID,
        "put": {
            "operationId": "put_user_roles",
            "summary": "Replace the user's platform roles (admins only). Taking the admin role from the last active "
            "admin is a 409. Audited.",
            "security": _BEARER,
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "$ref": "#/components/schemas/RolesInput"}}}},
            "responses": _responses("The user with the new roles.", _USER, "400", "401", "403", "404", "409", "413",
                                    "422"),
        },
    },
    "/api/v1/admin/users/{user_id}/deactivation": {
        "parameters": _USER_ID,
        "post": {
            "operationId": "deactivate_user",
            "summary": "Deactivate the user (admins only): no login, and every web session, remember-me cookie and "
            "API token of theirs ends at once; postings and cases stay. 409 for oneself or the last active admin. "
            "Repeating it changes nothing. Audited.",
            "security": _BEARER,
            "responses": _responses("The deactivated user.", _USER, "401", "403", "404", "409"),
        },
        "delete": {
            "operationId": "reactivate_user",
            "summary": "Reactivate the user (admins only); old sessions and tokens stay ended. Audited.",
            "security": _BEARER,
            "responses": _responses("The reactivated user.", _USER, "401", "403", "404"),
        },
    },
    "/api/v1/admin/embedding": {
        "get": {
            "operationId": "get_embedding_status",
            "summary": "The configured embedding model (and the models passed over, with why), the model matches "
            "are served from, the latest re-embed with its progress, and stored vectors per model (admins only).",
            "security": _BEARER,
            "responses": _responses("The embedding status.", {"$ref": "#/components/schemas/EmbeddingStatus"},
                                    "401", "403"),
        },
    },
    "/api/v1/admin/embedding/re-embed": {
        "post": {
            "operationId": "start_re_embed",
            "summary": "Start moving every stored vector onto the configured model, in the background (admins "
            "only). Matches keep coming from the serving model's vectors until the new ones are complete; then the "
            "new model serves and the old vectors are deleted. `all: false` encodes only missing or stale vectors. "
            "409 while a re-embed to another model runs.",
            "security": _BEARER,
            "requestBody": {"required": False, "content": {"application/json": {"schema": {
                "type": "object", "properties": {"all": {"type": "boolean", "default": True}}}}}},
            "responses": {("202" if code == "200" else code): value for code, value in _responses(
                "Started; poll GET /api/v1/admin/embedding.", {"$ref": "#/components/schemas/EmbeddingStatus"},
                "400", "401", "403", "409", "413", "422").items()},
        },
    },
}
