"""Accounts and bearer tokens."""
from __future__ import annotations

from flask import current_app, g, jsonify, url_for
from flask_babel import gettext as _

from matchmaker.api import bp
from matchmaker.api.auth import token_required
from matchmaker.api.common import json_body, validate
from matchmaker.api.serializers import iso, organisation_json, user_json
from matchmaker.auth import recovery, services
from matchmaker.auth.forms import ApiAccountForm, ApiChangePasswordForm, ForgotPasswordForm, LoginForm
from matchmaker.auth.throttle import login_attempts, password_reset_requests, registrations, token_requests
from matchmaker.errors import Unauthorized
from matchmaker.extensions import db
from matchmaker.forms import api_form
from matchmaker.orgs.forms import OrganisationForm
from models import ApiToken


@bp.post("/accounts")
@registrations
def create_account():
    """Register a user who founds an organisation, or joins one with an invitation code."""
    body = json_body()
    form = api_form(ApiAccountForm, body)
    joining = bool(body.get("invite_code"))
    org_body = body.get("organisation")
    org_form = api_form(OrganisationForm, org_body if isinstance(org_body, dict) else {})
    validate((form, ""), *(() if joining else ((org_form, "organisation."),)))
    user = services.register_account(
        db.session,
        form.data,
        organisation=None if joining else org_form.data,
        invite_code=form.invite_code.data or None,
    )
    return jsonify(user=user_json(user), organisation=organisation_json(user.organisation)), 201


@bp.post("/tokens")
@token_requests
@login_attempts
def create_token():
    """Exchange an email and password for a bearer token."""
    form = api_form(LoginForm, json_body())
    validate((form, ""))
    user = services.authenticate(db.session, form.email.data, form.password.data)
    if user is None:
        raise Unauthorized(_("邮箱或密码不正确。"))
    issued = services.issue_token(db.session, user)
    return jsonify(id=issued.id, token=issued.token, expires_at=iso(issued.expires_at)), 201


def _token_json(token: ApiToken) -> dict:
    """A token as its owner sees it in the list: never the token itself, which is not stored."""
    return {"id": token.id, "created_at": iso(token.created_at), "expires_at": iso(token.expires_at),
            "current": token.id == g.api_token.id}


@bp.get("/tokens")
@token_required
def list_tokens():
    """The caller's unexpired tokens, newest first; `current` marks the one this request used."""
    return jsonify(items=[_token_json(t) for t in services.tokens_of(db.session, g.api_user)])


@bp.get("/tokens/<int:token_id>")
@token_required
def get_token(token_id: int):
    return jsonify(_token_json(services.own_token(db.session, g.api_user, token_id)))


@bp.delete("/tokens/<int:token_id>")
@token_required
def revoke_token(token_id: int):
    """Revoke one of the caller's tokens; it answers 401 from then on."""
    services.revoke_token(db.session, services.own_token(db.session, g.api_user, token_id))
    return "", 204


@bp.delete("/tokens/current")
@token_required
def revoke_current_token():
    """Revoke the token this request was made with (an API client's log-out)."""
    services.revoke_token(db.session, g.api_token)
    return "", 204


@bp.post("/password-resets")
@password_reset_requests
def request_password_reset():
    """Mail a reset link if the address has an account; the answer is the same either way."""
    form = api_form(ForgotPasswordForm, json_body())
    validate((form, ""))
    recovery.request_password_reset(db.session, form.email.data, current_app.secret_key,
                                    lambda token: url_for("auth.reset_password", token=token))
    return jsonify(status="sent"), 202


@bp.put("/me/password")
@token_required
def change_password():
    """Change the caller's password; every session and token ends, the one making this call included."""
    form = api_form(ApiChangePasswordForm, json_body())
    validate((form, ""))
    recovery.change_password(db.session, g.api_user, form.current_password.data, form.password.data)
    return "", 204
