"""Account services: the user changes their own details and language. They flush, never commit."""
from __future__ import annotations

import logging
from collections.abc import Mapping

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from matchmaker.errors import ValidationError
from matchmaker.i18n import SUPPORTED_LOCALES
from models import User

log = logging.getLogger(__name__)


def account_values(user: User) -> dict:
    """The user's current account details, as the account form reads them."""
    return {"display_name": user.display_name, "phone": user.phone or "", "locale": user.locale or "zh"}


def set_locale(session: Session, user: User, locale: str) -> User:
    """Make `locale` the language the user's pages open in and their notifications and e-mail are written in."""
    if locale not in SUPPORTED_LOCALES:
        raise ValidationError(_("请选择中文或 English。"), {"locale": _("请选择中文或 English。")})
    user.locale = locale
    session.flush()
    return user


def update_account(session: Session, user: User, data: Mapping) -> User:
    """Change the user's display name, phone and language."""
    name = (data.get("display_name") or "").strip()
    if not name:
        raise ValidationError(_("请填写姓名。"), {"display_name": _("请填写姓名。")})
    user.display_name = name
    user.phone = (data.get("phone") or "").strip() or None
    set_locale(session, user, data.get("locale") or user.locale or "zh")
    log.info("user %d updated their account (language %s)", user.id, user.locale)
    return user
