"""Error pages for people and the JSON error shape for the API."""
from __future__ import annotations

import logging

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from matchmaker.errors import DomainError

log = logging.getLogger(__name__)


def wants_json() -> bool:
    return request.path.startswith("/api/")


def json_error(status: int, code: str, message: str, fields: dict[str, str] | None = None):
    """The API's one error shape: {"error": {"code", "message", "fields"}}."""
    body = {"error": {"code": code, "message": message, "fields": fields or {}}}
    return jsonify(body), status


_HTTP_CODES = {
    400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
    409: "conflict", 413: "payload_too_large", 415: "unsupported_media_type", 422: "validation_error",
    429: "too_many_requests",
}


def register(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def _domain(error: DomainError):
        if wants_json():
            return json_error(error.status, error.code, error.message, error.fields)
        status = error.web_status or error.status
        return render_template("errors/error.html", status=status, message=error.message), status

    @app.errorhandler(CSRFError)
    def _csrf(error: CSRFError):
        message = _("表单已失效或缺少安全令牌，请刷新页面后重试。")
        return render_template("errors/error.html", status=400, message=message), 400

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException):
        status = error.code or 500
        if wants_json():
            message = _http_message(status) if status == 429 else error.description or error.name
            return json_error(status, _HTTP_CODES.get(status, "error"), message)
        return render_template("errors/error.html", status=status, message=_http_message(status)), status

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        log.exception("unhandled error on %s %s", request.method, request.path)
        if wants_json():
            return json_error(500, "internal_error", _("服务器内部错误，请稍后再试。"))
        return render_template("errors/error.html", status=500, message=_http_message(500)), 500


def _upload_limit() -> str:
    """This request's body limit in MB: uploads raise the 1 MB default on their own routes."""
    limit = request.max_content_length or 1024 * 1024
    return f"{limit / (1024 * 1024):g} MB"


def _http_message(status: int) -> str:
    messages = {
        400: _("请求有误。"),
        403: _("您无权访问此页面。"),
        404: _("页面不存在。"),
        405: _("不支持该请求方法。"),
        413: _("提交的内容过大（上限 %(size)s）。", size=_upload_limit()),
        429: _("尝试次数过多，请稍后再试。"),
        500: _("服务器内部错误，请稍后再试。"),
    }
    return messages.get(status, _("请求无法完成。"))
