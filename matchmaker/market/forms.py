"""Offer and need forms; the API binds the same forms to JSON."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, EmailField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional
from wtforms.validators import ValidationError as WTFormsValidationError

from matchmaker.forms import ListField, MoneyField, MultiCheckboxField
from matchmaker.i18n import choices, province_choices


class PostingForm(FlaskForm):
    title = StringField(_l("标题"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("详细描述"), validators=[DataRequired(), Length(min=10, max=20000)])
    field = SelectField(_l("技术领域"), validators=[DataRequired()])
    keywords = ListField(_l("关键词"), description=_l("用逗号或顿号分隔，最多 20 个"))
    region = SelectField(_l("所在地区"), validators=[DataRequired()])

    def __init__(self, *args, field_choices: list[tuple[str, str]] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.field.choices = list(field_choices)
        self.region.choices = province_choices()

    def validate_field(self, field) -> None:
        # SelectField already rejects unknown codes; the message should say which vocabulary it is.
        if field.data not in {code for code, _label in field.choices}:
            raise WTFormsValidationError(_l("未知的技术领域。"))


class OfferForm(PostingForm):
    maturity = SelectField(_l("成熟度"), validators=[DataRequired()])
    ip_status = SelectField(_l("知识产权状态"), default="none")
    patent_numbers = ListField(_l("专利号"), max_length=40, description=_l("如 ZL202310123456.7，多个用逗号分隔"))
    transfer_modes = MultiCheckboxField(_l("转化方式"), validators=[DataRequired(message=_l("请至少选择一种转化方式。"))])
    asking_price_wan = MoneyField(
        _l("意向价格（万元）"), validators=[Optional(), NumberRange(min=0, max=10_000_000)]
    )
    price_negotiable = BooleanField(_l("面议"))
    contact_name = StringField(_l("联系人"), validators=[Optional(), Length(max=100)])
    contact_phone = StringField(_l("联系电话"), validators=[Optional(), Length(max=30)])
    contact_email = EmailField(_l("联系邮箱"), validators=[Optional(), Email(), Length(max=254)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.maturity.choices = choices("maturity")
        self.ip_status.choices = choices("ip_status")
        self.transfer_modes.choices = choices("transfer_mode")

    def validate(self, extra_validators=None) -> bool:
        # Optional() ends the price's own validator chain when it is empty, so the either/or rule lives here.
        valid = super().validate(extra_validators)
        if self.asking_price_wan.data is None and not self.price_negotiable.data and not self.asking_price_wan.errors:
            self.asking_price_wan.errors = [_l("请填写意向价格，或勾选“面议”。")]
            return False
        return valid


class NeedForm(PostingForm):
    budget_min_wan = MoneyField(_l("预算下限（万元）"), validators=[Optional(), NumberRange(min=0)])
    budget_max_wan = MoneyField(_l("预算上限（万元）"), validators=[Optional(), NumberRange(min=0)])
    deadline = DateField(_l("截止日期"), validators=[Optional()])
    cooperation_modes = MultiCheckboxField(
        _l("合作方式"), validators=[DataRequired(message=_l("请至少选择一种合作方式。"))]
    )
    maturity_required = SelectField(_l("要求的成熟度"), validators=[Optional()], default="")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.cooperation_modes.choices = choices("cooperation_mode")
        self.maturity_required.choices = [("", _l("不限")), *choices("maturity")]

    def validate_budget_max_wan(self, field) -> None:
        low = self.budget_min_wan.data
        if field.data is not None and low is not None and field.data < low:
            raise WTFormsValidationError(_l("预算上限不能低于下限。"))


FORMS = {"offer": OfferForm, "need": NeedForm}
