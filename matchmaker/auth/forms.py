"""Registration and login forms."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional, Regexp


class RegisterForm(FlaskForm):
    email = EmailField(_l("邮箱"), validators=[DataRequired(), Email(), Length(max=254)])
    password = PasswordField(_l("密码"), validators=[DataRequired(), Length(min=8, max=128)])
    password_confirm = PasswordField(
        _l("确认密码"), validators=[DataRequired(), EqualTo("password", message=_l("两次输入的密码不一致。"))]
    )
    display_name = StringField(_l("姓名"), validators=[DataRequired(), Length(max=100)])
    phone = StringField(
        _l("手机号"),
        validators=[Optional(), Regexp(r"^\+?[0-9\- ]{6,20}$", message=_l("请输入有效的电话号码。"))],
    )
    invite_code = StringField(_l("邀请码"), validators=[Optional(), Length(max=32)])


class ApiAccountForm(RegisterForm):
    """The API's account form: the client confirms the password itself."""

    password_confirm = None


class LoginForm(FlaskForm):
    email = EmailField(_l("邮箱"), validators=[DataRequired(), Email()])
    password = PasswordField(_l("密码"), validators=[DataRequired()])
    remember = BooleanField(_l("记住我"))
    next = HiddenField()


def _new_password_fields():
    return (
        PasswordField(_l("新密码"), validators=[DataRequired(), Length(min=8, max=128)]),
        PasswordField(_l("确认新密码"),
                      validators=[DataRequired(), EqualTo("password", message=_l("两次输入的密码不一致。"))]),
    )


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("邮箱"), validators=[DataRequired(), Email(), Length(max=254)])


class ResetPasswordForm(FlaskForm):
    password, password_confirm = _new_password_fields()


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(_l("当前密码"), validators=[DataRequired(), Length(max=128)])
    password, password_confirm = _new_password_fields()


class ApiChangePasswordForm(ChangePasswordForm):
    """The API's form: the client confirms the new password itself."""

    password_confirm = None
