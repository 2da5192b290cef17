"""Forms of the brokerage pages; the API binds the same forms to JSON."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp
from wtforms.validators import ValidationError as WTFormsValidationError

from matchmaker.brokerage.messages import BODY_MAX
from matchmaker.brokerage.pipeline import NOTE_MAX, REGISTRATION_NO
from matchmaker.brokerage.services import MESSAGE_MAX
from matchmaker.forms import IdField, MoneyField, MultiCheckboxField
from matchmaker.i18n import choices, province_choices
from models import utcnow


class InterestForm(FlaskForm):
    """A short message, and for an answer to a need the offer that answers it."""

    message = TextAreaField(
        _l("意向说明"), validators=[DataRequired(message=_l("请简要说明贵方的意向。")), Length(max=MESSAGE_MAX)],
        description=_l("如关注的技术指标、合作方式、时间安排。请勿填写电话或邮箱：双方同意引荐后由平台交换联系方式。"),
    )
    offer_id = SelectField(_l("用于响应的本机构成果"), validators=[Optional()], default="")

    def __init__(self, *args, offers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.offer_id.choices = [("", _l("暂不指定")), *((str(o.id), o.title) for o in offers)]


class BrokerProfileForm(FlaskForm):
    """The fields and regions a broker covers."""

    fields = MultiCheckboxField(_l("服务的技术领域"), description=_l("不选表示全部领域"))
    regions = MultiCheckboxField(_l("服务的地区"), description=_l("不选表示全部地区"))

    def __init__(self, *args, field_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.choices = list(field_choices)
        self.regions.choices = province_choices()


class ClaimForm(FlaskForm):
    """A queue item to take up: an interest, or an offer with a need."""

    interest_id = IdField()
    offer_id = IdField()
    need_id = IdField()


class TransitionForm(FlaskForm):
    """A move along the pipeline; closing needs a reason."""

    to = SelectField(_l("推进到"), validators=[DataRequired()])
    reason = SelectField(_l("关闭原因"), validators=[Optional()], default="")
    note = TextAreaField(_l("备注"), validators=[Optional(), Length(max=NOTE_MAX)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.to.choices = choices("case_stage")
        self.reason.choices = [("", _l("请选择")), *choices("close_reason")]


class IntroductionForm(FlaskForm):
    """The broker's note to both sides with an introduction."""

    note = TextAreaField(_l("给双方的说明"), validators=[Optional(), Length(max=NOTE_MAX)])


class CaseMessageForm(FlaskForm):
    """A message in a case thread; the address (broker, offer side, need side) is in the URL, and is the prefix."""

    body = TextAreaField(_l("留言"), validators=[DataRequired(message=_l("请填写留言内容。")), Length(max=BODY_MAX)],
                         description=_l("请勿填写电话、邮箱或微信号：双方同意引荐后由平台交换联系方式。"))


class ContractForm(FlaskForm):
    """The technology contract that signs a case."""

    type = SelectField(_l("合同类型"), validators=[DataRequired(message=_l("请选择合同类型。"))])
    amount_wan = MoneyField(_l("合同金额（万元）"), precision=14, validators=[
        InputRequired(message=_l("请填写合同金额。")),
        NumberRange(min=0.01, max=100_000_000, message=_l("请填写大于 0 的合同金额（万元）。"))])
    signed_on = DateField(_l("签订日期"), validators=[InputRequired(message=_l("请填写签订日期。"))])
    registration_no = StringField(_l("技术合同登记号"), validators=[
        Optional(), Regexp(REGISTRATION_NO, message=_l("登记号由 6–60 位数字、字母或连字符组成。"))],
        description=_l("已在技术合同登记机构登记的，填写登记编号"))
    transfer_offer = BooleanField(_l("将该科技成果标记为已转化"), default=True)
    transfer_need = BooleanField(_l("将该技术需求标记为已解决"), default=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.type.choices = [("", _l("请选择")), *choices("contract_type")]

    def validate_signed_on(self, field) -> None:
        if field.data is not None and field.data > utcnow().date():
            raise WTFormsValidationError(_l("签订日期不能晚于今天。"))
        if field.data is not None and field.data.year < 2000:
            raise WTFormsValidationError(_l("签订日期有误。"))


class InvestorProfileForm(FlaskForm):
    """An investor's focus: fields, stages, ticket size, regions and thesis."""

    fields = MultiCheckboxField(_l("关注领域"))
    stages = MultiCheckboxField(_l("关注阶段（成熟度）"))
    ticket_min_wan = MoneyField(_l("单笔金额下限（万元）"), validators=[Optional(), NumberRange(min=0)])
    ticket_max_wan = MoneyField(_l("单笔金额上限（万元）"), validators=[Optional(), NumberRange(min=0)])
    regions = MultiCheckboxField(_l("关注地区"), description=_l("不选表示全部地区"))
    thesis = TextAreaField(_l("投资逻辑"), validators=[Length(max=2000)],
                           description=_l("用几句话描述关注的技术方向和项目特征，平台据此匹配科技成果"))

    def __init__(self, *args, field_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.choices = list(field_choices)
        self.stages.choices = choices("maturity")
        self.regions.choices = province_choices()

    def validate_ticket_max_wan(self, field) -> None:
        low = self.ticket_min_wan.data
        if field.data is not None and low is not None and field.data < low:
            raise WTFormsValidationError(_l("单笔金额上限不能低于下限。"))

    def validate_thesis(self, field) -> None:
        if not (field.data or "").strip() and not self.fields.data:
            raise WTFormsValidationError(_l("请至少选择一个关注领域，或写下投资逻辑。"))
