"""Form pieces shared by every area, and the bridge that lets the JSON API reuse the same forms."""
from __future__ import annotations

import re
from collections.abc import Mapping

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import Field, SelectMultipleField, StringField, widgets
from wtforms.validators import ValidationError as WTFormsValidationError

from matchmaker.errors import ValidationError

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
    """Bind a WTForms form to a JSON payload so the API validates exactly like the web form."""
    return form_class(formdata=json_to_formdata(payload), meta={"csrf": False}, **kwargs)


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


def apply_errors(form: FlaskForm, error: ValidationError) -> None:
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
