"""Jinja globals and filters: labels in the reader's language, money, dates, highlighted match terms."""
from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from urllib.parse import urlencode

from flask import Flask, request
from flask_babel import format_date, format_datetime, gettext
from markupsafe import Markup, escape
from werkzeug.datastructures import MultiDict

from matchmaker.i18n import current_language, field_name, label


def money_wan(value: Decimal | float | None) -> str:
    """万元 amounts without trailing zeros, e.g. 120 万元."""
    if value is None:
        return ""
    number = f"{Decimal(value):,.2f}".rstrip("0").rstrip(".")
    return gettext("%(n)s 万元", n=number)


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
        colon=colon,
        aside=aside,
        enumeration=enumeration,
    )
    app.jinja_env.filters.update(money_wan=money_wan, highlight=highlight, date=format_date, datetime=format_datetime)
