"""Register, log in, log out."""
from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from matchmaker.auth import recovery, services
from matchmaker.auth.forms import ForgotPasswordForm, LoginForm, RegisterForm, ResetPasswordForm
from matchmaker.auth.revocation import end_web_sessions
from matchmaker.auth.session import safe_next_url
from matchmaker.auth.throttle import login_attempts, password_reset_requests, registrations
from matchmaker.errors import ValidationError
from matchmaker.extensions import db
from matchmaker.forms import apply_errors
from matchmaker.orgs.forms import OrganisationForm

bp = Blueprint("auth", __name__)


@bp.route("/register", methods=["GET", "POST"])
@registrations
def register():
    form = RegisterForm()
    org_form = OrganisationForm(prefix="organisation")
    joining = bool(form.invite_code.data)
    # Validate both forms so every error shows at once, not one form per round trip.
    account_ok = form.validate_on_submit()
    org_ok = joining or (request.method == "POST" and org_form.validate())
    if account_ok and org_ok:
        try:
            user = services.register_account(
                db.session,
                form.data,
                organisation=None if joining else org_form.data,
                invite_code=form.invite_code.data or None,
            )
        except ValidationError as error:
            apply_errors(form, error)
            _apply_org_errors(org_form, error)
        else:
            login_user(user)
            flash(_("注册成功，欢迎加入！"), "success")
            return redirect(url_for("orgs.profile"))
    status = 422 if request.method == "POST" else 200
    return render_template("auth/register.html", form=form, org_form=org_form), status


def _apply_org_errors(org_form: OrganisationForm, error: ValidationError) -> None:
    nested = {key.split(".", 1)[1]: msg for key, msg in error.fields.items() if key.startswith("organisation.")}
    apply_errors(org_form, ValidationError(error.message, nested))


@bp.route("/login", methods=["GET", "POST"])
@login_attempts
def login():
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        user = services.authenticate(db.session, form.email.data, form.password.data)
        if user is not None:
            login_user(user, remember=form.remember.data)
            flash(_("欢迎回来，%(name)s。", name=user.display_name), "success")
            return redirect(safe_next_url(form.next.data, url_for("main.index")))
        form.password.errors = [_("邮箱或密码不正确。")]
    status = 422 if request.method == "POST" else 200
    return render_template("auth/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    end_web_sessions(db.session, current_user)  # copies of the session cookie end too
    logout_user()
    flash(_("您已退出登录。"), "info")
    return redirect(url_for("main.index"))


def reset_path(token: str) -> str:
    """The site-relative address of the reset page for `token`."""
    return url_for("auth.reset_password", token=token)


@bp.route("/password/forgot", methods=["GET", "POST"])
@password_reset_requests
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        recovery.request_password_reset(db.session, form.email.data, current_app.secret_key, reset_path)
        # The same words whether or not the address has an account: this page must not tell which.
        flash(_("如果 %(email)s 已注册，重置密码的链接已发送到该邮箱，一小时内有效。", email=form.email.data), "info")
        return redirect(url_for("auth.login"))
    status = 422 if request.method == "POST" else 200
    return render_template("auth/forgot_password.html", form=form), status


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    user = recovery.user_for_reset_token(db.session, token, current_app.secret_key)
    if user is None:
        return render_template("auth/reset_password.html", form=None), 410
    form = ResetPasswordForm()
    if form.validate_on_submit():
        recovery.set_password(db.session, user, form.password.data)
        if current_user.is_authenticated:
            logout_user()
        flash(_("密码已重置，所有设备上的登录都已退出。请用新密码登录。"), "success")
        return redirect(url_for("auth.login"))
    status = 422 if request.method == "POST" else 200
    return render_template("auth/reset_password.html", form=form), status
