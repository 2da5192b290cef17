"""Accounts and bearer tokens."""
from __future__ import annotations

from flask import jsonify
from flask_babel import gettext as _

from matchmaker.api import bp
from matchmaker.api.common import json_body, validate
from matchmaker.api.serializers import iso, organisation_json, user_json
from matchmaker.auth import services
from matchmaker.auth.forms import ApiAccountForm, LoginForm
from matchmaker.auth.throttle import login_attempts
from matchmaker.errors import Unauthorized
from matchmaker.extensions import db
from matchmaker.forms import api_form
from matchmaker.orgs.forms import OrganisationForm


@bp.post("/accounts")
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
@login_attempts
def create_token():
    """Exchange an email and password for a bearer token."""
    form = api_form(LoginForm, json_body())
    validate((form, ""))
    user = services.authenticate(db.session, form.email.data, form.password.data)
    if user is None:
        raise Unauthorized(_("邮箱或密码不正确。"))
    issued = services.issue_token(db.session, user)
    return jsonify(token=issued.token, expires_at=iso(issued.expires_at)), 201
