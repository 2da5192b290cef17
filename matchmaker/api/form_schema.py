"""The OpenAPI request schemas, read off the WTForms forms that validate the same bodies (one source of truth).

Types, lengths, ranges, formats and required keys come from each field's class and validators. What a form only
learns at run time (the choices of a select: fields from the database, translated vocabularies) is passed in as
`enums`, and what no form says (descriptions, keys the view reads itself) as `extra`.
"""
from __future__ import annotations

from collections.abc import Mapping

from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    DecimalField,
    FloatField,
    IntegerField,
    SelectMultipleField,
)
from wtforms.fields.core import UnboundField
from wtforms.validators import URL, AnyOf, DataRequired, Email, InputRequired, Length, NumberRange

from matchmaker.forms import ListField, MoneyField


def _unbound_fields(form_class) -> list[tuple[str, UnboundField]]:
    """The form's fields in declaration order, as WTForms' own metaclass finds them."""
    found = [(name, getattr(form_class, name)) for name in dir(form_class)
             if not name.startswith("_") and isinstance(getattr(form_class, name), UnboundField)]
    return sorted(found, key=lambda item: item[1].creation_counter)


def _validators(unbound: UnboundField) -> list:
    given = unbound.kwargs.get("validators")
    if given is None and len(unbound.args) > 1:
        given = unbound.args[1]
    return list(given or [])


def _base_type(unbound: UnboundField) -> dict:
    cls = unbound.field_class
    own = getattr(cls, "json_schema", None)
    if own is not None:
        return dict(own)
    if issubclass(cls, BooleanField):
        return {"type": "boolean"}
    if issubclass(cls, ListField):
        return {"type": "array", "maxItems": unbound.kwargs.get("max_items", 20),
                "items": {"type": "string", "maxLength": unbound.kwargs.get("max_length", 60)}}
    if issubclass(cls, SelectMultipleField):
        return {"type": "array", "items": {"type": "string"}}
    if issubclass(cls, IntegerField):
        return {"type": "integer"}
    if issubclass(cls, MoneyField):
        upper = 10 ** (unbound.kwargs.get("precision", 12) - 2)
        return {"type": "number", "exclusiveMaximum": upper, "exclusiveMinimum": -upper}
    if issubclass(cls, DecimalField | FloatField):
        return {"type": "number"}
    if issubclass(cls, DateTimeLocalField):
        return {"type": "string", "format": "date-time"}
    if issubclass(cls, DateField):
        return {"type": "string", "format": "date"}
    return {"type": "string"}


def _apply(schema: dict, validator) -> None:
    """Narrow a field's schema by one validator (Length on a string, NumberRange on a number, …)."""
    if isinstance(validator, Length) and schema["type"] == "string":
        if validator.min not in (None, -1) and validator.min > 0:
            schema["minLength"] = validator.min
        if validator.max not in (None, -1):
            schema["maxLength"] = validator.max
    elif isinstance(validator, NumberRange) and schema["type"] in ("integer", "number"):
        if validator.min is not None:
            schema["minimum"] = validator.min
        if validator.max is not None:
            schema["maximum"] = validator.max
    elif isinstance(validator, Email):
        schema["format"] = "email"
    elif isinstance(validator, URL):
        schema["format"] = "uri"
    elif isinstance(validator, AnyOf):
        schema["enum"] = list(validator.values)
    elif isinstance(validator, DataRequired | InputRequired) and schema["type"] == "array":
        schema["minItems"] = 1


def form_schema(form_class, *, enums: Mapping[str, list] | None = None, extra: Mapping[str, dict] | None = None,
                description: str | None = None, exclude: tuple[str, ...] = ("csrf_token",)) -> dict:
    """The JSON Schema of the object a form accepts through `matchmaker.forms.api_form`."""
    enums, extra = enums or {}, extra or {}
    properties, required = {}, []
    for name, unbound in _unbound_fields(form_class):
        if name in exclude:
            continue
        schema = _base_type(unbound)
        validators = _validators(unbound)
        for validator in validators:
            _apply(schema, validator)
        if name in enums:
            target = schema["items"] if schema["type"] == "array" else schema
            target["enum"] = list(enums[name])
        schema.update(extra.get(name, {}))
        if any(isinstance(v, DataRequired | InputRequired) for v in validators):
            required.append(name)
        elif not issubclass(unbound.field_class, BooleanField) and not any(isinstance(v, AnyOf) for v in validators):
            schema = {"anyOf": [schema, {"type": "null"}]}  # an optional value may be sent as null, or left out
        properties[name] = schema
    for name, schema in extra.items():
        properties.setdefault(name, schema)
    out = {"type": "object", "properties": properties}
    if required:
        out["required"] = required
    if description:
        out["description"] = description
    return out
