"""The open-call web forms: a need made a call (reward, deadlines, milestones, rubric weights), a team's proposal, the
expert panel, declarations and scores, the award, and milestone reports and decisions."""
from __future__ import annotations

import re

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import AnyOf, InputRequired, Length, NumberRange, Optional

from matchmaker.errors import ValidationError
from matchmaker.events.forms import local_datetime_field, within_planning_years
from matchmaker.forms import IdField, MoneyField, MultiCheckboxField
from matchmaker.i18n import choices, province_choices
from matchmaker.open_calls.attachments import MAX_FILES
from matchmaker.open_calls.delivery import NOTE_MAX, REASON_MAX, REPORT_MAX
from matchmaker.open_calls.proposals import APPROACH_MAX, PLAN_MAX, TEAM_MAX, TEAM_TEXT_MAX
from matchmaker.open_calls.review import COMMENT_MAX
from matchmaker.open_calls.services import DEFAULT_CRITERIA
from matchmaker.request_guards import MAX_ID
from models import OpenCall, Proposal

_ID_SEPARATORS = re.compile(r"[\s,，;；、]+")
MILESTONE_ROWS = 3


class OpenCallForm(FlaskForm):
    reward_wan = MoneyField(_l("榜额（万元）"), validators=[InputRequired(), NumberRange(min=0.01)])
    submission_deadline = local_datetime_field(_l("揭榜截止时间"), validators=[InputRequired(), within_planning_years])
    delivery_deadline = local_datetime_field(_l("交付期限"), validators=[InputRequired(), within_planning_years])
    blind = BooleanField(_l("盲评：专家看不到揭榜方名称"))
    max_awards = IntegerField(_l("可中榜的方案数"), default=1, validators=[Optional(), NumberRange(min=1, max=10)],
                              description=_l("多个方案中榜时平分榜额。"))
    eligible_org_kinds = MultiCheckboxField(_l("可揭榜的机构类型"), description=_l("不选表示不限。"))
    eligible_regions = MultiCheckboxField(_l("可揭榜的机构所在地"), description=_l("不选表示不限。"))
    qualifications = TextAreaField(_l("资质要求"), validators=[Optional(), Length(max=1100)],
                                   description=_l("每行一项，最多 10 项，例如：具有省级以上重点实验室。"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.eligible_org_kinds.choices = choices("org_kind")
        self.eligible_regions.choices = province_choices()

    def eligibility(self) -> dict:
        """The eligibility and award count, for the service (which checks them)."""
        lines = [line.strip() for line in (self.qualifications.data or "").splitlines() if line.strip()]
        return {"max_awards": self.max_awards.data, "eligible_org_kinds": list(self.eligible_org_kinds.data or []),
                "eligible_regions": list(self.eligible_regions.data or []), "qualifications": lines}

    def milestones(self) -> list[dict]:
        """The filled milestone rows, for the service (which checks that the shares sum to 100)."""
        rows = []
        for i in range(1, MILESTONE_ROWS + 1):
            title, share = self[f"milestone_{i}_title"].data, self[f"milestone_{i}_share"].data
            due = self[f"milestone_{i}_due_on"].data
            if (title or "").strip() or share is not None:
                rows.append({"title": (title or "").strip(), "share": str(share) if share is not None else "",
                             "due_on": due.isoformat() if due else None})
        return rows

    def criteria(self) -> dict:
        return {name: self[f"criterion_{i}"].data or 0 for i, (name, _weight) in enumerate(DEFAULT_CRITERIA, 1)
                if self[f"criterion_{i}"].data}


for _i in range(1, MILESTONE_ROWS + 1):
    setattr(OpenCallForm, f"milestone_{_i}_title",
            StringField(_l("里程碑 %(n)d", n=_i), validators=[Optional(), Length(max=200)]))
    setattr(OpenCallForm, f"milestone_{_i}_share",
            DecimalField(_l("占榜额百分比"), places=2, validators=[Optional(), NumberRange(min=0.01, max=100)]))
    setattr(OpenCallForm, f"milestone_{_i}_due_on", DateField(_l("到期日"), validators=[Optional()],
                                                              description=_l("选填：晚于此日报告即为逾期。")))
for _i, (_name, _weight) in enumerate(DEFAULT_CRITERIA, 1):
    setattr(OpenCallForm, f"criterion_{_i}",
            IntegerField(_name, default=_weight, validators=[Optional(), NumberRange(min=0, max=100)]))


class DeadlinesForm(FlaskForm):
    """New deadlines for a call still taking proposals."""

    PREFIX = "deadlines"  # the call page holds other forms with fields of these names

    submission_deadline = local_datetime_field(_l("揭榜截止时间"), validators=[Optional(), within_planning_years])
    delivery_deadline = local_datetime_field(_l("交付期限"), validators=[Optional(), within_planning_years])


class CancelForm(FlaskForm):
    """Withdrawing a call (撤榜), with the reason applicants are told."""

    PREFIX = "cancel"  # the award form on the same page has a `reason` too

    reason = TextAreaField(_l("撤榜理由"), validators=[Optional(), Length(max=1000)],
                           description=_l("将通知所有已提交方案的机构。"))


# -- proposals -------------------------------------------------------------------------------------------------------

TEAM_ROWS = 5
ATTACHMENT_ACCEPT = ".pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx"


class TeamMemberForm(Form):
    """One row of the team table (a plain Form: the proposal form carries the CSRF token)."""

    name = StringField(_l("姓名"), validators=[Optional(), Length(max=TEAM_TEXT_MAX)])
    title = StringField(_l("职称"), validators=[Optional(), Length(max=TEAM_TEXT_MAX)])
    role = StringField(_l("分工"), validators=[Optional(), Length(max=TEAM_TEXT_MAX)])


class ProposalForm(FlaskForm):
    """A team's proposal: approach, plan, budget, team rows and files; the service checks what is required."""

    approach = TextAreaField(_l("技术路线"), validators=[Optional(), Length(max=APPROACH_MAX)],
                             description=_l("拟采用的技术方案、关键指标和创新点。"))
    plan = TextAreaField(_l("实施计划"), validators=[Optional(), Length(max=PLAN_MAX)],
                         description=_l("分阶段的进度安排，与榜单的里程碑对应。"))
    budget_wan = MoneyField(_l("经费预算（万元）"), validators=[InputRequired(message=_l("请填写经费预算。")),
                                                          NumberRange(min=0)])
    team = FieldList(FormField(TeamMemberForm), label=_l("团队成员"), min_entries=TEAM_ROWS, max_entries=TEAM_MAX)
    files = MultipleFileField(_l("附件"), description=_l(
        "PDF、Word、Excel 或 PowerPoint 文件，每个不超过 20 MB，每份方案最多 %(n)d 个。", n=MAX_FILES))

    def content(self) -> dict:
        """The proposal's content for the service: the team rows that have anything in them."""
        team = [{key: (row.get(key) or "").strip() for key in ("name", "title", "role")} for row in self.team.data]
        return {"approach": self.approach.data or "", "plan": self.plan.data or "", "budget_wan": self.budget_wan.data,
                "team": [row for row in team if any(row.values())]}

    def uploads(self) -> list:
        """The files chosen (a browser sends an empty part when none is)."""
        return [upload for upload in (self.files.data or []) if getattr(upload, "filename", None)]


def proposal_values(proposal: Proposal) -> dict:
    """A stored proposal as the proposal form's data."""
    return {"approach": proposal.approach, "plan": proposal.plan, "budget_wan": proposal.budget_wan,
            "team": list(proposal.team)}


# -- review ----------------------------------------------------------------------------------------------------------

class PanelForm(FlaskForm):
    """The call's expert panel: the experts ticked (seated or suggested) and any others by user id."""

    user_ids = MultiCheckboxField(_l("评审专家"), coerce=int, validate_choice=False)
    other_ids = StringField(_l("用户编号"), validators=[Optional(), Length(max=400)],
                            description=_l("其他在册专家的用户编号，多个用逗号分隔。"))

    def expert_ids(self) -> list[int]:
        """The ticked experts and the typed ids, in that order; a typed value that is no id is a field error."""
        typed = [part.strip() for part in _ID_SEPARATORS.split(self.other_ids.data or "") if part.strip()]
        if any(not (part.isascii() and part.isdigit()) or not 0 < int(part) <= MAX_ID for part in typed):
            message = _("用户编号须为正整数，多个用逗号分隔。")
            raise ValidationError(message, {"other_ids": message})
        return list(dict.fromkeys([*(self.user_ids.data or []), *(int(part) for part in typed)]))


class DeclarationForm(FlaskForm):
    """An assigned expert's declaration: "false" (no conflict of interest) or "true" (one: withdraw)."""

    conflict = HiddenField(validators=[AnyOf(["true", "false"])])


def score_form(call: OpenCall, **kwargs) -> FlaskForm:
    """An expert's scores of one proposal: an integer 0–100 per criterion of the call's rubric, and a comment."""

    class ScoreForm(FlaskForm):
        comment = TextAreaField(_l("评语"), validators=[Optional(), Length(max=COMMENT_MAX)])

        def criteria(self) -> dict[str, int]:
            """The scores by criterion name, for the service."""
            return {c["name"]: self[f"criterion_{i}"].data for i, c in enumerate(call.criteria, 1)}

        def criterion_fields(self) -> list:
            """The criterion inputs, in the rubric's order."""
            return [self[f"criterion_{i}"] for i in range(1, len(call.criteria) + 1)]

    message = _l("请打 0 至 100 的整数分。")
    for i, criterion in enumerate(call.criteria, 1):
        setattr(ScoreForm, f"criterion_{i}", IntegerField(
            _l("%(name)s（权重 %(weight)d%%）", name=criterion["name"], weight=criterion["weight"]),
            validators=[InputRequired(message=message), NumberRange(min=0, max=100, message=message)],
            render_kw={"min": 0, "max": 100, "step": 1, "inputmode": "numeric"}))
    return ScoreForm(**kwargs)


def score_values(call: OpenCall, criteria: dict) -> dict:
    """An expert's stored scores as the score form's data."""
    return {f"criterion_{i}": criteria.get(c["name"]) for i, c in enumerate(call.criteria, 1)}


class AwardForm(FlaskForm):
    proposal_ids = SelectMultipleField(_l("中榜方案"), coerce=int, validate_choice=False)
    reason = TextAreaField(_l("定榜理由"), validators=[Optional(), Length(max=REASON_MAX)],
                           description=_l("向各揭榜方公布的定榜依据。"))


# -- delivery --------------------------------------------------------------------------------------------------------

class MilestoneReportForm(FlaskForm):
    proposal_id = IdField()
    report = TextAreaField(_l("完成情况"), validators=[Optional(), Length(max=REPORT_MAX)])


class MilestoneDecisionForm(FlaskForm):
    proposal_id = IdField()
    decision = HiddenField(validators=[AnyOf(["accept", "reject"])])
    note = TextAreaField(_l("验收意见"), validators=[Optional(), Length(max=NOTE_MAX)],
                         description=_l("不通过验收时必填。"))
