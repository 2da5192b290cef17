"""The account page: the signed-in user's name, phone and language, their password, and an expert's profile."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import refresh
from flask_login import current_user, login_required, login_user

from matchmaker.account import services
from matchmaker.account.forms import AccountForm
from matchmaker.auth.forms import ChangePasswordForm
from matchmaker.auth.recovery import change_password
from matchmaker.errors import ValidationError
from matchmaker.experts import services as experts
from matchmaker.experts.forms import ExpertProfileForm
from matchmaker.extensions import db
from matchmaker.forms import apply_errors
from matchmaker.market.services import field_choices

bp = Blueprint("account", __name__)


def _page(form: AccountForm | None = None, password_form: ChangePasswordForm | None = None,
          expert_form: ExpertProfileForm | None = None, status: int = 200):
    """The account page with its forms, fresh ones unless a failed submission is passed in; experts also get theirs."""
    if form is None:
        form = AccountForm(data=services.account_values(current_user))
    if password_form is None:
        password_form = ChangePasswordForm(prefix="pw")
    if expert_form is None and current_user.is_expert:
        profile = experts.expert_profile(db.session, current_user)
        expert_form = ExpertProfileForm(field_choices=field_choices(db.session), formdata=None,
                                        data={"fields": profile.fields, "affiliation": profile.affiliation or ""})
    return render_template("account/edit.html", form=form, password_form=password_form,
                           expert_form=expert_form), status


@bp.route("/account", methods=["GET", "POST"])
@login_required
def edit():
    form = AccountForm(data=services.account_values(current_user))
    if form.validate_on_submit():
        try:
            services.update_account(db.session, current_user, form.data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            session["lang"] = current_user.locale  # the pages follow the language chosen here at once
            refresh()
            flash(_("账号设置已保存。"), "success")
            return redirect(url_for("account.edit"))
    return _page(form=form, status=422 if request.method == "POST" else 200)


@bp.route("/account/password", methods=["POST"])
@login_required
def password():
    password_form = ChangePasswordForm(prefix="pw")
    if password_form.validate_on_submit():
        try:
            change_password(db.session, current_user, password_form.current_password.data,
                            password_form.password.data)
        except ValidationError as error:
            apply_errors(password_form, error)
        else:
            login_user(current_user._get_current_object())  # every other session ended; this one goes on
            flash(_("密码已修改，其他设备上的登录和访问令牌都已失效。"), "success")
            return redirect(url_for("account.edit"))
    return _page(password_form=password_form, status=422)


@bp.route("/account/expert-profile", methods=["POST"])
@login_required
def expert_profile():
    """An expert's fields and affiliation; nobody else has one."""
    if not current_user.is_expert:
        abort(403)
    expert_form = ExpertProfileForm(field_choices=field_choices(db.session))
    if expert_form.validate_on_submit():
        try:
            experts.update_expert_profile(db.session, current_user, current_user, expert_form.fields.data or [],
                                          expert_form.affiliation.data)
        except ValidationError as error:
            apply_errors(expert_form, error)
        else:
            flash(_("专家信息已保存。"), "success")
            return redirect(url_for("account.edit") + "#expert")
    return _page(expert_form=expert_form, status=422)
