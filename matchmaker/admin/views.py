"""Admin pages: dashboard, organisation verification, posting moderation, users and the audit log."""
from __future__ import annotations

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from matchmaker.admin import audit_log, engine_notes, services, users
from matchmaker.admin.forms import ROLE_LABELS, ReassignForm, RolesForm, UserFilterForm
from matchmaker.brokerage import pipeline
from matchmaker.brokerage import services as brokerage
from matchmaker.brokerage.forms import BrokerProfileForm
from matchmaker.errors import Conflict, ValidationError
from matchmaker.experts import services as experts
from matchmaker.experts.forms import ExpertProfileForm
from matchmaker.extensions import db, login_manager
from matchmaker.forms import apply_errors
from matchmaker.market import services as market
from matchmaker.matching import switch
from matchmaker.matching.setup import engine
from matchmaker.orgs import services as orgs
from matchmaker.pagination import page_number
from models import Case, User

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
    embedding = switch.overview(db.session, match_engine)
    return render_template(
        "admin/index.html",
        counts=services.dashboard_counts(db.session),
        rows=services.unverified_organisations(db.session),
        match_engine=match_engine,
        embedding=embedding,
        notes=engine_notes.notes(match_engine, embedding),
        orphaned_cases=users.cases_needing_broker(db.session),
        reassign_form=ReassignForm(brokers=users.active_brokers(db.session), formdata=None),
        title_of=pipeline.title,
    )


@bp.route("/matching/re-embed", methods=["POST"])
def re_embed():
    """Move the market onto the configured model in the background; matches are served meanwhile."""
    try:
        switch.start(db.session, engine(), re_embed=True)
    except Conflict as exc:
        flash(exc.message, "error")
        return redirect(url_for("admin.index") + "#engine")
    flash(_("已开始重新嵌入。完成前，匹配继续使用当前模型的向量。"), "success")
    return redirect(url_for("admin.index") + "#engine")


@bp.route("/matching/status")
def matching_status():
    """The embedding overview as JSON, for the progress bar on the admin page."""
    return jsonify(switch.overview_json(switch.overview(db.session, engine())))


@bp.route("/organisations")
def organisations():
    status = _arg("status", services.ORG_STATUSES)
    q = market.bounded_query(request.args.get("q", ""))
    page = services.search_organisations(db.session, status, q, page_number(request.args))
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
    withdrawn = orgs.revoke_verification(db.session, current_user, org)
    flash(_("已撤销“%(name)s”的认证，%(n)d 条已发布的信息已撤回待审核。", name=org.name, n=withdrawn), "info")
    return _back(url_for("admin.organisations", status="verified"))


@bp.route("/postings")
def postings():
    kind = _arg("kind", tuple(market.MODELS))
    status = _arg("status", services.POSTING_STATUSES)
    page = services.moderation_postings(db.session, kind, status, page_number(request.args))
    return render_template("admin/postings.html", page=page, kind=kind, status=status)


@bp.route(f"/postings/{KIND}/<int:posting_id>/close", methods=["POST"])
def close(kind: str, posting_id: int):
    posting = services.get_posting(db.session, kind, posting_id)
    market.close_posting(db.session, current_user, posting, reason=request.form.get("reason", "").strip()[:500])
    flash(_("已关闭“%(title)s”。", title=posting.title), "info")
    return _back(url_for("admin.postings", kind=kind))


@bp.route("/audit")
def audit():
    page = services.audit_log(db.session, page_number(request.args))
    return render_template("admin/audit.html", page=page, rows=audit_log.rows(db.session, page.items))


# -- users -----------------------------------------------------------------------------------------------------------

def _user_page(user: User, roles_form: RolesForm | None = None, coverage_form: BrokerProfileForm | None = None,
               expert_form: ExpertProfileForm | None = None, status: int = 200):
    """The user's page with its forms, fresh ones unless a failed submission is passed in."""
    profile = brokerage.broker_profile(db.session, user)
    if roles_form is None:
        roles_form = RolesForm(formdata=None, data={"roles": user.platform_roles})
    if coverage_form is None:
        coverage_form = BrokerProfileForm(field_choices=market.field_choices(db.session), formdata=None,
                                          data={"fields": profile.fields, "regions": profile.regions})
    if expert_form is None:
        expert = experts.expert_profile(db.session, user)
        expert_form = ExpertProfileForm(field_choices=market.field_choices(db.session), formdata=None, prefix="expert",
                                        data={"fields": expert.fields, "affiliation": expert.affiliation or ""})
    return render_template("admin/user.html", user=user, roles_form=roles_form, coverage_form=coverage_form,
                           expert_form=expert_form, last_admin=users.is_last_admin(db.session, user)), status


@bp.route("/users")
def users_list():
    form = UserFilterForm(request.args)
    form.validate()
    filters = form.filters()
    page = users.search_users(db.session, filters["q"], filters["role"], filters["status"], filters["page"])
    return render_template("admin/users.html", page=page, form=form, filters=filters, role_labels=ROLE_LABELS)


@bp.route("/users/<int:user_id>")
def user_detail(user_id: int):
    return _user_page(users.get_user(db.session, user_id))


@bp.route("/users/<int:user_id>/roles", methods=["POST"])
def user_roles(user_id: int):
    user = users.get_user(db.session, user_id)
    form = RolesForm()
    if form.validate_on_submit():
        try:
            users.set_roles(db.session, current_user, user, form.roles.data or [])
        except (Conflict, ValidationError) as error:
            form.roles.errors = [*form.roles.errors, error.fields.get("roles", error.message)]
        else:
            flash(_("已更新“%(name)s”的平台角色。", name=user.display_name), "success")
            # An admin who just gave up their own admin role may no longer see this page.
            if not current_user.is_admin:
                return redirect(url_for("main.index"))
            return redirect(url_for("admin.user_detail", user_id=user.id))
    return _user_page(user, roles_form=form, status=422)


@bp.route("/users/<int:user_id>/coverage", methods=["POST"])
def user_coverage(user_id: int):
    user = users.get_user(db.session, user_id)
    form = BrokerProfileForm(field_choices=market.field_choices(db.session))
    if form.validate_on_submit():
        try:
            users.set_broker_coverage(db.session, current_user, user, form.fields.data or [], form.regions.data or [])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            flash(_("已保存“%(name)s”的服务范围。", name=user.display_name), "success")
            return redirect(url_for("admin.user_detail", user_id=user.id))
    return _user_page(user, coverage_form=form, status=422)


@bp.route("/users/<int:user_id>/expert-profile", methods=["POST"])
def user_expert_profile(user_id: int):
    """An admin sets an expert's fields and affiliation on their behalf (audited)."""
    user = users.get_user(db.session, user_id)
    form = ExpertProfileForm(field_choices=market.field_choices(db.session), prefix="expert")  # beside the broker's own `fields`
    if form.validate_on_submit():
        try:
            experts.update_expert_profile(db.session, current_user, user, form.fields.data or [], form.affiliation.data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            flash(_("已保存“%(name)s”的专家信息。", name=user.display_name), "success")
            return redirect(url_for("admin.user_detail", user_id=user.id))
    return _user_page(user, expert_form=form, status=422)


@bp.route("/users/<int:user_id>/<any(deactivate, reactivate):action>", methods=["POST"])
def user_activation(user_id: int, action: str):
    user = users.get_user(db.session, user_id)
    try:
        if action == "deactivate":
            users.deactivate_user(db.session, current_user, user)
            flash(_("已停用“%(name)s”，其登录会话和访问令牌已全部失效。", name=user.display_name), "info")
        else:
            users.reactivate_user(db.session, current_user, user)
            flash(_("已恢复“%(name)s”的账号。", name=user.display_name), "success")
    except Conflict as error:
        flash(error.message, "warning")
    return redirect(url_for("admin.user_detail", user_id=user.id))


@bp.route("/cases/<int:case_id>/broker", methods=["POST"])
def reassign_case(case_id: int):
    case = db.session.get(Case, case_id) if case_id <= users.MAX_ID else None
    if case is None:
        abort(404)
    form = ReassignForm(brokers=users.active_brokers(db.session))
    try:
        if not form.validate_on_submit():
            raise ValidationError(_("请选择一位在岗的技术经纪人。"))
        users.reassign_case(db.session, current_user, case, form.broker_id.data)
    except (Conflict, ValidationError) as error:
        flash(error.message, "warning")
    else:
        flash(_("已将对接 #%(id)d 交给 %(name)s。", id=case.id, name=case.broker.display_name), "success")
    return _back(url_for("admin.index"))
