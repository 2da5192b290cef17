"""Matchmaker: the matchmaking platform of a regional technology market (科技大市场)."""
from __future__ import annotations

import logging

from flask import Flask, g

from matchmaker.config import PROJECT_ROOT, load_settings
from matchmaker.extensions import csrf, db, limiter, login_manager

log = logging.getLogger(__name__)


def create_app(config: dict | None = None) -> Flask:
    """Build the application; `config` overrides what the environment says."""
    app = Flask(
        __name__,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder="static",
        instance_path=str(PROJECT_ROOT / "instance"),
    )
    app.config.update(load_settings())
    app.config.update(config or {})
    register_logging(app)
    register_request_guards(app)
    register_extensions(app)
    register_request_boundary(app)
    register_blueprints(app)
    register_error_handlers(app)
    register_template_helpers(app)
    register_commands(app)
    return app


def register_logging(app: Flask) -> None:
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")


def register_request_guards(app: Flask) -> None:
    """Before any route is added: `<int:…>` converters must know their bound when the routes are compiled."""
    from matchmaker import request_guards

    request_guards.register(app)


def register_extensions(app: Flask) -> None:
    from matchmaker import i18n
    from matchmaker.auth.session import register_user_loader

    db.init_app(app)
    csrf.init_app(app)
    i18n.init_app(app)
    login_manager.init_app(app)
    register_user_loader(login_manager)
    limiter.init_app(app)
    from matchmaker.matching import setup as matching
    from matchmaker.notifications import mail

    matching.init_app(app, db.session.session_factory)
    mail.init_app(app, db.session.session_factory)
    from matchmaker import jobs

    jobs.init_app(app, db.session.session_factory)


def register_request_boundary(app: Flask) -> None:
    """Commit once per successful request, roll back otherwise (services only flush)."""

    @app.before_request
    def _forget_cached_user():
        # Flask-Login caches the user on `g`, which outlives a request when a test holds the app context.
        g.pop("_login_user", None)

    @app.after_request
    def _commit_or_rollback(response):
        if response.status_code < 400:
            db.session.commit()
        else:
            db.session.rollback()
        return response

    @app.teardown_request
    def _rollback_on_exception(exc):
        if exc is not None:
            db.session.rollback()

    @app.after_request
    def _security_headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'",
        )
        return response


def register_blueprints(app: Flask) -> None:
    from matchmaker.account.views import bp as account_bp
    from matchmaker.admin.views import bp as admin_bp
    from matchmaker.api import bp as api_bp
    from matchmaker.auth.views import bp as auth_bp
    from matchmaker.brokerage.views import bp as brokerage_bp
    from matchmaker.dashboard.views import bp as dashboard_bp
    from matchmaker.events.views import bp as events_bp
    from matchmaker.finance.views import bp as finance_bp
    from matchmaker.imports.views import bp as imports_bp
    from matchmaker.main.views import bp as main_bp
    from matchmaker.market.views import bp as market_bp
    from matchmaker.matching.views import bp as matching_bp
    from matchmaker.notifications.views import bp as notifications_bp
    from matchmaker.open_calls.views import bp as open_calls_bp
    from matchmaker.orgs.views import bp as orgs_bp
    from matchmaker.targets.views import bp as targets_bp

    for bp in (main_bp, auth_bp, orgs_bp, market_bp, matching_bp, open_calls_bp, events_bp, notifications_bp,
               brokerage_bp, admin_bp):
        app.register_blueprint(bp)
    app.register_blueprint(dashboard_bp)
    app.register_blueprint(targets_bp)
    app.register_blueprint(imports_bp)
    app.register_blueprint(account_bp)
    app.register_blueprint(finance_bp)
    csrf.exempt(api_bp)  # the API authenticates with bearer tokens, never with the session cookie
    app.register_blueprint(api_bp)


def register_error_handlers(app: Flask) -> None:
    from matchmaker.web_errors import register

    register(app)


def register_template_helpers(app: Flask) -> None:
    from matchmaker.templating import register

    register(app)


def register_commands(app: Flask) -> None:
    from matchmaker.commands import register

    register(app)
