"""Organisation forms; the credit-code check uses python-stdnum's GB 32100-2015 implementation."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from stdnum.cn import uscc
from stdnum.exceptions import InvalidChecksum
from stdnum.exceptions import ValidationError as StdnumError
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import URL, DataRequired, Length, Optional
from wtforms.validators import ValidationError as WTFormsValidationError

from matchmaker.i18n import choices, province_choices


def validate_credit_code(_form, field) -> None:
    """Reject a 统一社会信用代码 whose format or check character is wrong."""
    if not field.data:
        return
    try:
        field.data = uscc.validate(field.data)
    except InvalidChecksum:
        raise WTFormsValidationError(_l("统一社会信用代码校验位不正确。")) from None
    except StdnumError:
        raise WTFormsValidationError(_l("统一社会信用代码应为 18 位数字或大写字母。")) from None


class OrganisationForm(FlaskForm):
    name = StringField(_l("机构名称"), validators=[DataRequired(), Length(max=200)])
    kind = SelectField(_l("机构类型"), validators=[DataRequired()])
    province = SelectField(_l("所在省份"), validators=[DataRequired()])
    city = StringField(_l("所在城市"), validators=[DataRequired(), Length(max=50)])
    credit_code = StringField(_l("统一社会信用代码"), validators=[Optional(), validate_credit_code])
    description = TextAreaField(_l("机构简介"), validators=[Optional(), Length(max=5000)])
    website = StringField(_l("网址"), validators=[Optional(), URL(), Length(max=300)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = choices("org_kind")
        self.province.choices = province_choices()
