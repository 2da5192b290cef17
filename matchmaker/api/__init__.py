"""JSON API v1."""
from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

# Imported for their side effect: each module adds its routes to `bp`.
# brokerage: interests, the broker queue, cases and contracts; stats: the dashboard's numbers.
# me: the caller's own account.
from matchmaker.api import (  # noqa: F401
    accounts,
    admin,
    brokerage,
    events,
    finance,
    imports,
    market,
    matching,
    me,
    open_call_proposals,
    open_call_review,
    open_calls,
    openapi,
    stats,
    targets,
)
