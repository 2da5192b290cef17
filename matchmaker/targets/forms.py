"""The admin's targets form: one yearly value per indicator, and an optional split into four quarters."""
from __future__ import annotations

from decimal import Decimal

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms.validators import NumberRange, Optional

from matchmaker.errors import ValidationError
from matchmaker.forms import MoneyField
from models import Target
from models.choices import Indicator

QUARTERS = (1, 2, 3, 4)


class TargetField(MoneyField):
    """A target: up to 10^12 with two decimals, shown without trailing zeros (12, not 12.00)."""

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return format(self.data.normalize(), "f") if self.data is not None else ""


def quarter_name(code: str, quarter: int) -> str:
    """The form field of one quarter of an indicator's split."""
    return f"{code}_q{quarter}"


class TargetsForm(FlaskForm):
    """Fields `<code>` (the yearly target; empty: none) and `<code>_q1`…`<code>_q4` (all four or none)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.split_errors: dict[str, list[str]] = {}

    def fill(self, targets: dict[Indicator, Target]) -> None:
        """Show the targets already set."""
        for indicator, target in targets.items():
            self[indicator.value].data = Decimal(target.value)
            for quarter, value in zip(QUARTERS, target.quarters or (), strict=False):
                self[quarter_name(indicator.value, quarter)].data = Decimal(str(value))

    def rows(self) -> list[tuple[Indicator, object, list]]:
        """(indicator, value field, quarter fields) in Indicator order, for the template."""
        return [(indicator, self[indicator.value], [self[quarter_name(indicator.value, q)] for q in QUARTERS])
                for indicator in Indicator]

    def indicators(self) -> dict[str, object] | None:
        """The `indicators` object of the service's body; None (with errors beside the splits) when a split is only
        partly filled in or has no yearly value."""
        body: dict[str, object] = {}
        for indicator, value_field, quarter_fields in self.rows():
            quarters = [field.data for field in quarter_fields]
            filled = [q is not None for q in quarters]
            if any(filled) and (not all(filled) or value_field.data is None):
                self.split_errors[indicator.value] = [str(_l("季度分解须四个季度都填写（且填写全年目标），或全部留空。"))]
                continue
            if value_field.data is None:
                body[indicator.value] = None
            elif all(filled):
                body[indicator.value] = {"value": value_field.data, "quarters": quarters}
            else:
                body[indicator.value] = value_field.data
        return None if self.split_errors else body

    def apply(self, error: ValidationError) -> None:
        """Put the service's field errors beside their fields."""
        for key, message in error.fields.items():
            parts = key.split(".")
            if len(parts) == 3 and parts[2] == "quarters" and parts[1] in self:
                self.split_errors.setdefault(parts[1], []).append(message)
            elif len(parts) == 2 and parts[1] in self:
                self[parts[1]].errors = [*self[parts[1]].errors, message]
            else:
                self.form_errors.append(message)


def _add_fields() -> None:
    """One value and four quarter fields per indicator, under the indicator's name (the fieldset's legend)."""
    for indicator in Indicator:
        code = indicator.value
        setattr(TargetsForm, code, TargetField(_l("全年目标"), precision=14,
                                               validators=[Optional(), NumberRange(min=0)]))
        for quarter in QUARTERS:
            setattr(TargetsForm, quarter_name(code, quarter),
                    TargetField(_l("第%(n)d季度", n=quarter), precision=14, validators=[Optional(), NumberRange(min=0)]))


_add_fields()
