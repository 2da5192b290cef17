"""JSON API v1."""
from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

# Imported for their side effect: each module adds its routes to `bp`.
from matchmaker.api import accounts, admin, events, market, matching, openapi  # noqa: F401
