"""Forms of the user administration pages; the API reads the same list filter."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, StringField
from wtforms.validators import Length, NumberRange, Optional

from matchmaker.admin.users import ROLES, STATUSES
from matchmaker.forms import MultiCheckboxField

ROLE_LABELS = {"broker": _l("技术经纪人"), "organiser": _l("活动组织者"), "expert": _l("评审专家"), "admin": _l("管理员")}
STATUS_LABELS = {"active": _l("正常"), "inactive": _l("已停用"), "all": _l("全部")}


class UserFilterForm(FlaskForm):
    """GET parameters of the user list: `q` (name, e-mail or organisation), `role`, `status`, `page`."""

    class Meta:
        csrf = False

    q = StringField(_l("姓名、邮箱或机构"), validators=[Optional(), Length(max=100)])
    role = SelectField(_l("角色"), validators=[Optional()], default="")
    status = SelectField(_l("状态"), validators=[Optional()], default="all")
    page = IntegerField(validators=[Optional(), NumberRange(min=1, max=100_000)], default=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.role.choices = [("", _l("全部角色")), *((role, ROLE_LABELS[role]) for role in ROLES)]
        self.status.choices = [(status, STATUS_LABELS[status]) for status in STATUSES]

    def filters(self) -> dict:
        """The search arguments, each invalid one replaced by its default (pages use them; the API says 422)."""
        errors = self.errors
        return {
            "q": "" if "q" in errors else (self.q.data or "").strip(),
            "role": "" if "role" in errors else (self.role.data or ""),
            "status": "all" if "status" in errors else (self.status.data or "all"),
            "page": 1 if "page" in errors else (self.page.data or 1),
        }


class RolesForm(FlaskForm):
    """The platform roles of one user."""

    roles = MultiCheckboxField(_l("平台角色"),
                               description=_l("技术经纪人跟进对接；活动组织者举办活动；评审专家评审揭榜方案；管理员管理平台。"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.roles.choices = [(role, ROLE_LABELS[role]) for role in ROLES]


class ReassignForm(FlaskForm):
    """Another broker for a case whose broker is gone."""

    broker_id = SelectField(_l("新的经纪人"), coerce=int, validate_choice=False)

    def __init__(self, *args, brokers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.broker_id.choices = [(b.id, b.display_name) for b in brokers]
