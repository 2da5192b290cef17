"""Request parsing shared by the API views: the JSON body and form validation."""
from __future__ import annotations

from flask import request
from flask_babel import gettext as _
from flask_wtf import FlaskForm

from matchmaker.errors import DomainError, ValidationError
from matchmaker.forms import form_errors


def json_body() -> dict:
    """The request's JSON object; anything else is a 400 (an oversize body is a 413 first)."""
    request.get_data(cache=True)  # reads within MAX_CONTENT_LENGTH, or raises 413 whatever the content type
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise DomainError(_("请求体必须是 JSON 对象。"))
    return body


def validate(*forms: tuple[FlaskForm, str]) -> None:
    """Validate every (form, error prefix) pair and report all their errors at once as a 422."""
    errors: dict[str, str] = {}
    for form, prefix in forms:
        if not form.validate():
            errors.update(form_errors(form, prefix=prefix))
    if errors:
        raise ValidationError(_("提交的数据有误。"), errors)
