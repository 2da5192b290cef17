"""The account page: the signed-in user's name, phone and language."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import refresh
from flask_login import current_user, login_required, login_user

from matchmaker.account import services
from matchmaker.account.forms import AccountForm
from matchmaker.auth.forms import ChangePasswordForm
from matchmaker.auth.recovery import change_password
from matchmaker.errors import ValidationError
from matchmaker.extensions import db
from matchmaker.forms import apply_errors

bp = Blueprint("account", __name__)


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
    status = 422 if request.method == "POST" else 200
    return render_template("account/edit.html", form=form, password_form=ChangePasswordForm(prefix="pw")), status


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
    form = AccountForm(data=services.account_values(current_user))
    return render_template("account/edit.html", form=form, password_form=password_form), 422
