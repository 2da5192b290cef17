"""What every request must satisfy before a view reads it: ids that fit a database integer, JSON that parses, and
text without NUL bytes or bidirectional overrides; and, behind a proxy, the client's real address."""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from flask import Flask, request
from flask.json.provider import DefaultJSONProvider
from flask_babel import gettext as _
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from matchmaker.errors import DomainError

# The largest id the primary keys hold (INTEGER: 32 bits on PostgreSQL): a larger one can name no row, and asking
# for it overflows the column's type (a DataError, or SQLite's OverflowError beyond 64 bits).
MAX_ID = 2**31 - 1

# NUL ends strings in C and PostgreSQL refuses it in text; the other C0 controls (all but tab, line feed and carriage
# return) have no place in typed text and make Excel refuse the workbook they are exported to; the bidi overrides and
# isolates make text read in another order than it is stored (a file name "…exe" shown as "…gpj"), which is how
# spoofed titles and contacts are written.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\u202a-\u202e\u2066-\u2069]")


_DIGITS = re.compile(r"[0-9]{1,10}")


def parse_id(value) -> int | None:
    """A row id given as a JSON number or a string of ASCII digits, from 1 to MAX_ID; None for anything else."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        return None
    if isinstance(value, str):
        if not _DIGITS.fullmatch(value):
            return None
        value = int(value)
    return value if 1 <= value <= MAX_ID else None


class IdConverter(IntegerConverter):
    """`<int:…>` in a route: a positive integer up to MAX_ID; anything larger is no route (a 404)."""

    def __init__(self, map, fixed_digits=0, min=None, max=None, signed=False):  # noqa: A002 (werkzeug's names)
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=MAX_ID if max is None else max, signed=signed)


class GuardedJSONProvider(DefaultJSONProvider):
    """Flask's JSON, where a body nested too deep to parse is a malformed body rather than a RecursionError."""

    def loads(self, s, **kwargs):
        try:
            return super().loads(s, **kwargs)
        except RecursionError as exc:
            raise ValueError("JSON nested too deeply") from exc


def forbidden_text(value) -> bool:
    """Whether a string holds a control character (NUL and the C0 controls but tab and line ends) or a bidirectional
    one (None and non-strings hold none)."""
    return isinstance(value, str) and _FORBIDDEN.search(value) is not None


def _strings(value, path: str) -> Iterator[tuple[str, str]]:
    """(path, string) for every key and string inside a parsed JSON value, without recursion."""
    stack = [(path, value)]
    while stack:
        where, item = stack.pop()
        if isinstance(item, str):
            yield where, item
        elif isinstance(item, dict):
            for key, sub in item.items():
                yield where, str(key)
                stack.append((f"{where}.{key}" if where else str(key), sub))
        elif isinstance(item, list):
            stack.extend((where, sub) for sub in item)


def _request_strings() -> Iterable[tuple[str, str]]:
    for source in (request.args, request.form):
        for key, values in source.lists():
            yield key, key
            for value in values:
                yield key, value
    if request.is_json:
        body = request.get_json(silent=True)
        if body is not None:
            yield from _strings(body, "")


def register(app: Flask) -> None:
    hops = app.config.get("PROXY_HOPS") or 0
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_prefix=hops)
    app.url_map.converters["int"] = IdConverter
    app.json = GuardedJSONProvider(app)

    @app.before_request
    def _refuse_control_characters():
        for field, value in _request_strings():
            if forbidden_text(value):
                raise DomainError(_("输入中含有不允许的控制字符（如 NUL 或双向文本控制符）。"),
                                  {field or "body": _("含有不允许的控制字符。")})
