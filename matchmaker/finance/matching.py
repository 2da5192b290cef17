"""Financing needs and financial products matched both ways: the rules filter, the texts and fields rank.

A pair that fails a rule is ranked out: it never appears in a match list or a queue, and the need stays hidden from
that product's organisation. Asked for (`include_ineligible`), the owner's lists add the near misses after every
eligible pair, each with the rules it failed named, so an enterprise can see what keeps a product out of reach.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from itertools import chain

from sqlalchemy import select
from sqlalchemy.orm import Session

from embeddings.encoder import Encoder
from matchmaker.finance.ranking import Fit, fits
from matchmaker.finance.rules import RuleCheck, check_product, check_profile, failed, passes
from models import FinancialProduct, FinancingNeed, InvestorProfile, Organisation, TechField
from models.choices import LABELS_ZH, FinancingStatus, OrgKind

QUEUE_LIMIT = 100


@dataclass(frozen=True)
class Match:
    need: FinancingNeed
    checks: list[RuleCheck]
    fit: Fit
    product: FinancialProduct | None = None
    profile: InvestorProfile | None = None

    @property
    def eligible(self) -> bool:
        return passes(self.checks)

    @property
    def score(self) -> int:
        return self.fit.score if self.eligible else 0

    def explanation(self) -> dict:
        return {"rules": [c.as_json() for c in self.checks], "failed": failed(self.checks), **self.fit.as_json()}


def _field_names(session: Session) -> dict[str, str]:
    return dict(session.execute(select(TechField.code, TechField.name_zh)).all())


def product_text(product: FinancialProduct, names: dict[str, str]) -> str:
    fields = "、".join(names.get(code, code) for code in product.fields)
    return "\n".join(part for part in (product.title, LABELS_ZH["finance_kind"][product.kind.value], fields,
                                       product.description) if part)


def profile_text(profile: InvestorProfile, names: dict[str, str]) -> str:
    fields = "、".join(names.get(code, code) for code in profile.fields)
    return "\n".join(part for part in (profile.organisation.name, fields, profile.thesis) if part)


def need_text(need: FinancingNeed) -> str:
    return "\n".join((need.title, need.field.name_zh, LABELS_ZH["financing_stage"][need.stage.value], need.purpose))


def _active_products(session: Session, organisation_id: int | None = None) -> list[FinancialProduct]:
    stmt = select(FinancialProduct).where(FinancialProduct.active).order_by(FinancialProduct.id)
    if organisation_id is not None:
        stmt = stmt.where(FinancialProduct.organisation_id == organisation_id)
    return list(session.scalars(stmt))


def _investor_profiles(session: Session, organisation_id: int | None = None) -> list[InvestorProfile]:
    stmt = (select(InvestorProfile).join(Organisation, InvestorProfile.organisation_id == Organisation.id)
            .where(Organisation.kind == OrgKind.INVESTOR).order_by(InvestorProfile.id))
    if organisation_id is not None:
        stmt = stmt.where(InvestorProfile.organisation_id == organisation_id)
    return list(session.scalars(stmt))


def organisation_matches(session: Session, organisation_id: int, need: FinancingNeed) -> bool:
    """Whether one of the organisation's active products, or its investor focus profile, takes the open need."""
    if need.status != FinancingStatus.OPEN:
        return False
    if any(passes(check_product(p, need)) for p in _active_products(session, organisation_id)):
        return True
    return any(passes(check_profile(p, need)) for p in _investor_profiles(session, organisation_id))


def _ordered(matches: list[Match]) -> list[Match]:
    return sorted(matches, key=lambda m: (not m.eligible, -m.fit.score, len(failed(m.checks))))


def products_for_need(session: Session, encoder: Encoder, need: FinancingNeed,
                      include_ineligible: bool = False) -> list[Match]:
    """Active products for the need, best first; eligible ones only unless asked for the near misses too."""
    checked = [(p, check_product(p, need)) for p in _active_products(session)]
    checked = [(p, c) for p, c in checked if include_ineligible or passes(c)]
    names = _field_names(session)
    scored = fits(encoder, need_text(need), [product_text(p, names) for p, _c in checked],
                  [need.field.code in p.fields for p, _c in checked])
    return _ordered([Match(need, c, f, product=p) for (p, c), f in zip(checked, scored, strict=True)])


def investors_for_need(session: Session, encoder: Encoder, need: FinancingNeed) -> list[Match]:
    """Investors whose focus profile takes the need, best first."""
    checked = [(p, c) for p in _investor_profiles(session) if passes(c := check_profile(p, need))]
    names = _field_names(session)
    scored = fits(encoder, need_text(need), [profile_text(p, names) for p, _c in checked],
                  [need.field.code in p.fields for p, _c in checked])
    return _ordered([Match(need, c, f, profile=p) for (p, c), f in zip(checked, scored, strict=True)])


def _open_needs(session: Session, exclude_organisation: int | None) -> list[FinancingNeed]:
    stmt = select(FinancingNeed).where(FinancingNeed.status == FinancingStatus.OPEN).order_by(FinancingNeed.id)
    if exclude_organisation is not None:
        stmt = stmt.where(FinancingNeed.organisation_id != exclude_organisation)
    return list(session.scalars(stmt))


def _rank_needs(encoder: Encoder, text: str, fields: list[str], needs: list[FinancingNeed], check,
                include_ineligible: bool, **side) -> list[Match]:
    """The needs as matches of one product or profile (`side`), described by `text` and naming `fields`."""
    checked = [(n, check(n)) for n in needs]
    checked = [(n, c) for n, c in checked if include_ineligible or passes(c)]
    scored = fits(encoder, text, [need_text(n) for n, _c in checked], [n.field.code in fields for n, _c in checked])
    return [Match(n, c, f, **side) for (n, c), f in zip(checked, scored, strict=True)]


def needs_for_product(session: Session, encoder: Encoder, product: FinancialProduct,
                      include_ineligible: bool = False, limit: int | None = QUEUE_LIMIT) -> list[Match]:
    """Open financing needs for the product, best first; eligible ones only unless asked for the near misses."""
    matches = _rank_needs(encoder, product_text(product, _field_names(session)), product.fields,
                          _open_needs(session, product.organisation_id), partial(check_product, product),
                          include_ineligible, product=product)
    return _ordered(matches)[:limit]


def queue(session: Session, encoder: Encoder, organisation_id: int, limit: int = QUEUE_LIMIT) -> list[Match]:
    """A financial organisation's best-matching open needs, each under the product (or focus profile) that fits it
    best. The needs and field names are read once for all its products."""
    needs, names = _open_needs(session, organisation_id), _field_names(session)
    candidates = [_rank_needs(encoder, product_text(p, names), p.fields, needs, partial(check_product, p), False,
                              product=p) for p in _active_products(session, organisation_id)]
    candidates += [_rank_needs(encoder, profile_text(p, names), p.fields, needs, partial(check_profile, p), False,
                               profile=p) for p in _investor_profiles(session, organisation_id)]
    best: dict[int, Match] = {}
    for match in chain.from_iterable(candidates):
        current = best.get(match.need.id)
        if current is None or match.fit.score > current.fit.score:
            best[match.need.id] = match
    return _ordered(list(best.values()))[:limit]
