"""Admin pages: dashboard, organisation verification, posting moderation and the audit log."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from matchmaker.admin import services
from matchmaker.extensions import db, login_manager
from matchmaker.market import services as market
from matchmaker.matching.setup import engine
from matchmaker.orgs import services as orgs

bp = Blueprint("admin", __name__, url_prefix="/admin")
KIND = "<any(offer, need):kind>"


@bp.before_request
def _require_admin():
    """Every admin page: anonymous visitors log in first, everyone else but admins gets 403."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not current_user.is_admin:
        abort(403)
    return None


def _back(default: str):
    """Redirect to the admin page the action came from (only a local /admin/ path), else to `default`."""
    target = request.args.get("next", "")
    if target.startswith("/admin/") and "\\" not in target:
        return redirect(target)
    return redirect(default)


def _arg(name: str, allowed: tuple[str, ...]) -> str:
    """A query argument from a closed set, falling back to its first value."""
    value = request.args.get(name, allowed[0])
    return value if value in allowed else allowed[0]


@bp.route("/")
def index():
    match_engine = engine()
    return render_template(
        "admin/index.html",
        counts=services.dashboard_counts(db.session),
        rows=services.unverified_organisations(db.session),
        match_engine=match_engine,
        vector_counts=match_engine.vector_count(db.session),
    )


@bp.route("/organisations")
def organisations():
    status = _arg("status", services.ORG_STATUSES)
    q = request.args.get("q", "").strip()
    page = services.search_organisations(db.session, status, q, request.args.get("page", 1, type=int))
    return render_template("admin/organisations.html", page=page, status=status, q=q)


@bp.route("/organisations/<int:org_id>/verify", methods=["POST"])
def verify(org_id: int):
    org = services.get_organisation(db.session, org_id)
    published = orgs.verify_organisation(db.session, current_user, org)
    flash(_("已认证“%(name)s”，发布了 %(n)d 条待审核信息。", name=org.name, n=published), "success")
    return _back(url_for("admin.index"))


@bp.route("/organisations/<int:org_id>/revoke", methods=["POST"])
def revoke(org_id: int):
    org = services.get_organisation(db.session, org_id)
    orgs.revoke_verification(db.session, current_user, org)
    flash(_("已撤销“%(name)s”的认证，其新发布的信息将重新等待审核。", name=org.name), "info")
    return _back(url_for("admin.organisations", status="verified"))


@bp.route("/postings")
def postings():
    kind = _arg("kind", tuple(market.MODELS))
    status = _arg("status", services.POSTING_STATUSES)
    page = services.moderation_postings(db.session, kind, status, request.args.get("page", 1, type=int))
    return render_template("admin/postings.html", page=page, kind=kind, status=status)


@bp.route(f"/postings/{KIND}/<int:posting_id>/close", methods=["POST"])
def close(kind: str, posting_id: int):
    posting = services.get_posting(db.session, kind, posting_id)
    market.close_posting(db.session, current_user, posting, reason=request.form.get("reason", "").strip()[:500])
    flash(_("已关闭“%(title)s”。", title=posting.title), "info")
    return _back(url_for("admin.postings", kind=kind))


@bp.route("/audit")
def audit():
    page = services.audit_log(db.session, request.args.get("page", 1, type=int))
    return render_template("admin/audit.html", page=page)
