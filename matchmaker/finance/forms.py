"""Financial product and financing need forms; the API binds the same forms to JSON."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.validators import ValidationError as WTFormsValidationError

from matchmaker.finance.needs import MAX_PATENTS
from matchmaker.forms import IdField, ListField, MoneyField, MultiCheckboxField
from matchmaker.i18n import choices, province_choices

MAX_AMOUNT_WAN = 10_000_000  # 1,000 亿元: more than any one product or need asks for
MAX_REVENUE_WAN = 1_000_000_000


class ProductForm(FlaskForm):
    kind = SelectField(_l("产品类型"), validators=[DataRequired()])
    title = StringField(_l("产品名称"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("产品说明"), validators=[DataRequired(), Length(min=10, max=20000)])
    amount_min_wan = MoneyField(_l("额度下限（万元）"), validators=[InputRequired(), NumberRange(min=0, max=MAX_AMOUNT_WAN)])
    amount_max_wan = MoneyField(_l("额度上限（万元）"),
                                validators=[InputRequired(), NumberRange(min=0.01, max=MAX_AMOUNT_WAN)])
    term_months = IntegerField(_l("期限（月）"), validators=[Optional(), NumberRange(min=1, max=600)])
    rate_percent = MoneyField(_l("年利率或预期持股比例（%）"), precision=6,
                              validators=[Optional(), NumberRange(min=0, max=100)])
    fields = MultiCheckboxField(_l("支持的技术领域"), description=_l("不选即不限领域"))
    regions = MultiCheckboxField(_l("支持的地区"), description=_l("不选即不限地区"))
    qualifications = MultiCheckboxField(_l("要求的企业资质"), description=_l("所选资质须全部具备"))
    min_revenue_wan = MoneyField(_l("最低年营业收入（万元）"), precision=14,
                                 validators=[Optional(), NumberRange(min=0, max=MAX_REVENUE_WAN)])
    patent_collateral = BooleanField(_l("须以专利质押"))

    def __init__(self, *args, field_choices: list[tuple[str, str]] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = choices("finance_kind")
        self.fields.choices = list(field_choices)
        self.regions.choices = province_choices()
        self.qualifications.choices = choices("qualification")

    def validate_amount_max_wan(self, field) -> None:
        low = self.amount_min_wan.data
        if field.data is not None and low is not None and field.data < low:
            raise WTFormsValidationError(_l("额度上限不能低于下限。"))


class FinancingNeedForm(FlaskForm):
    """The need's scalars; its qualifications (codes with certificate numbers) are checked by the service."""

    title = StringField(_l("融资项目名称"), validators=[DataRequired(), Length(max=200)])
    purpose = TextAreaField(_l("资金用途"), validators=[DataRequired(), Length(min=10, max=20000)])
    amount_wan = MoneyField(_l("融资金额（万元）"), validators=[InputRequired(), NumberRange(min=0.01, max=MAX_AMOUNT_WAN)])
    stage = SelectField(_l("发展阶段"), validators=[DataRequired()])
    field = SelectField(_l("技术领域"), validators=[DataRequired()])
    region = SelectField(_l("所在地区"), validators=[DataRequired()])
    patent_numbers = ListField(_l("专利号"), max_items=MAX_PATENTS, max_length=40,
                               description=_l("如 ZL202310123456.7，多个用逗号分隔；也可从本机构的科技成果中带入"))
    revenue_wan = MoneyField(_l("上年营业收入（万元）"), precision=14,
                             validators=[InputRequired(), NumberRange(min=0, max=MAX_REVENUE_WAN)])
    collateral = SelectField(_l("可提供的担保方式"), validators=[DataRequired()], default="none")

    def __init__(self, *args, field_choices: list[tuple[str, str]] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.stage.choices = choices("financing_stage")
        self.field.choices = list(field_choices)
        self.region.choices = province_choices()
        self.collateral.choices = choices("collateral")

    def validate_field(self, field) -> None:
        if field.data not in {code for code, _label in field.choices}:
            raise WTFormsValidationError(_l("未知的技术领域。"))


class DecisionForm(FlaskForm):
    product_id = IdField(_l("金融产品"), validators=[InputRequired()])
    outcome = SelectField(_l("结果"), validators=[DataRequired()])
    amount_wan = MoneyField(_l("批准金额（万元）"), validators=[Optional(), NumberRange(min=0.01, max=MAX_AMOUNT_WAN)])
    reason = SelectField(_l("未通过原因"), validators=[Optional()], default="")
    note = TextAreaField(_l("说明"), validators=[Optional(), Length(max=2000)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.outcome.choices = choices("decision_outcome")
        self.reason.choices = [("", _l("请选择")), *choices("decline_reason")]

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.outcome.data == "approved" and self.amount_wan.data is None and not self.amount_wan.errors:
            self.amount_wan.errors = [_l("批准时请填写金额。")]
            return False
        if self.outcome.data == "declined" and not self.reason.data and not self.reason.errors:
            self.reason.errors = [_l("未通过时请选择原因。")]
            return False
        return valid


class InterestForm(FlaskForm):
    product_id = IdField(_l("金融产品"), validators=[InputRequired()])
    message = TextAreaField(_l("留言"), validators=[Optional(), Length(max=2000)])
