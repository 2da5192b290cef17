"""The dashboard's filter: a range of Beijing dates and a field, read from the query string by page and API alike."""
from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField
from wtforms.validators import Optional
from wtforms.validators import ValidationError as WTFormsValidationError

from matchmaker.dashboard.stats import StatsFilter
from matchmaker.i18n import field_name
from models import TechField

EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)


class StatsFilterForm(FlaskForm):
    """GET parameters `start`, `end` (YYYY-MM-DD, inclusive) and `field` (a field code); all optional."""

    class Meta:
        csrf = False

    start = DateField(_l("开始日期"), validators=[Optional()])
    end = DateField(_l("结束日期"), validators=[Optional()])
    field = SelectField(_l("技术领域"), validators=[Optional()], default="")

    def __init__(self, *args, fields: list[TechField] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self._taxonomy = {f.code: f for f in fields}
        self.field.choices = [("", _l("全部领域")), *((f.code, field_name(f)) for f in fields)]

    @staticmethod
    def _within_bounds(field) -> None:
        if field.data and not EARLIEST <= field.data <= LATEST:
            raise WTFormsValidationError(_l("日期须在 2000-01-01 至 2100-12-31 之间。"))

    def validate_start(self, field) -> None:
        self._within_bounds(field)

    def validate_end(self, field) -> None:
        self._within_bounds(field)
        if field.data and self.start.data and field.data < self.start.data:
            raise WTFormsValidationError(_l("结束日期不能早于开始日期。"))

    def filters(self) -> StatsFilter:
        """The validated filter."""
        return StatsFilter(start=self.start.data, end=self.end.data, field=self._taxonomy.get(self.field.data or ""))
