"""The organisation profile: details, members, invitation code and edits by the owner; the owner's members page."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from matchmaker.errors import Conflict, ValidationError
from matchmaker.extensions import db
from matchmaker.forms import apply_errors
from matchmaker.orgs import services
from matchmaker.orgs.forms import OrganisationForm

bp = Blueprint("orgs", __name__, url_prefix="/organisation")


@bp.route("/")
@login_required
def profile():
    return render_template("orgs/profile.html", org=current_user.organisation)


@bp.route("/edit", methods=["GET", "POST"])
@login_required
def edit():
    org = current_user.organisation
    if org is None or not current_user.is_org_owner:
        abort(403)
    form = OrganisationForm(obj=org, kind=org.kind.value)
    if form.validate_on_submit():
        try:
            services.update_organisation(db.session, current_user, org, form.data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            flash(_("机构信息已更新。"), "success")
            return redirect(url_for("orgs.profile"))
    status = 422 if request.method == "POST" else 200
    return render_template("orgs/edit.html", form=form, org=org), status


@bp.route("/invite-code", methods=["POST"])
@login_required
def regenerate_invite():
    org = current_user.organisation
    if org is None:
        abort(403)
    services.regenerate_invite_code(db.session, current_user, org)
    flash(_("邀请码已重置，旧邀请码已失效。"), "info")
    back = "orgs.members" if request.args.get("next") == "members" else "orgs.profile"
    return redirect(url_for(back))


def _owned_organisation():
    """The organisation the current user owns; anyone else gets 403."""
    org = current_user.organisation
    if org is None or not current_user.is_org_owner:
        abort(403)
    return org


@bp.route("/members")
@login_required
def members():
    """The owner's list of members, with removal, ownership transfer and the invitation code."""
    return render_template("orgs/members.html", org=_owned_organisation())


@bp.route("/members/<int:member_id>/remove", methods=["POST"])
@login_required
def remove_member(member_id: int):
    org = _owned_organisation()
    try:
        member = services.remove_member(db.session, current_user, org, member_id)
    except Conflict as error:
        flash(error.message, "warning")
    else:
        flash(_("已将“%(name)s”移出本机构，其登录会话已失效。", name=member.display_name), "info")
    return redirect(url_for("orgs.members"))


@bp.route("/members/<int:member_id>/owner", methods=["POST"])
@login_required
def transfer_ownership(member_id: int):
    org = _owned_organisation()
    try:
        member = services.transfer_ownership(db.session, current_user, org, member_id)
    except Conflict as error:
        flash(error.message, "warning")
        return redirect(url_for("orgs.members"))
    flash(_("已将机构负责人移交给“%(name)s”，您现在是普通成员。", name=member.display_name), "success")
    return redirect(url_for("orgs.profile"))
