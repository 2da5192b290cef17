"""Insert the generated demo market into the database through the models."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.auth.passwords import hash_password
from matchmaker.auth.services import create_admin
from matchmaker.demo.brokerage import load_demo_brokerage
from matchmaker.demo.events import load_demo_events
from matchmaker.demo.experts import load_demo_experts
from matchmaker.demo.finance import load_demo_finance
from matchmaker.demo.financing_roadshow import load_demo_financing_roadshow
from matchmaker.demo.generate import DEMO_PASSWORD, build_demo
from matchmaker.demo.open_calls import load_demo_open_calls
from matchmaker.demo.targets import load_demo_targets
from models import Organisation, TechField, TechNeed, TechOffer, User, utcnow
from models.choices import Maturity, OrgKind, OrgRole, PostingStatus

DEMO_ADMIN_EMAIL = "admin@demo.matchmaker.cn"


def load_demo(session: Session, seed: int = 2026) -> dict[str, int]:
    """Add the demo organisations, users, offers, needs, events, brokerage, expert pool and open calls, plus the demo
    admin; returns counts."""
    data = build_demo(seed)
    fields = {f.code: f for f in session.scalars(select(TechField))}
    now = utcnow()
    orgs: dict[str, Organisation] = {}
    for row in data["organisations"]:
        orgs[row["key"]] = Organisation(
            kind=OrgKind(row["kind"]), name=row["name"], province=row["province"], city=row["city"],
            credit_code=row["credit_code"], description=row["description"], website=row["website"],
            verified_at=now if row["verified"] else None,
        )
    session.add_all(orgs.values())
    # One hash for every demo account: Argon2 is slow by design and the password is shared anyway.
    password_hash = hash_password(DEMO_PASSWORD)
    owners: dict[str, User] = {}
    for i, row in enumerate(data["users"]):
        # Accounts joined over the past two years, so the broker headcount (a target indicator) has a history.
        joined = now - timedelta(days=(i * 37) % 700 + 1)
        user = User(
            email=row["email"], password_hash=password_hash, display_name=row["display_name"], phone=row["phone"],
            organisation=orgs[row["org"]], org_role=OrgRole(row["org_role"]),
            is_broker="broker" in row["roles"], is_organiser="organiser" in row["roles"],
            created_at=joined, updated_at=joined,
        )
        session.add(user)
        if user.org_role == OrgRole.OWNER:
            owners[row["org"]] = user
    # Spread publication times across fields, so "latest" lists mix the market rather than one field.
    for i, row in enumerate(data["offers"]):
        session.add(TechOffer(
            **_common(row, orgs, owners, fields, now - timedelta(hours=(i * 37) % 2000)),
            maturity=Maturity(row["maturity"]), ip_status=row["ip_status"], patent_numbers=row["patent_numbers"],
            transfer_modes=list(row["transfer_modes"]), asking_price_wan=row["asking_price_wan"],
            price_negotiable=row["asking_price_wan"] is None, contact_name=row["contact_name"],
            contact_phone=row["contact_phone"], contact_email=row["contact_email"],
        ))
    for i, row in enumerate(data["needs"]):
        session.add(TechNeed(
            **_common(row, orgs, owners, fields, now - timedelta(hours=(i * 53) % 2000)),
            budget_min_wan=row["budget_min_wan"], budget_max_wan=row["budget_max_wan"],
            deadline=date.fromisoformat(row["deadline"]) if row["deadline"] else None,
            cooperation_modes=list(row["cooperation_modes"]),
            maturity_required=Maturity(row["maturity_required"]) if row["maturity_required"] else None,
        ))
    admin = create_admin(session, DEMO_ADMIN_EMAIL, DEMO_PASSWORD)
    session.flush()
    events = load_demo_events(session, seed)
    brokerage = load_demo_brokerage(session, seed)
    # Last, so that adding experts changes none of the events' or the brokerage's random picks.
    experts = load_demo_experts(session, password_hash)
    # After the experts, who judge the calls, and the brokerage, whose random picks it must not change.
    open_calls = load_demo_open_calls(session)
    finance = load_demo_finance(session)
    # After the finance demo, whose banks, products and open needs it brings together; before the targets.
    events += load_demo_financing_roadshow(session)
    # Last: the targets are scaled from what every other part of the demo has reached this year.
    targets = load_demo_targets(session, admin)
    return {
        "organisations": len(orgs), "users": len(data["users"]) + experts + 1, "experts": experts,
        "offers": len(data["offers"]), "needs": len(data["needs"]), "events": events,
        "interests": brokerage["interests"], "cases": brokerage["cases"], "contracts": brokerage["contracts"],
        "open_calls": open_calls, **finance, "targets": targets,
    }


def _common(row: dict, orgs: dict, owners: dict, fields: dict, published: object) -> dict:
    status = PostingStatus(row["status"])
    return {
        "title": row["title"], "description": row["description"], "keywords": list(row["keywords"]),
        "region": row["region"], "status": status, "field": fields[row["field"]],
        "organisation": orgs[row["org"]], "created_by": owners.get(row["org"]),
        "published_at": published if status in (PostingStatus.PUBLISHED, PostingStatus.CLOSED) else None,
    }
