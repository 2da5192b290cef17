"""Jinja globals and filters: labels in the reader's language, money, dates, highlighted match terms."""
from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from urllib.parse import urlencode

from babel.dates import format_skeleton
from flask import Flask, request
from flask_babel import (
    format_date,
    format_datetime,
    format_decimal,
    format_percent,
    format_time,
    get_locale,
    get_timezone,
    gettext,
    to_user_timezone,
)
from markupsafe import Markup, escape
from werkzeug.datastructures import MultiDict

from matchmaker.i18n import current_language, field_name, label, province


def number(value: Decimal | float | int | None, digits: int = 2) -> str:
    """A number in the reader's locale (grouping and decimal signs), at most `digits` decimals, no trailing zeros."""
    if value is None:
        return ""
    return format_decimal(value, format="#,##0" + ("." + "#" * digits if digits else ""))


def percent(value: float | None, digits: int = 0) -> str:
    """A share (0.25) as a percentage in the reader's locale (25%)."""
    if value is None:
        return "—"
    return format_percent(value, format="#,##0" + ("." + "0" * digits if digits else "") + "%")


def money_wan(value: Decimal | float | None) -> str:
    """万元 amounts without trailing zeros, e.g. 120 万元."""
    if value is None:
        return ""
    return gettext("%(n)s 万元", n=number(Decimal(value)))


# Named date-time formats. Babel's own "short" is numeric and, in English, American ("12/2/26, 10:17 PM"); every
# name here spells the month in the reader's language and leaves out the seconds.
DATE_TIME_FORMATS = {"short", "medium"}


def datetime_text(value, format: str | None = None) -> str:
    """A moment in the reader's language and the market's time zone.

    Named formats: "medium" (the default) and "short" give the date with the month spelt and the time to the minute
    ("2026年12月2日 22:17", "Dec 2, 2026, 10:17 PM"); "long" and "full" are Babel's; "time" is the time of day;
    "month" the month and year ("2026年12月", "Dec 2026"); anything else is a CLDR pattern.
    """
    if value is None:
        return ""
    if format is None or format in DATE_TIME_FORMATS:
        locale = get_locale()
        pattern = locale.datetime_formats["medium"]
        return pattern.replace("{1}", format_date(value, "medium")).replace("{0}", format_time(value, "short"))
    if format == "time":
        return format_time(value, "short")
    if format == "month":
        return format_skeleton("yMMM", to_user_timezone(value), tzinfo=get_timezone(), locale=get_locale())
    return format_datetime(value, format)


def date_text(value, format: str | None = None) -> str:
    """A day in the reader's language, with the month spelt ("2026年12月2日", "Dec 2, 2026")."""
    if value is None:
        return ""
    return format_date(value, "medium" if format in (None, "short") else format)


def time_text(value) -> str:
    """A time of day in the reader's convention ("14:00", "2:00 PM")."""
    return "" if value is None else format_time(value, "short")


def _words_pattern(words: Iterable[str]) -> re.Pattern | None:
    """One case-insensitive alternation, longest word first; Latin words only match whole."""
    unique = sorted({w.strip() for w in words if w and w.strip()}, key=lambda w: (-len(w), w))
    if not unique:
        return None
    parts = [rf"(?<![A-Za-z0-9]){re.escape(w)}(?![A-Za-z0-9])" if w.isascii() else re.escape(w) for w in unique]
    return re.compile("|".join(parts), re.IGNORECASE)


def _window(text: str, pattern: re.Pattern | None, length: int) -> str:
    """About `length` characters of `text`, starting a little before the first hit."""
    hit = pattern.search(text) if pattern else None
    start = max(0, hit.start() - length // 4) if hit else 0
    start = min(start, max(0, len(text) - length))
    return ("…" if start else "") + text[start:start + length] + ("…" if start + length < len(text) else "")


def highlight(text: str | None, words: Iterable[str], length: int | None = None) -> Markup:
    """`text` with each of `words` in <mark>; every piece is escaped, and matching reads the raw text, so a mark
    never lands inside an entity. With `length`, only a snippet around the first hit."""
    text = text or ""
    pattern = _words_pattern(words or ())
    if length and len(text) > length:
        text = _window(text, pattern, length)
    if pattern is None:
        return escape(text)
    pieces, last = [], 0
    for hit in pattern.finditer(text):
        pieces += [escape(text[last:hit.start()]), Markup("<mark>%s</mark>") % hit.group()]
        last = hit.end()
    pieces.append(escape(text[last:]))
    return Markup("").join(pieces)


def url_for_page(page: int) -> str:
    """The current URL with another page number, keeping the filters."""
    # The query string is rebuilt, not passed to url_for: an argument named like one of url_for's own (endpoint,
    # _method, _external) or like a route variable would clash with it.
    args = MultiDict(request.args)
    args["page"] = str(page)
    return f"{request.script_root}{request.path}?{urlencode(list(args.items(multi=True)))}"


def colon() -> str:
    """The label separator of the reader's language: full-width in Chinese."""
    return "：" if current_language() == "zh" else ": "


def enumeration() -> str:
    """What joins the items of a list in running text."""
    return "、" if current_language() == "zh" else ", "


def aside(text: str) -> str:
    """A parenthesised remark in the reader's language's brackets."""
    return f"（{text}）" if current_language() == "zh" else f" ({text})"


def register(app: Flask) -> None:
    app.jinja_env.globals.update(
        label=label,
        field_name=field_name,
        current_language=current_language,
        url_for_page=url_for_page,
        province=province,
        colon=colon,
        aside=aside,
        enumeration=enumeration,
    )
    app.jinja_env.filters.update(
        money_wan=money_wan, highlight=highlight, date=date_text, datetime=datetime_text, time=time_text,
        number=number, percent=percent, province=province,
    )
