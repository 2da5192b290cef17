"""Request schemas are read off the forms that validate the same bodies, so the document cannot drift from them."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, StringField
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional

from matchmaker.api.form_schema import form_schema
from matchmaker.forms import ListField, MoneyField, MultiCheckboxField


class _Form(FlaskForm):
    title = StringField(validators=[DataRequired(), Length(min=2, max=50)])
    email = StringField(validators=[Optional(), Email(), Length(max=254)])
    count = IntegerField(validators=[Optional(), NumberRange(min=1, max=9)])
    price = MoneyField(validators=[Optional()])
    tags = ListField(max_items=5, max_length=12)
    modes = MultiCheckboxField(validators=[DataRequired()])
    agreed = BooleanField()


SCHEMA = form_schema(_Form, enums={"modes": ["a", "b"]}, extra={"title": {"description": "What it is."}})


def _optional(name: str) -> dict:
    [value, null] = SCHEMA["properties"][name]["anyOf"]
    assert null == {"type": "null"}
    return value


def test_required_keys_are_the_fields_with_a_required_validator():
    assert SCHEMA["required"] == ["title", "modes"]


def test_lengths_and_ranges_come_from_the_validators():
    assert SCHEMA["properties"]["title"] == {"type": "string", "minLength": 2, "maxLength": 50,
                                             "description": "What it is."}
    assert _optional("count") == {"type": "integer", "minimum": 1, "maximum": 9}
    assert _optional("email") == {"type": "string", "format": "email", "maxLength": 254}


def test_lists_keep_their_item_limits_and_choices_their_enums():
    assert _optional("tags") == {"type": "array", "maxItems": 5, "items": {"type": "string", "maxLength": 12}}
    assert SCHEMA["properties"]["modes"] == {"type": "array", "items": {"type": "string", "enum": ["a", "b"]},
                                             "minItems": 1}


def test_an_amount_is_bounded_by_its_column():
    assert _optional("price")["exclusiveMaximum"] == 10**10


def test_the_documented_offer_input_has_the_offer_forms_limits(client):
    offer = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]["OfferInput"]["properties"]

    assert offer["contact_phone"]["anyOf"][0]["maxLength"] == 30
    assert offer["contact_name"]["anyOf"][0]["maxLength"] == 100
    assert offer["description"]["minLength"] == 10
