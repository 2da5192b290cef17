"""Matches and search: `GET /needs/<id>/matches`, `GET /offers/<id>/matches`, `GET /search`."""
from __future__ import annotations

from flask import jsonify, request
from flask_babel import gettext as _

from matchmaker.api import bp
from matchmaker.api.auth import optional_user
from matchmaker.api.serializers import posting_json
from matchmaker.errors import ValidationError
from matchmaker.extensions import db
from matchmaker.market.services import bounded_query, get_visible
from matchmaker.matching import services
from matchmaker.matching.setup import engine

MAX_LIMIT = 100


def _limit(default: int = 20) -> int:
    raw = request.args.get("limit", str(default))
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_LIMIT:
        raise ValidationError(_("提交的数据有误。"), {"limit": _("必须是 1 到 %(max)s 之间的整数。", max=MAX_LIMIT)})
    return int(raw)


def _item(result: services.MatchResult, key: str, viewer) -> dict:
    item = {key: posting_json(result.posting, viewer), "score": result.score, "explanation": result.explanation()}
    if result.strength is not None:
        item["strength"] = result.strength
        item["band"] = result.band
    return item


def posting_matches(kind: str, posting_id: int):
    """Ranked partners of one posting, each with its explanation."""
    viewer = optional_user()
    limit = _limit()
    posting = get_visible(db.session, kind, posting_id, viewer)
    results = services.matches_for(db.session, engine(), viewer, posting, limit,
                                   services.Filters.from_args(request.args))
    key = services.OTHER[kind]
    return jsonify(items=[_item(r, key, viewer) for r in results])


bp.add_url_rule("/needs/<int:posting_id>/matches", "need_matches", posting_matches, defaults={"kind": "need"})
bp.add_url_rule("/offers/<int:posting_id>/matches", "offer_matches", posting_matches, defaults={"kind": "offer"})


@bp.get("/search")
def search():
    """The market search through the ranker: `q`, `type` (offer or need), optional field and region."""
    viewer = optional_user()
    kind = request.args.get("type", "offer")
    q = bounded_query(request.args.get("q", ""))
    errors = {}
    if kind not in ("offer", "need"):
        errors["type"] = _("只能是 offer 或 need。")
    if not q:
        errors["q"] = _("请输入检索词。")
    if errors:
        raise ValidationError(_("提交的数据有误。"), errors)
    results = services.search(db.session, engine(), viewer, kind, q, services.Filters.from_args(request.args),
                              limit=_limit())
    return jsonify(items=[_item(r, kind, viewer) for r in results])
