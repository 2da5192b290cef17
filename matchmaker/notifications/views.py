"""Notification pages: the user's notifications (and the nav's unread count), and their saved searches."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from matchmaker.errors import ValidationError
from matchmaker.extensions import db
from matchmaker.market import services as market
from matchmaker.notifications import messages, services
from matchmaker.notifications.forms import DeleteForm, SubscriptionForm

bp = Blueprint("notifications", __name__)
PLURALS = {"offer": "offers", "need": "needs"}


@bp.app_context_processor
def _unread_count():
    """`unread_notifications()` for the nav, counted only when a page asks, and `notification_text(n)`: what a
    notification says in the language the page is shown in."""
    def unread() -> int:
        return services.unread_count(db.session, current_user) if current_user.is_authenticated else 0

    return {"unread_notifications": unread, "notification_text": messages.render_notification}


@bp.route("/notifications")
@login_required
def index():
    items = services.notifications_for(db.session, current_user)
    unread = {n.id for n in items if n.read_at is None}  # marking them read below also updates these objects
    services.mark_notifications_read(db.session, current_user)
    return render_template("notifications/index.html", items=items, unread_ids=unread)


@bp.route("/subscriptions")
@login_required
def subscriptions():
    names = {f.code: f for f in market.active_fields(db.session)}
    return render_template("notifications/subscriptions.html", plurals=PLURALS, fields=names,
                           subscriptions=services.subscriptions_for(db.session, current_user), form=DeleteForm())


@bp.route("/subscriptions", methods=["POST"])
@login_required
def subscribe():
    form = SubscriptionForm()
    if not form.validate_on_submit():
        abort(400)
    data = form.data
    try:
        services.save_subscription(db.session, current_user, data["kind"], data["q"], data["field"], data["region"])
    except ValidationError as error:
        flash(error.message, "danger")
    else:
        flash(_("已保存搜索。每周的订阅摘要会告诉您新发布的匹配信息。"), "success")
    plural = PLURALS.get(data["kind"], "offers")
    args = {k: data[k] for k in ("q", "field", "region") if data[k]}
    return redirect(url_for("market.browse", plural=plural, **args))


@bp.route("/subscriptions/<int:subscription_id>/delete", methods=["POST"])
@login_required
def unsubscribe(subscription_id: int):
    if not DeleteForm().validate_on_submit():
        abort(400)
    services.delete_subscription(db.session, current_user, subscription_id)
    flash(_("已删除订阅。"), "info")
    return redirect(url_for("notifications.subscriptions"))
