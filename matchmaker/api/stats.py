"""The dashboard's numbers as JSON: `GET /api/v1/stats`, for administrators and organisers."""
from __future__ import annotations

from flask import g, jsonify, request
from flask_babel import gettext as _

from matchmaker.api import bp
from matchmaker.api.auth import token_required
from matchmaker.api.common import validate
from matchmaker.dashboard import stats
from matchmaker.dashboard.access import can_view_dashboard
from matchmaker.dashboard.forms import StatsFilterForm
from matchmaker.errors import PermissionDenied
from matchmaker.extensions import db
from matchmaker.market.services import active_fields
from models.choices import CloseReason, ContractType


@bp.get("/stats")
@token_required
def market_stats():
    """Every number of the dashboard, optionally for a range of days (`start`, `end`) and a `field` code."""
    if not can_view_dashboard(g.api_user):
        raise PermissionDenied(_("只有管理员和活动组织者可以查看统计数据。"))
    form = StatsFilterForm(request.args, fields=active_fields(db.session))
    validate((form, ""))
    return jsonify(stats.dashboard(db.session, form.filters()))


# -- OpenAPI (merged into /api/v1/openapi.json by matchmaker.api.openapi) ---------------------------------------------

_INT = {"type": "integer"}
_WAN = {"type": "number", "description": "万元, two decimals."}
_MONTH = {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}$", "description": "YYYY-MM, Beijing time."}
_RATE = {"anyOf": [{"type": "number", "minimum": 0, "maximum": 1}, {"type": "null"}]}
_FIELD = {"$ref": "#/components/schemas/Field"}


def _object(**properties: dict) -> dict:
    return {"type": "object", "properties": properties}


def _rows(**properties: dict) -> dict:
    return {"type": "array", "items": _object(**properties)}


def _codes(cls) -> dict:
    return {"type": "object", "properties": {member.value: _INT for member in cls}}


def _stats_schema() -> dict:
    return {
        "type": "object",
        "description": "Dates are Beijing dates; a range is inclusive. Every `by_month` list runs over `months`, the "
        "same gap-free axis for all (empty when there is no data). The field of a case, match, verdict or contract "
        "is its offer's; an interest's is that of its offer or need.",
        "properties": {
            "filters": _object(start={"anyOf": [{"type": "string", "format": "date"}, {"type": "null"}]},
                               end={"anyOf": [{"type": "string", "format": "date"}, {"type": "null"}]},
                               field={"anyOf": [{"type": "string"}, {"type": "null"}]}),
            "months": {"type": "array", "items": _MONTH},
            "totals": _object(**{key: _INT for key in (
                "offers", "needs", "interests", "match_cases", "not_relevant", "cases", "contracts",
                "transferred_postings", "events_finished", "participants", "meetings_held")}, turnover_wan=_WAN),
            "on_market": {**_object(offers=_INT, needs=_INT, organisations=_INT),
                          "description": "What the market holds now, whatever the range: published offers and needs "
                          "(of the field), verified organisations; the home page and the market lists show the same."},
            "postings": {**_object(by_month=_rows(month=_MONTH, offers=_INT, needs=_INT),
                                   by_field=_rows(field=_FIELD, offers=_INT, needs=_INT)),
                         "description": "Offers and needs published in the range (by published_at)."},
            "matches": {**_object(by_month=_rows(month=_MONTH, match_cases=_INT, interests=_INT, not_relevant=_INT)),
                        "description": "Cases opened from system matches, interests, and \"not relevant\" verdicts, "
                        "each by its created_at."},
            "funnel": {"type": "array", "description": "Interests created in the range, then the distinct cases "
                       "taken up from them that reached introduced, meeting and signed (closed later or not). rate: "
                       "against the previous step; overall: against the interests.",
                       "items": _object(step={"type": "string", "enum": ["interest", "introduced", "meeting",
                                                                          "signed"]},
                                        count=_INT, rate=_RATE, overall=_RATE)},
            "contracts": {**_object(
                by_month=_rows(month=_MONTH, count=_INT, turnover_wan=_WAN),
                by_field=_rows(field=_FIELD, count=_INT, turnover_wan=_WAN),
                by_type=_rows(type={"type": "string", "enum": [t.value for t in ContractType]}, count=_INT,
                              turnover_wan=_WAN)),
                "description": "Contracts signed in the range (by signed_on)."},
            "brokers": {"type": "array", "description": "Per broker, the cases created in the range: open ones by "
                        "current stage, signed (with turnover), closed by reason. Every active broker has a row; "
                        "unclaimed cases are the last row, with broker_id null.",
                        "items": _object(broker_id={"anyOf": [_INT, {"type": "null"}]},
                                         name={"anyOf": [{"type": "string"}, {"type": "null"}]},
                                         open={"type": "object", "properties": {s.value: _INT for s in stats.OPEN_STAGES}},
                                         open_total=_INT, signed=_INT, closed=_codes(CloseReason), closed_total=_INT,
                                         turnover_wan=_WAN)},
            "open_calls": {**_object(calls_published=_INT, proposals=_INT, awarded_wan=_WAN, paid_wan=_WAN,
                                     milestones_on_time=_INT, milestones_late=_INT),
                           "description": "揭榜挂帅 open calls, of the field of their need: calls published in the range "
                           "(by published_at) and neither draft nor cancelled now; proposals received (by created_at); "
                           "the summed rewards of calls awarded in the range (by awarded_at) that are awarded, in "
                           "delivery or completed; and the milestones accepted in the range (by decided_at): the "
                           "shares paid for them, and how many were delivered on time or late."},
            "events": {**_object(by_month=_rows(month=_MONTH, events=_INT, participants=_INT,
                                                meetings_scheduled=_INT, meetings_held=_INT)),
                       "description": "Finished events by the month they started: participants still registered, "
                       "meetings that stayed scheduled and those recorded as held."},
        },
    }


def _day_parameter(name: str, description: str) -> dict:
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": {"type": "string", "format": "date"}}


def _error(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": {
        "$ref": "#/components/schemas/Error"}}}}


OPENAPI_PATHS = {
    "/api/v1/stats": {
        "get": {
            "operationId": "stats",
            "summary": "The outcome dashboard's numbers (administrators and organisers).",
            "security": [{"bearerAuth": []}],
            "parameters": [
                _day_parameter("start", "First day counted (Beijing date, inclusive)."),
                _day_parameter("end", "Last day counted (Beijing date, inclusive); not before start."),
                {"name": "field", "in": "query", "required": False, "description": "Only this field code.",
                 "schema": {"type": "string"}},
            ],
            "responses": {
                "200": {"description": "The numbers.", "content": {"application/json": {"schema": _stats_schema()}}},
                "401": _error("No valid bearer token."),
                "403": _error("The caller is neither an administrator nor an organiser."),
                "422": _error("A bad date or an unknown field; `error.fields` names it."),
            },
        }
    }
}
