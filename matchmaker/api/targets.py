"""Yearly targets and their monitoring: `GET /api/v1/targets` for the dashboard's readers, `PUT
/api/v1/targets/<year>` for administrators."""
from __future__ import annotations

from flask import g, jsonify, request
from flask_babel import gettext as _

from matchmaker.api import bp
from matchmaker.api.auth import token_required
from matchmaker.api.common import json_body
from matchmaker.dashboard.access import can_view_dashboard
from matchmaker.errors import PermissionDenied
from matchmaker.extensions import db
from matchmaker.i18n import label
from matchmaker.targets import progress, services
from models.choices import PROVINCES, Indicator


def monitoring_json(period: services.Period) -> dict:
    """The answer of both operations: every indicator of the period's year and region, judged on its day."""
    rows = progress.progress(db.session, period.year, period.region, period.as_of)
    return {"year": period.year, "region": period.region or None, "as_of": period.as_of.isoformat(),
            "items": [{**row.as_json(), "label": label("indicator", row.indicator.value)} for row in rows]}


@bp.get("/targets")
@token_required
def targets():
    """Every indicator's target, target to date, actual value, pace needed and projection (`year`, `region`,
    `month` optional)."""
    if not can_view_dashboard(g.api_user):
        raise PermissionDenied(_("只有管理员和活动组织者可以查看目标监测。"))
    return jsonify(monitoring_json(services.period(request.args)))


@bp.put("/targets/<int:year>")
@token_required
def put_targets(year: int):
    """Set the year's targets for the whole market or a province (administrators)."""
    body = json_body()
    services.set_targets(db.session, g.api_user, year, body)
    region = services.check_region(body.get("region"))
    return jsonify(monitoring_json(services.period({"year": str(year), "region": region})))


# -- OpenAPI (merged into /api/v1/openapi.json by matchmaker.api.openapi) ---------------------------------------------

_NUMBER = {"type": "number", "minimum": 0, "maximum": 1e12}
_NULLABLE_NUMBER = {"anyOf": [{"type": "number"}, {"type": "null"}]}
_CODES = [indicator.value for indicator in Indicator]


def _error(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": {
        "$ref": "#/components/schemas/Error"}}}}


def _query(name: str, description: str, schema: dict) -> dict:
    return {"name": name, "in": "query", "required": False, "description": description, "schema": schema}


OPENAPI_SCHEMAS = {
    "TargetsInput": {
        "type": "object",
        "required": ["indicators"],
        "description": "Targets of one year for the whole market (no region) or a province. Each named indicator is "
                       "set (a number, or a value with a quarterly split whose four numbers sum to it, ±0.01) or "
                       "removed (null); the others keep their targets.",
        "properties": {
            "region": {"anyOf": [{"type": "string", "enum": PROVINCES}, {"type": "null"}],
                       "description": "A province; absent, null or empty for the whole market."},
            "indicators": {
                "type": "object",
                "propertyNames": {"enum": _CODES},
                "additionalProperties": {"anyOf": [
                    _NUMBER,
                    {"type": "object", "required": ["value"], "additionalProperties": False,
                     "properties": {"value": _NUMBER,
                                    "quarters": {"anyOf": [{"type": "array", "items": _NUMBER, "minItems": 4,
                                                            "maxItems": 4}, {"type": "null"}]}}},
                    {"type": "null"},
                ]},
            },
        },
    },
    "Monitoring": {
        "type": "object",
        "required": ["year", "region", "as_of", "items"],
        "description": "Every indicator, in a fixed order, judged on `as_of` (see README, Targets and monitoring). "
                       "Money in 万元 and every derived number have two decimals; counts are whole numbers.",
        "properties": {
            "year": {"type": "integer"},
            "region": {"anyOf": [{"type": "string", "enum": PROVINCES}, {"type": "null"}],
                       "description": "null for the whole market."},
            "as_of": {"type": "string", "format": "date",
                      "description": "The day judged: today, or the asked month's last day if earlier, clamped into "
                                     "the year (a year not begun is judged on today, with nothing counted)."},
            "items": {"type": "array", "items": {
                "type": "object",
                "required": ["indicator", "label", "target", "target_to_date", "actual", "pace_needed", "projection",
                             "behind"],
                "properties": {
                    "indicator": {"type": "string", "enum": _CODES},
                    "label": {"type": "string", "description": "The indicator's name in the reader's language."},
                    "target": {**_NULLABLE_NUMBER, "description": "The yearly target; null when none is set."},
                    "quarters": {"anyOf": [{"type": "array", "items": {"type": "number"}, "minItems": 4,
                                            "maxItems": 4}, {"type": "null"}],
                                 "description": "The target's quarterly split, if any."},
                    "target_to_date": {**_NULLABLE_NUMBER,
                                       "description": "What the target asks for by as_of; null without a target."},
                    "actual": {"type": "number", "description": "From 1 January to as_of (brokers: on as_of)."},
                    "pace_needed": {**_NULLABLE_NUMBER,
                                    "description": "(target − actual) per remaining month; 0 once met; null without a "
                                                   "target or time left."},
                    "projection": {**_NULLABLE_NUMBER,
                                   "description": "The year's end at the pace so far; null before the year begins."},
                    "behind": {"type": "boolean", "description": "A target is set and actual < target_to_date."},
                },
            }},
        },
    },
}

OPENAPI_PATHS = {
    "/api/v1/targets": {
        "get": {
            "operationId": "targets",
            "summary": "Targets and monitoring (动态监测): each indicator against its target (administrators and "
                       "organisers).",
            "security": [{"bearerAuth": []}],
            "parameters": [
                _query("year", "The year, 2000–2100 (default: this year).", {"type": "integer"}),
                _query("region", "A province (default: the whole market).", {"type": "string"}),
                _query("month", "1–12: judge as of that month's last day, or today if earlier.", {"type": "integer"}),
            ],
            "responses": {
                "200": {"description": "Every indicator.", "content": {"application/json": {"schema": {
                    "$ref": "#/components/schemas/Monitoring"}}}},
                "401": _error("No valid bearer token."),
                "403": _error("The caller is neither an administrator nor an organiser."),
                "422": _error("A bad year, month or region; `error.fields` names it."),
            },
        },
    },
    "/api/v1/targets/{year}": {
        "put": {
            "operationId": "set_targets",
            "summary": "Set, change or remove the year's targets for the whole market or a province "
                       "(administrators); answers as GET /api/v1/targets.",
            "security": [{"bearerAuth": []}],
            "parameters": [{"name": "year", "in": "path", "required": True, "schema": {"type": "integer"}}],
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "$ref": "#/components/schemas/TargetsInput"}}}},
            "responses": {
                "200": {"description": "The year's targets and monitoring for the region.",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Monitoring"}}}},
                "401": _error("No valid bearer token."),
                "403": _error("The caller is not an administrator."),
                "404": _error("The year is not a whole number."),
                "409": _error("Another administrator created one of these targets at the same moment; try again."),
                "413": _error("The body is larger than 1 MB."),
                "422": _error("Invalid targets; `error.fields` names each (`year`, `region`, `indicators`, "
                              "`indicators.<code>`, `indicators.<code>.quarters`)."),
            },
        },
    },
}
