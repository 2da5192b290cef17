"""Locale choice and label translation: Simplified Chinese first, English as a switch."""
from __future__ import annotations

from flask import Flask, g, has_request_context, request, session
from flask_babel import get_locale, gettext, refresh
from flask_login import current_user

from matchmaker.extensions import babel
from models.choices import LABELS_ZH, PROVINCES

SUPPORTED_LOCALES = ("zh", "en")
DEFAULT_LOCALE = "zh"


def select_locale() -> str:
    """The session's choice, else the signed-in user's language; API clients may ask by Accept-Language first;
    everyone else reads Chinese."""
    if not has_request_context():  # commands and background work speak the source language
        return DEFAULT_LOCALE
    chosen = session.get("lang")
    if chosen in SUPPORTED_LOCALES:
        return chosen
    if request and request.path.startswith("/api/"):
        if request.accept_languages:
            return request.accept_languages.best_match(SUPPORTED_LOCALES, DEFAULT_LOCALE)
        # The API never reads the login cookie: only a caller already authenticated by its token counts.
        return _supported(getattr(g.get("api_user"), "locale", None))
    if current_user and current_user.is_authenticated:
        return _supported(current_user.locale)
    return DEFAULT_LOCALE


def _supported(locale: str | None) -> str:
    return locale if locale in SUPPORTED_LOCALES else DEFAULT_LOCALE


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
    # Babel caches the locale on the app context, which outlives one request when a test holds it.
    app.before_request(refresh)


def current_language() -> str:
    return str(get_locale() or DEFAULT_LOCALE)[:2]


def label(group: str, code: str | None) -> str:
    """The reader's label for a code of a closed vocabulary (see models.choices)."""
    if code is None:
        return ""
    code = getattr(code, "value", code)
    zh = LABELS_ZH[group].get(code, code)
    return gettext(zh)


def code_of(group: str, value: str) -> str:
    """A vocabulary value given by its code, its Chinese label or the reader's label, as its code (unknown values are
    returned as given, for the caller to refuse)."""
    value = (value or "").strip()
    vocabulary = LABELS_ZH[group]
    if value in vocabulary:
        return value
    for code, zh in vocabulary.items():
        if value in (zh, gettext(zh)):
            return code
    return value


def choices(group: str) -> list[tuple[str, str]]:
    """(code, label) pairs for a select box, in the vocabulary's order."""
    return [(code, label(group, code)) for code in LABELS_ZH[group]]


def province(name: str | None) -> str:
    """A province (stored by its Chinese name, e.g. 山西省) in the reader's language; unknown names as given."""
    if not name:
        return ""
    return gettext(name) if name in PROVINCES else name


def province_choices() -> list[tuple[str, str]]:
    """(stored name, reader's label) pairs of every province, for a select box."""
    return [(name, province(name)) for name in PROVINCES]


def field_name(field) -> str:
    """A taxonomy row's name in the reader's language."""
    if field is None:
        return ""
    return field.name_en if current_language() == "en" else field.name_zh


def extract_labels(fileobj, keywords, comment_tags, options):
    """Babel extractor: every Chinese label and province in models/choices.py becomes a msgid."""
    from models.choices import DEFAULT_FIELDS  # noqa: F401  (fields carry their own English names)

    for group in LABELS_ZH.values():
        for text in group.values():
            yield 1, None, text, []
    for name in PROVINCES:
        yield 1, None, name, []
