"""Which organisation runs a new event: the creator's own, or a government organisation chosen by one who has none."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.errors import ValidationError
from models import Organisation, User
from models.choices import OrgKind

MAX_ID = 2**31 - 1


def host_organisations(session: Session) -> list[Organisation]:
    """Government organisations (science bureaus, high-tech zones) that events can be run on behalf of."""
    return list(session.scalars(select(Organisation).where(Organisation.kind == OrgKind.GOVERNMENT)
                                .order_by(Organisation.name, Organisation.id)))


def organiser_for(session: Session, actor: User, organisation_id) -> Organisation:
    """The actor's own organisation; without one, the government organisation `organisation_id` names (else 422)."""
    if actor.organisation is not None:
        return actor.organisation
    text = str(organisation_id if organisation_id is not None else "").strip()
    if not text:
        message = _("请选择主办机构。")
        raise ValidationError(message, {"organisation_id": message})
    org = session.get(Organisation, int(text)) if text.isascii() and text.isdigit() and 0 < int(text) <= MAX_ID else None
    if org is None or org.kind != OrgKind.GOVERNMENT:
        message = _("主办机构必须是平台上的政府部门。")
        raise ValidationError(message, {"organisation_id": message})
    return org
