"""Jinja globals and filters: labels in the reader's language, money, dates."""
from __future__ import annotations

from decimal import Decimal

from flask import Flask, request, url_for
from flask_babel import format_date, format_datetime, gettext

from matchmaker.i18n import current_language, field_name, label
from matchmaker.market.access import can_close, can_edit, can_see_contact


def money_wan(value: Decimal | float | None) -> str:
    """万元 amounts without trailing zeros, e.g. 120 万元."""
    if value is None:
        return ""
    number = f"{Decimal(value):,.2f}".rstrip("0").rstrip(".")
    return gettext("%(n)s 万元", n=number)


def url_for_page(page: int) -> str:
    """The current URL with another page number, keeping the filters."""
    args = request.args.to_dict()
    args["page"] = page
    return url_for(request.endpoint, **(request.view_args or {}), **args)


def register(app: Flask) -> None:
    app.jinja_env.globals.update(
        label=label,
        field_name=field_name,
        current_language=current_language,
        can_edit=can_edit,
        can_close=can_close,
        can_see_contact=can_see_contact,
        url_for_page=url_for_page,
    )
    app.jinja_env.filters.update(money_wan=money_wan, date=format_date, datetime=format_datetime)
