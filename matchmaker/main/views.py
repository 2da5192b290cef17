"""Home page, language switch, health check and the favicon browsers ask for by default."""
from __future__ import annotations

from flask import Blueprint, current_app, jsonify, redirect, render_template, request, session, url_for
from flask_login import current_user
from sqlalchemy import text

from matchmaker.account.services import set_locale
from matchmaker.auth.session import safe_next_url
from matchmaker.extensions import db
from matchmaker.i18n import SUPPORTED_LOCALES
from matchmaker.main.services import latest, market_overview
from models import TechNeed, TechOffer

bp = Blueprint("main", __name__)


@bp.route("/")
def index():
    return render_template(
        "main/index.html",
        overview=market_overview(db.session),
        latest_offers=latest(db.session, TechOffer),
        latest_needs=latest(db.session, TechNeed),
    )


@bp.route("/lang/<code>")
def set_language(code: str):
    if code in SUPPORTED_LOCALES:
        session["lang"] = code
        if current_user.is_authenticated:  # their notifications and e-mail follow the language they read
            set_locale(db.session, current_user, code)
    return redirect(safe_next_url(request.args.get("next"), url_for("main.index")))


@bp.route("/healthz")
def health():
    db.session.execute(text("SELECT 1"))
    return jsonify(status="ok")


@bp.route("/favicon.ico")
def favicon():
    """The icon at the address browsers and feed readers try when a page names none (pages link the SVG)."""
    return current_app.send_static_file("favicon.ico")
