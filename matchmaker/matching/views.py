"""Match pages: the ranked partners of a need or an offer, with why, and a user's "not relevant" verdict."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from embeddings.calibration import band
from matchmaker.auth.session import safe_next_url
from matchmaker.extensions import db
from matchmaker.market.services import active_fields, get_visible
from matchmaker.matching import services
from matchmaker.matching.setup import engine
from models.choices import PROVINCES

bp = Blueprint("matching", __name__)
bp.add_app_template_global(band, "strength_band")
FULL_LIST = 30


def _matches_page(kind: str, posting_id: int):
    posting = get_visible(db.session, kind, posting_id, current_user)
    filters = services.Filters.from_args(request.args)
    results = services.matches_for(db.session, engine(), current_user, posting, FULL_LIST, filters)
    return render_template(
        "matching/matches.html", posting=posting, results=results, filters=filters,
        fields=active_fields(db.session), provinces=PROVINCES,
    )


@bp.route("/needs/<int:posting_id>/matches")
def need_matches(posting_id: int):
    return _matches_page("need", posting_id)


@bp.route("/offers/<int:posting_id>/matches")
def offer_matches(posting_id: int):
    return _matches_page("offer", posting_id)


@bp.route("/needs/<int:need_id>/matches/<int:offer_id>/not-relevant", methods=["POST"])
@login_required
def not_relevant(need_id: int, offer_id: int):
    need = get_visible(db.session, "need", need_id, current_user)
    offer = get_visible(db.session, "offer", offer_id, current_user)
    services.mark_not_relevant(db.session, current_user, need, offer)
    flash(_("已标记“%(title)s”不相关，它不会再出现在您的匹配列表中。", title=offer.title), "info")
    return redirect(safe_next_url(request.form.get("next"), url_for("matching.need_matches", posting_id=need.id)))
