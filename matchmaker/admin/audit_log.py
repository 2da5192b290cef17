"""The audit log as people read it: each entry's action, target and details as labels in the reader's language.

Codes stay in the database (and in a title attribute for admins); the page shows what they mean. Details are shown
through their key's vocabulary: role codes as role names, field codes as field names, user ids as names.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from flask import url_for
from flask_babel import gettext, pgettext
from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.admin.forms import ROLE_LABELS
from matchmaker.audit import ACTIONS, DETAILS
from matchmaker.i18n import field_name, label, province
from matchmaker.templating import enumeration, number
from models import AuditEntry, Event, Organisation, TechField, TechNeed, TechOffer, User

# Details whose value is a user id, and those not shown because another column says it (via=cli is the actor).
USER_KEYS = ("member_id", "from_user", "to_user", "from_broker", "to_broker")
HIDDEN_KEYS = ("via",)
# Targets whose name is worth a query: table name → (model, attribute holding the name).
NAMED_TARGETS = {"organisations": (Organisation, "name"), "users": (User, "display_name"), "events": (Event, "title"),
                 "tech_offers": (TechOffer, "title"), "tech_needs": (TechNeed, "title")}


@dataclass(frozen=True)
class Detail:
    key: str
    label: str
    text: str


@dataclass(frozen=True)
class AuditRow:
    """One entry ready for the page."""

    entry: AuditEntry
    action: str
    target: str
    target_name: str | None
    target_url: str | None
    details: list[Detail]


@dataclass
class _Lookups:
    users: dict[int, User]
    fields: dict[str, TechField]
    names: dict[tuple[str, int], str]


def humanise(code: str) -> str:
    """A code nobody gave a label, as words: "tokens_revoked" → "Tokens revoked"."""
    words = code.replace(".", " ").replace("_", " ").split()
    return " ".join(words).capitalize() if words else "—"


def action_label(code: str) -> str:
    """The reader's label of an action code; an unknown code is humanised."""
    label = ACTIONS.get(code)
    return str(label) if label is not None else humanise(code)


def target_label(table: str) -> str:
    """What kind of row an entry is about, in the reader's language."""
    labels = {
        "organisations": pgettext("audit target", "机构"),
        "users": pgettext("audit target", "用户"),
        "cases": pgettext("audit target", "对接"),
        "events": pgettext("audit target", "活动"),
        "tech_offers": pgettext("audit target", "科技成果"),
        "tech_needs": pgettext("audit target", "技术需求"),
        "posting_imports": pgettext("audit target", "批量导入"),
        "targets": pgettext("audit target", "年度目标"),
    }
    return labels.get(table) or humanise(table)


def _target_url(entry: AuditEntry) -> str | None:
    endpoints: dict[str, Callable[[int], str]] = {
        "users": lambda i: url_for("admin.user_detail", user_id=i),
        "cases": lambda i: url_for("brokerage.case", case_id=i),
        "events": lambda i: url_for("events.detail", event_id=i),
        "tech_offers": lambda i: url_for("market.detail", plural="offers", posting_id=i),
        "tech_needs": lambda i: url_for("market.detail", plural="needs", posting_id=i),
    }
    link = endpoints.get(entry.target_type)
    return link(entry.target_id) if link else None


def _plain(value) -> str:
    """Any detail value as readable text: numbers in the reader's locale, lists joined, nothing as a dash."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return gettext("是") if value else gettext("否")
    if isinstance(value, int | float):
        return number(value)
    if isinstance(value, list | tuple):
        return enumeration().join(_plain(item) for item in value)
    if isinstance(value, dict):
        return enumeration().join(f"{humanise(str(k))} {_plain(v)}" for k, v in value.items())
    return str(value)


def _each(value, show: Callable) -> str:
    items = value if isinstance(value, list | tuple) else [value]
    return enumeration().join(show(item) for item in items) if items else "—"


def _user(lookups: _Lookups) -> Callable:
    def show(value) -> str:
        if value is None:
            return "—"
        user = lookups.users.get(value) if isinstance(value, int) else None
        return user.display_name if user is not None else f"#{value}"
    return show


def _value(key: str, value, lookups: _Lookups) -> str:
    if key == "region":  # a target's: a province, or "" for the whole market
        return province(value) if value else gettext("全市场")
    if key == "year":
        return str(value)
    if value is None or value == [] or value == "":
        return "—"
    if key in USER_KEYS:
        return _user(lookups)(value)
    if key in ("added", "removed"):
        return _each(value, lambda role: str(ROLE_LABELS.get(role, humanise(str(role)))))
    if key == "fields":
        return _each(value, lambda code: field_name(lookups.fields[code]) if code in lookups.fields else str(code))
    if key == "regions":
        return _each(value, province)
    if key == "kind":
        kinds = {"offer": pgettext("audit target", "科技成果"), "need": pgettext("audit target", "技术需求")}
        return kinds.get(value, _plain(value))
    if key == "indicators":
        return _each(value, lambda code: label("indicator", code))
    if key in ("postings", "run"):
        return _each(value, lambda i: f"#{i}")
    return _plain(value)


def details(entry: AuditEntry, lookups: _Lookups) -> list[Detail]:
    """An entry's details as (label, text) pairs, in the order written."""
    out = []
    for key, value in (entry.details or {}).items():
        if key in HIDDEN_KEYS:
            continue
        label = DETAILS.get(key)
        out.append(Detail(key, str(label) if label is not None else humanise(key), _value(key, value, lookups)))
    return out


def _lookups(session: Session, entries: list[AuditEntry]) -> _Lookups:
    """The users, fields and target names the entries mention, in a query per kind of thing."""
    user_ids, field_codes = set(), set()
    targets: dict[str, set[int]] = {}
    for entry in entries:
        found = entry.details or {}
        for key in USER_KEYS:
            value = found.get(key)
            if isinstance(value, int):
                user_ids.add(value)
        field_codes.update(code for code in found.get("fields") or () if isinstance(code, str))
        if entry.target_type in NAMED_TARGETS:
            targets.setdefault(entry.target_type, set()).add(entry.target_id)
    users = {u.id: u for u in session.scalars(select(User).where(User.id.in_(user_ids)))} if user_ids else {}
    fields = ({f.code: f for f in session.scalars(select(TechField).where(TechField.code.in_(field_codes)))}
              if field_codes else {})
    names: dict[tuple[str, int], str] = {}
    for table, ids in targets.items():
        model, attribute = NAMED_TARGETS[table]
        for row_id, name in session.execute(select(model.id, getattr(model, attribute)).where(model.id.in_(ids))):
            names[(table, row_id)] = name
    return _Lookups(users, fields, names)


def rows(session: Session, entries: Iterable[AuditEntry]) -> list[AuditRow]:
    """The entries of one page, ready to show."""
    entries = list(entries)
    lookups = _lookups(session, entries)
    return [AuditRow(entry=entry, action=action_label(entry.action),
                     target=f"{target_label(entry.target_type)} #{entry.target_id}",
                     target_name=lookups.names.get((entry.target_type, entry.target_id)),
                     target_url=_target_url(entry), details=details(entry, lookups))
            for entry in entries]
