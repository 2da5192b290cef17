"""The account form, shared by the account page and PATCH /api/v1/me."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, Length, Optional, Regexp

from matchmaker.i18n import SUPPORTED_LOCALES

# Each language is named in itself, so a reader who cannot read the page's language still finds their own.
LANGUAGES = [SelectChoice("zh", "中文"), SelectChoice("en", "English")]


class AccountForm(FlaskForm):
    display_name = StringField(_l("姓名"), validators=[DataRequired(), Length(max=100)])
    phone = StringField(
        _l("手机号"),
        validators=[Optional(), Regexp(r"^\+?[0-9\- ]{6,20}$", message=_l("请输入有效的电话号码。"))],
    )
    locale = SelectField(
        _l("语言"),
        choices=LANGUAGES,
        validate_choice=False,  # AnyOf says what is wrong in the reader's language
        validators=[AnyOf(SUPPORTED_LOCALES, message=_l("请选择中文或 English。"))],
        description=_l("网页默认显示的语言，也是通知和邮件使用的语言。"),
    )
