"""Notification forms: saving a market search as a subscription, and the CSRF-only form that deletes one."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField


class SubscriptionForm(FlaskForm):
    """The market list's current search (kind, q, field, region), posted by "save this search"."""

    kind = HiddenField()
    q = HiddenField()
    field = HiddenField()
    region = HiddenField()


class DeleteForm(FlaskForm):
    """Nothing but the CSRF token."""
