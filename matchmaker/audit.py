"""Writing the audit log of sensitive actions."""
from __future__ import annotations

from sqlalchemy.orm import Session

from models import AuditEntry, User


def record(session: Session, actor: User | None, action: str, target, **details) -> AuditEntry:
    """Append one entry naming who did what to which row."""
    entry = AuditEntry(
        actor=actor,
        action=action,
        target_type=type(target).__tablename__,
        target_id=target.id,
        details=details,
    )
    session.add(entry)
    return entry
