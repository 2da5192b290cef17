"""The web form that turns a need into an open call: reward, deadlines, up to three milestones, rubric weights."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DecimalField, IntegerField, StringField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from matchmaker.events.forms import local_datetime_field, within_planning_years
from matchmaker.forms import MoneyField
from matchmaker.open_calls.services import DEFAULT_CRITERIA

MILESTONE_ROWS = 3



class OpenCallForm(FlaskForm):
    reward_wan = MoneyField(_l("榜额（万元）"), validators=[InputRequired(), NumberRange(min=0.01)])
    submission_deadline = local_datetime_field(_l("揭榜截止时间"), validators=[InputRequired(), within_planning_years])
    delivery_deadline = local_datetime_field(_l("交付期限"), validators=[InputRequired(), within_planning_years])
    blind = BooleanField(_l("盲评：专家看不到揭榜方名称"))

    def milestones(self) -> list[dict]:
        """The filled milestone rows, for the service (which checks that the shares sum to 100)."""
        rows = []
        for i in range(1, MILESTONE_ROWS + 1):
            title, share = self[f"milestone_{i}_title"].data, self[f"milestone_{i}_share"].data
            if (title or "").strip() or share is not None:
                rows.append({"title": (title or "").strip(), "share": str(share) if share is not None else ""})
        return rows

    def criteria(self) -> dict:
        return {name: self[f"criterion_{i}"].data or 0 for i, (name, _weight) in enumerate(DEFAULT_CRITERIA, 1)
                if self[f"criterion_{i}"].data}


for _i in range(1, MILESTONE_ROWS + 1):
    setattr(OpenCallForm, f"milestone_{_i}_title",
            StringField(_l("里程碑 %(n)d", n=_i), validators=[Optional(), Length(max=200)]))
    setattr(OpenCallForm, f"milestone_{_i}_share",
            DecimalField(_l("占榜额百分比"), places=2, validators=[Optional(), NumberRange(min=0.01, max=100)]))
for _i, (_name, _weight) in enumerate(DEFAULT_CRITERIA, 1):
    setattr(OpenCallForm, f"criterion_{_i}",
            IntegerField(_name, default=_weight, validators=[Optional(), NumberRange(min=0, max=100)]))
