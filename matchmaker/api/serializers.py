"""Models to JSON: what the API shows of users, organisations and postings."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from matchmaker.market.access import Posting, can_see_contact
from models import Organisation, TechField, User
from models.base import as_utc


def iso(moment: datetime | date | None) -> str | None:
    """ISO 8601, with datetimes in UTC (SQLite hands them back naive)."""
    if moment is None:
        return None
    return as_utc(moment).isoformat() if isinstance(moment, datetime) else moment.isoformat()


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _value(enum) -> str | None:
    """A StrEnum's value (str() of a StrEnum member is its value)."""
    return None if enum is None else str(enum)


def user_json(user: User) -> dict:
    return {
        "id": user.id,
        "email": user.email,
        "display_name": user.display_name,
        "organisation_id": user.organisation_id,
        "org_role": _value(user.org_role),
        "roles": user.platform_roles,
    }


def organisation_json(org: Organisation) -> dict:
    return {
        "id": org.id,
        "name": org.name,
        "kind": _value(org.kind),
        "province": org.province,
        "city": org.city,
        "credit_code": org.credit_code,
        "description": org.description,
        "website": org.website,
        "verified": org.verified,
        "verified_at": iso(org.verified_at),
        "created_at": iso(org.created_at),
    }


def field_json(field: TechField | None) -> dict | None:
    if field is None:
        return None
    return {"code": field.code, "name_zh": field.name_zh, "name_en": field.name_en}


def _offer_fields(offer) -> dict:
    return {
        "maturity": _value(offer.maturity),
        "ip_status": _value(offer.ip_status),
        "patent_numbers": list(offer.patent_numbers or []),
        "transfer_modes": list(offer.transfer_modes or []),
        "asking_price_wan": _number(offer.asking_price_wan),
        "price_negotiable": bool(offer.price_negotiable),
    }


def _need_fields(need) -> dict:
    return {
        "budget_min_wan": _number(need.budget_min_wan),
        "budget_max_wan": _number(need.budget_max_wan),
        "deadline": iso(need.deadline),
        "cooperation_modes": list(need.cooperation_modes or []),
        "maturity_required": _value(need.maturity_required),
    }


def posting_json(posting: Posting, viewer: User | None) -> dict:
    """An offer or need; contact details only for those `can_see_contact` allows."""
    org = posting.organisation
    data = {
        "id": posting.id,
        "kind": posting.kind,
        "title": posting.title,
        "description": posting.description,
        "field": field_json(posting.field),
        "keywords": list(posting.keywords or []),
        "region": posting.region,
        "status": _value(posting.status),
        "organisation": {"id": org.id, "name": org.name, "kind": _value(org.kind)},
        "created_at": iso(posting.created_at),
        "updated_at": iso(posting.updated_at),
        "published_at": iso(posting.published_at),
    }
    data.update(_offer_fields(posting) if posting.kind == "offer" else _need_fields(posting))
    if posting.kind == "offer" and can_see_contact(viewer, posting):
        data.update(
            contact_name=posting.contact_name, contact_phone=posting.contact_phone, contact_email=posting.contact_email
        )
    return data
