"""Figures for the home page."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from matchmaker.dashboard.stats import on_market
from models import TechField, TechNeed, TechOffer
from models.choices import PostingStatus


@dataclass(frozen=True)
class FieldCount:
    field: TechField
    offers: int
    needs: int


def market_overview(session: Session) -> dict:
    """Published counts overall and per field, for the home page's chart."""
    def per_field(model) -> dict[int, int]:
        rows = session.execute(
            select(model.field_id, func.count()).where(model.status == PostingStatus.PUBLISHED).group_by(model.field_id)
        )
        return dict(rows.all())

    offers, needs = per_field(TechOffer), per_field(TechNeed)
    fields = session.scalars(select(TechField).where(TechField.active).order_by(TechField.position))
    by_field = [FieldCount(f, offers.get(f.id, 0), needs.get(f.id, 0)) for f in fields]
    return {
        **on_market(session),  # the dashboard's and /api/v1/stats' own numbers
        "by_field": by_field,
        "max_count": max((max(c.offers, c.needs) for c in by_field), default=0),
    }


def latest(session: Session, model, limit: int = 6) -> list:
    return list(
        session.scalars(
            select(model).where(model.status == PostingStatus.PUBLISHED)
            .order_by(model.published_at.desc().nulls_last(), model.id.desc()).limit(limit)
        )
    )
