"""The expert profile form, shared by the account page, the admin's user page and PUT /api/v1/me/expert-profile."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import Length, Optional

from matchmaker.experts.services import AFFILIATION_MAX
from matchmaker.forms import MultiCheckboxField


class ExpertProfileForm(FlaskForm):
    """The fields an expert judges and where they work."""

    # The service checks the fields (codes or names), so a form, a page and the API refuse them the same way.
    fields = MultiCheckboxField(_l("评审领域"), validate_choice=False,
                                description=_l("平台按领域向榜单推荐评审专家"))
    affiliation = StringField(_l("工作单位"), validators=[Optional(), Length(max=AFFILIATION_MAX)],
                              description=_l("如“并州科技大学 材料科学与工程学院”"))

    def __init__(self, *args, field_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.choices = list(field_choices)
