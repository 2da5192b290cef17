"""Form pieces shared by every area, and the bridge that lets the JSON API reuse the same forms."""
from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import (
    BooleanField,
    DecimalField,
    Field,
    FloatField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    widgets,
)
from wtforms.validators import NumberRange, Optional, StopValidation
from wtforms.validators import ValidationError as WTFormsValidationError

from matchmaker.errors import DomainError, ValidationError
from matchmaker.i18n import code_of
from matchmaker.request_guards import MAX_ID
from models.choices import LABELS_ZH

_LIST_SEPARATORS = re.compile(r"[,，;；、\n]+")


class ListField(StringField):
    """A list of short strings, typed comma-separated in a form or sent as a JSON array."""

    def __init__(self, *args, max_items: int = 20, max_length: int = 60, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_items = max_items
        self.max_length = max_length

    def process_formdata(self, valuelist):
        items: list[str] = []
        for value in valuelist:
            items.extend(part.strip() for part in _LIST_SEPARATORS.split(str(value)))
        self.data = list(dict.fromkeys(item for item in items if item))

    def _value(self):
        return "，".join(self.data or [])

    def pre_validate(self, form):
        self.data = self.data or []
        if len(self.data) > self.max_items:
            raise WTFormsValidationError(_l("最多 %(n)d 项。", n=self.max_items))
        if any(len(item) > self.max_length for item in self.data):
            raise WTFormsValidationError(_l("每项最多 %(n)d 个字符。", n=self.max_length))


class MoneyField(DecimalField):
    """An amount in 万元 with two decimals that its NUMERIC(precision, 2) column can hold: finite and below
    10^(precision − 2)."""

    def __init__(self, label=None, validators=None, precision: int = 12, **kwargs):
        super().__init__(label, validators, places=2, **kwargs)
        self.upper = Decimal(10) ** (precision - 2)

    def pre_validate(self, form):
        # NaN and Infinity parse as Decimals, and comparing a NaN raises: stop before the range validators run.
        if self.data is not None and (not self.data.is_finite() or abs(self.data) >= self.upper):
            raise StopValidation(_l("金额必须是小于 %(n)s 的数字。", n=f"{self.upper:,}"))


class IdField(IntegerField):
    """A row's id given in a form or a JSON body: a positive integer a database column can hold."""

    def __init__(self, label=None, validators=None, **kwargs):
        validators = [*(validators or [Optional()]),
                      NumberRange(min=1, max=MAX_ID, message=_l("编号必须是正整数。"))]
        super().__init__(label, validators, **kwargs)


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def json_to_formdata(payload: Mapping, prefix: str = "") -> MultiDict:
    """Flatten a JSON object into form data: lists become repeated keys, objects become `name-sub` keys."""
    data = MultiDict()
    for key, value in payload.items():
        name = f"{prefix}{key}"
        if value is None or value is False:
            continue
        if isinstance(value, Mapping):
            data.update(json_to_formdata(value, prefix=f"{name}-"))
        elif isinstance(value, list):
            for item in value:
                data.add(name, "" if item is None else str(item))
        elif value is True:
            data.add(name, "y")
        else:
            data.add(name, str(value))
    return data


def api_form(form_class: type[FlaskForm], payload: Mapping, **kwargs) -> FlaskForm:
    """Bind a WTForms form to a JSON payload so the API validates exactly like the web form.

    The JSON types are checked first (a 422 naming each field): the form would read `["a", "b"]` or `12345` as the
    text of a title.
    """
    form = form_class(formdata=json_to_formdata(payload), meta={"csrf": False}, **kwargs)
    errors = {name: message for name, value in payload.items()
              if (field := form._fields.get(name)) is not None and (message := _json_type_error(field, value))}
    if errors:
        raise ValidationError(_l("提交的数据有误。"), errors)
    coded = _labels_as_codes(form, payload)
    if coded is not payload:
        form = form_class(formdata=json_to_formdata(coded), meta={"csrf": False}, **kwargs)
    return form


def _labels_as_codes(form: FlaskForm, payload: Mapping) -> Mapping:
    """The payload with each vocabulary value given by its label (Chinese, or the reader's language) replaced by its
    code, as the import and the `field` key already allow: "中试" for "pilot", ["许可", "转让"] for transfer modes."""
    changed = dict(payload)
    for name, value in payload.items():
        field = form._fields.get(name)
        if not isinstance(field, SelectField | SelectMultipleField) or not field.choices:
            continue
        codes = {str(choice.value if hasattr(choice, "value") else choice[0]) for choice in field.choices}
        group = next((group for group, labels in LABELS_ZH.items() if codes <= set(labels) | {""}), None)
        if group is None:
            continue
        if isinstance(value, str):
            changed[name] = code_of(group, value) if value not in codes else value
        elif isinstance(value, list):
            changed[name] = [code_of(group, item) if isinstance(item, str) and item not in codes else item
                             for item in value]
    return changed if changed != dict(payload) else payload


_NUMBER_FIELDS = (IntegerField, DecimalField, FloatField)


def _json_type_error(field: Field, value) -> str | None:
    """Why a JSON value cannot be given for a field, or None when its type fits."""
    # Decimals and dates are never parsed from JSON: they are a posting's stored values, merged under a PATCH.
    if value is None or isinstance(value, Decimal | date):
        return None
    if isinstance(field, ListField | SelectMultipleField):
        items = value if isinstance(value, list) else [value]
        if all(isinstance(item, str) for item in items) and (isinstance(value, list) or isinstance(field, ListField)):
            return None
        return str(_l("应为字符串数组。"))
    if isinstance(field, BooleanField):
        return None if isinstance(value, bool) else str(_l("应为 true 或 false。"))
    if isinstance(field, _NUMBER_FIELDS):
        ok = isinstance(value, int | float | str) and not isinstance(value, bool)
        return None if ok else str(_l("应为数字。"))
    if isinstance(value, str):
        return None
    # Selects of numbers (a priority, a host organisation's id) take a JSON number as well as its digits.
    if isinstance(field, SelectField) and isinstance(value, int) and not isinstance(value, bool):
        return None
    return str(_l("应为字符串。"))


def form_errors(form: FlaskForm, prefix: str = "") -> dict[str, str]:
    """The first error of each field, keyed `name` or `parent.name` for nested forms."""
    flat: dict[str, str] = {}
    for name, errors in form.errors.items():
        if isinstance(errors, dict):
            for sub, sub_errors in errors.items():
                flat[f"{prefix}{name}.{sub}"] = str(sub_errors[0])
        elif errors:
            flat[f"{prefix}{name}"] = str(errors[0])
    return flat


def apply_errors(form: FlaskForm, error: DomainError) -> None:
    """Copy a service's field errors onto the form so they render next to their fields."""
    for dotted, message in error.fields.items():
        field: Field | FlaskForm | None = form
        for part in dotted.split("."):
            field = getattr(field, part, None) if field is not None else None
            if hasattr(field, "form"):  # a FormField: descend into the nested form
                field = field.form
        target = field if isinstance(field, Field) else None
        if target is not None:
            target.errors = [*list(target.errors or []), message]
        else:
            form.form_errors.append(message)
