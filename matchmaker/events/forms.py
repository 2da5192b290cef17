"""Event forms: the event itself, its programme, registration with availability, and 1:1 meeting requests."""
from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateTimeLocalField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import URL, DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.validators import ValidationError as WTFormsValidationError

from matchmaker.config import MARKET_TZ
from matchmaker.forms import MultiCheckboxField
from matchmaker.i18n import choices
from matchmaker.request_guards import parse_id
from models.base import as_utc

_DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


def local_datetime_field(label, **kwargs) -> DateTimeLocalField:
    """A datetime-local input read as Asia/Shanghai time; its data is timezone-aware."""
    return DateTimeLocalField(label, format=_DATETIME_FORMATS, tz=MARKET_TZ,
                              invalid_value_message=_l("请输入有效的日期和时间。"), **kwargs)


def aware(moment: datetime | None) -> datetime | None:
    """A stored time as an aware datetime (SQLite hands back naive UTC)."""
    return as_utc(moment) if moment is not None else None


# Events are planned within this range of years; far outside it a time overflows when converted or stored.
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100


def _within_years(moment: datetime | None) -> None:
    if moment is not None and not EARLIEST_YEAR <= moment.year <= LATEST_YEAR:
        raise WTFormsValidationError(_l("日期须在 %(a)d 年至 %(b)d 年之间。", a=EARLIEST_YEAR, b=LATEST_YEAR))


def within_planning_years(form, field) -> None:
    """A WTForms validator: the date and time lies between EARLIEST_YEAR and LATEST_YEAR."""
    _within_years(field.data)


class _Period:
    """Shared check for forms with starts_at and ends_at."""

    def validate_starts_at(self, field) -> None:
        _within_years(field.data)

    def validate_ends_at(self, field) -> None:
        _within_years(field.data)
        if field.data and self.starts_at.data and field.data <= self.starts_at.data:
            raise WTFormsValidationError(_l("结束时间必须晚于开始时间。"))


class EventForm(_Period, FlaskForm):
    kind = SelectField(_l("活动类型"), validators=[DataRequired()])
    title = StringField(_l("活动名称"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("活动介绍"), validators=[Optional(), Length(max=20000)])
    field = SelectField(_l("技术领域"), validators=[Optional()], default="")
    venue = StringField(_l("地点"), validators=[Optional(), Length(max=200)])
    online_url = StringField(_l("线上参会链接"), validators=[Optional(), URL(message=_l("请输入有效的网址。")),
                                                          Length(max=500)])
    starts_at = local_datetime_field(_l("开始时间"), validators=[InputRequired()],
                                     description=_l("北京时间"))
    ends_at = local_datetime_field(_l("结束时间"), validators=[InputRequired()], description=_l("北京时间"))
    slot_minutes = IntegerField(_l("每轮洽谈时长（分钟）"), default=20,
                                validators=[InputRequired(), NumberRange(min=5, max=240)])
    tables = IntegerField(_l("洽谈桌数"), default=10, validators=[InputRequired(), NumberRange(min=1, max=500)])
    # Only for creators without an organisation of their own; the service checks the choice.
    organisation_id = SelectField(_l("主办机构"), validators=[Optional()], default="", validate_choice=False,
                                  description=_l("您的账号未加入机构，请选择以哪个政府部门的名义举办本活动"))

    def __init__(self, *args, field_choices: list[tuple[str, str]] = (),
                 host_choices: list[tuple[str, str]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = choices("event_kind")
        self.field.choices = [("", _l("不限领域")), *field_choices]
        if host_choices is None:
            del self.organisation_id
        else:
            self.organisation_id.choices = [("", _l("请选择主办机构")), *host_choices]

    def service_data(self) -> dict:
        """The keys create_event and update_event expect."""
        data = {name: self[name].data for name in ("kind", "title", "description", "venue", "online_url",
                                                     "starts_at", "ends_at", "slot_minutes", "tables")}
        data["description"] = data["description"] or ""
        data["venue"] = data["venue"] or ""
        data["online_url"] = data["online_url"] or ""
        data["field"] = self.field.data or None
        if "organisation_id" in self:
            data["organisation_id"] = self.organisation_id.data or None
        return data

    @staticmethod
    def values(event) -> dict:
        """An event's current values, to fill the edit form."""
        return {
            "kind": event.kind.value, "title": event.title, "description": event.description,
            "field": event.field.code if event.field else "", "venue": event.venue, "online_url": event.online_url,
            "starts_at": aware(event.starts_at), "ends_at": aware(event.ends_at),
            "slot_minutes": event.slot_minutes, "tables": event.tables,
        }


class AgendaItemForm(_Period, FlaskForm):
    kind = SelectField(_l("类型"), validators=[DataRequired()])
    title = StringField(_l("题目"), validators=[DataRequired(), Length(max=200)])
    presenter = StringField(_l("报告人 / 路演人"), validators=[Optional(), Length(max=200)])
    starts_at = local_datetime_field(_l("开始时间"), validators=[InputRequired()])
    ends_at = local_datetime_field(_l("结束时间"), validators=[InputRequired()])
    offer_id = HiddenField()
    financing_need_id = HiddenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = choices("agenda_item_kind")

    def service_data(self) -> dict:
        return {
            "kind": self.kind.data, "title": self.title.data, "presenter": self.presenter.data or "",
            "starts_at": self.starts_at.data, "ends_at": self.ends_at.data,
            # parse_id: ASCII digits within a database integer, else None (refused by the service, never a 500).
            "offer_id": parse_id(self.offer_id.data),
            "financing_need_id": parse_id(self.financing_need_id.data),
        }


class RegistrationForm(FlaskForm):
    role = SelectField(_l("参会身份"), default="attendee", validators=[DataRequired()])
    available_slots = MultiCheckboxField(_l("可参加洽谈的时段"),
                                         description=_l("只在勾选的时段为您安排一对一洽谈"))

    def __init__(self, *args, slot_choices: list[tuple[str, str]] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.role.choices = choices("participant_role")
        self.available_slots.choices = list(slot_choices)


PRIORITIES = [("3", _l("非常希望见面")), ("2", _l("希望见面")), ("1", _l("有空可以见"))]


class MeetingRequestForm(FlaskForm):
    to_registration_id = HiddenField(validators=[DataRequired()])
    message = TextAreaField(_l("留言"), validators=[Optional(), Length(max=1000)],
                            description=_l("简要说明想谈什么，对方更愿意接受"))
    priority = SelectField(_l("优先级"), default="2", validators=[DataRequired()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.priority.choices = PRIORITIES

    def validate_to_registration_id(self, field) -> None:
        if not str(field.data or "").isdigit():
            raise WTFormsValidationError(_l("请选择要约见的参会者。"))


class FollowUpForm(FlaskForm):
    follow_up = StringField(_l("后续跟进"), validators=[Optional(), Length(max=500)])
