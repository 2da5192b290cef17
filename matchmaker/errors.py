"""Domain errors raised by services and translated to HTTP by the web and API layers."""
from __future__ import annotations


class DomainError(Exception):
    """Base of errors a service raises on purpose."""

    status = 400
    code = "bad_request"
    web_status: int | None = None  # what a page answers, when not `status`

    def __init__(self, message: str = "", fields: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields or {}


class ValidationError(DomainError):
    """Input that breaks a rule; `fields` maps each offending field to its message."""

    status = 422
    code = "validation_error"


class Unauthorized(DomainError):
    """No valid credentials were presented."""

    status = 401
    code = "unauthorized"


class PermissionDenied(DomainError):
    status = 403
    code = "forbidden"


class NotFound(DomainError):
    status = 404
    code = "not_found"


class Conflict(DomainError):
    status = 409
    code = "conflict"


class PageBeyondLast(ValidationError):
    """A page number past a list's last page: a 422 naming `page` in the API, and no such page (404) on the web."""

    web_status = 404
