"""Matching services: ranked partners for a posting, the market search, near-duplicates and feedback."""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from embeddings import explain
from embeddings.calibration import band
from embeddings.caveats import caveats_touching, embedded_text, split_caveats
from embeddings.ranker import Collection, Match, Query
from embeddings.rules import RuleResult
from embeddings.text import text_hash
from matchmaker.errors import NotFound
from matchmaker.market.access import acting_user, can_view
from matchmaker.market.services import MarketQuery, market_today, sort_key
from matchmaker.matching.documents import Posting, explained_text, facts_of, text_of
from matchmaker.matching.engine import MatchEngine
from matchmaker.matching.reasons import reason
from matchmaker.matching.vectors import MODELS, from_bytes
from matchmaker.pagination import Page
from models import MatchFeedback, PostingVector, TechNeed, TechOffer, User
from models.choices import Maturity, OrgKind, PostingStatus

OTHER = {"offer": "need", "need": "offer"}
SEARCH_LIMIT = 200
# Below this cosine, a hit that shares no word with the query is noise rather than a match.
DENSE_ONLY_MIN = 0.5
NEAR_DUPLICATE_COSINE = 0.93
NEAR_DUPLICATE_OVERLAP = 0.6
# Below this cosine two texts are never near-duplicates by term overlap either; it spares tokenising most rows.
OVERLAP_CHECK_COSINE = 0.75


@dataclass
class MatchResult:
    """A ranked partner with the reasons it was ranked there."""

    posting: Posting
    score: float
    scores: dict[str, float]
    shared_terms: list[str] = field(default_factory=list)
    query_words: list[str] = field(default_factory=list)
    candidate_words: list[str] = field(default_factory=list)
    field_match: bool | None = None
    rules: list[RuleResult] = field(default_factory=list)
    # What the offer of the pair says it does not do, where the other side asks for it; it counted against the match.
    caveats: list[str] = field(default_factory=list)
    model: str | None = None
    # The pair's calibrated strength, 0–100, scored with the need as the query (the same number in every list).
    strength: int | None = None

    @property
    def band(self) -> str | None:
        return band(self.strength) if self.strength is not None else None

    @property
    def reason(self) -> str:
        return reason(self)

    def explanation(self) -> dict:
        """The explanation as the API publishes it."""
        return {
            "reason": self.reason,
            "shared_terms": self.shared_terms,
            "caveats": self.caveats,
            "field_match": self.field_match,
            "scores": self.scores,
            "rules": [{"rule": r.rule, "passed": r.passed} for r in self.rules],
            "model": self.model,
        }


@dataclass(frozen=True)
class Filters:
    field: str = ""
    region: str = ""

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> Filters:
        return cls(field=(args.get("field") or "").strip(), region=(args.get("region") or "").strip())


def visible_to(viewer) -> Callable[[Mapping], bool]:
    """The facts-level twin of access.can_view, used to filter index hits before touching the database."""
    user = acting_user(viewer)

    def check(facts: Mapping) -> bool:
        if facts.get("status") == PostingStatus.PUBLISHED.value:
            return True
        if user is None:
            return False
        if user.is_admin or (user.organisation_id and facts.get("organisation_id") == user.organisation_id):
            return True
        return facts.get("status") == PostingStatus.PENDING.value and user.is_broker

    return check


def _query_vector(session: Session, engine: MatchEngine, collection: Collection, posting: Posting) -> np.ndarray:
    """The posting's stored vector from the model of the index it is searched in, else one made now."""
    row = session.scalar(select(PostingVector).where(
        PostingVector.posting_kind == posting.kind, PostingVector.posting_id == posting.id,
        PostingVector.model_id == collection.model_id))
    if row is not None:
        return from_bytes(row.vector, row.dim)
    return engine.encode_for(collection, [embedded_text(posting.kind, text_of(posting))])[0]


def posting_query(session: Session, engine: MatchEngine, collection: Collection, posting: Posting) -> Query:
    """A posting as the query for a collection of partners (or of its own kind)."""
    text = text_of(posting)
    own = engine.collections.get(posting.kind)
    # The posting's own collection has tokenised its text already, unless it changed since, and holds its vector
    # when made by the same model: that spares a tokenisation and a database round trip of every match list.
    terms = vector = None
    if own is not None:
        current = text_hash(text)
        terms = own.indexed_terms(posting.id, current)
        vector = own.indexed_vector(posting.id, current) if own.model_id == collection.model_id else None
    if vector is None:
        vector = _query_vector(session, engine, collection, posting)
    facts = facts_of(posting)
    # Everything the scores depend on besides the collection: the text and the facts the rules read.
    key = (posting.kind, posting.id, text_hash(text), repr(sorted(facts.items())))
    return Query(text, vector, facts, kind=posting.kind, terms=terms, key=key)


def strength(engine: MatchEngine, collection: Collection, fused: float) -> int:
    """A need→offer fused score of `collection` (the offers) as the pair's strength, 0–100."""
    return engine.calibration_of(collection).strength(fused)


def rank_visible(collection: Collection, query: Query, limit: int, accept: Callable[[int], bool]) -> list[Match]:
    """Rank, dropping hits the viewer may not see; widen the search until enough remain or nothing is left."""
    k = limit * 2 + 10
    while True:
        matches = collection.rank(query, k=k)
        kept = [m for m in matches if accept(m.id)]
        if len(kept) >= limit or len(matches) < k or k >= len(collection):
            return kept[:limit]
        k *= 4


def _accept(collection: Collection, viewer, filters: Filters, rejected: set[int],
            own_organisation: int | None = None) -> Callable[[int], bool]:
    """Which hits a list keeps: visible, filtered, not rejected, not of `own_organisation`; never a closed one."""
    visible = visible_to(viewer)

    def accept(doc_id: int) -> bool:
        facts = collection.facts.get(doc_id)
        return (facts is not None and doc_id not in rejected and visible(facts)
                and facts.get("status") != PostingStatus.CLOSED.value
                and (own_organisation is None or facts.get("organisation_id") != own_organisation)
                and (not filters.field or facts.get("field") == filters.field)
                and (not filters.region or facts.get("region") == filters.region))

    return accept


def explained_results(session: Session, collection: Collection, kind: str, viewer, query_text: str,
             matches: list[Match], query_field: str | None, query_kind: str | None = None) -> list[MatchResult]:
    model = MODELS[kind]
    rows = {p.id: p for p in session.scalars(select(model).where(model.id.in_([m.id for m in matches])))}
    query_surface = explain.surface(query_text)
    reach = explain.query_reach(query_surface, collection.lexicon)
    weight = explain.idf_weight(collection.document_frequency, max(len(collection), 1))
    # Without English words in the query, surface_for_query reads only the terms the query reaches: decode just those.
    among = None if query_surface.english else query_surface.chinese.keys() | reach
    indexed = collection.lexical_terms_among([m.id for m in matches], among)
    out = []
    for match in matches:
        posting = rows.get(match.id)
        if posting is None or not can_view(viewer, posting):
            continue
        terms = indexed.get(posting.id)
        if terms is not None:
            candidate = explain.surface_for_query(terms, query_surface, collection.lexicon, reach)
            if any(key == shown for key, shown in candidate.english.items()):
                # A stem whose written form this process never saw ("indic"): read the form off the posting.
                written = explain.surface(explained_text(posting)).english
                candidate.english = {key: written.get(key, shown) for key, shown in candidate.english.items()}
        else:
            candidate = explain.surface(explained_text(posting))
        shared = explain.shared_terms(query_surface, candidate, collection.lexicon, weight)
        candidate_field = posting.field.code if posting.field is not None else None
        out.append(MatchResult(
            posting=posting, score=round(match.fused, 4), scores=match.scores, shared_terms=shared.terms,
            query_words=shared.query_words, candidate_words=shared.candidate_words,
            field_match=(query_field == candidate_field) if query_field and candidate_field else None,
            rules=match.rules, model=collection.model_id,
            caveats=_caveats_met(collection, match, query_text, query_kind, posting) if match.caveat > 0 else [],
        ))
    return out


def _caveats_met(collection: Collection, match: Match, query_text: str, query_kind: str | None,
                 posting: Posting) -> list[str]:
    """The offer's own caveat clauses that the other side of the pair runs into."""
    view = collection.lexicon.english_view
    if posting.kind == "offer":
        offer_text, other_text = explained_text(posting), query_text
    elif query_kind == "offer":
        offer_text, other_text = query_text, explained_text(posting)
    else:
        return []
    return caveats_touching(split_caveats(offer_text)[1], set(view(split_caveats(other_text)[0])), view)[:3]


def rejected_offers(session: Session, viewer, need_id: int) -> set[int]:
    user = acting_user(viewer)
    if user is None:
        return set()
    return set(session.scalars(select(MatchFeedback.offer_id).where(
        MatchFeedback.user_id == user.id, MatchFeedback.need_id == need_id)))


def matches_for(session: Session, engine: MatchEngine, viewer, posting: Posting, limit: int = 20,
                filters: Filters = Filters()) -> list[MatchResult]:
    """The postings of the other kind that best answer this one, visible to the viewer, with explanations.

    Never the posting's own organisation's, and never a closed one. Each carries the pair's strength; an offer's
    needs are ordered by it, as strength is scored from the need's side.
    """
    target = OTHER[posting.kind]
    collection = engine.collection(session, target)
    rejected = rejected_offers(session, viewer, posting.id) if posting.kind == "need" else set()
    query = posting_query(session, engine, collection, posting)
    accept = _accept(collection, viewer, filters, rejected, own_organisation=posting.organisation_id)
    matches = rank_visible(collection, query, max(1, min(limit, 100)), accept)
    results = explained_results(session, collection, target, viewer, explained_text(posting), matches,
                                posting.field.code if posting.field else None, posting.kind)
    if posting.kind == "need":
        cal = engine.calibration_of(collection)
        for result in results:
            result.strength = cal.strength(result.score)
        return results
    fused = pair_fused(session, engine, posting, [r.posting for r in results])
    cal = engine.calibration_of(engine.collection(session, "offer"))
    for result in results:
        result.strength = cal.strength(fused.get(result.posting.id, result.score))
    return sorted(results, key=lambda r: -r.strength)  # stable: ties keep the offer's own order


def pair_fused(session: Session, engine: MatchEngine, offer: Posting, needs: Sequence[Posting]) -> dict[int, float]:
    """Each need's fused score for the offer, with the need as the query: what the need's own list shows."""
    offers = engine.collection(session, "offer")
    out = {}
    for need in needs:
        scored = offers.pair_scores(posting_query(session, engine, offers, need), [offer.id])
        if offer.id in scored:
            out[need.id] = scored[offer.id]
    return out


def pair_strength(session: Session, engine: MatchEngine, offer: Posting, need: Posting) -> int | None:
    """The strength of one need–offer pair, as every list shows it; None while the offer is not indexed."""
    fused = pair_fused(session, engine, offer, [need]).get(need.id)
    return None if fused is None else strength(engine, engine.collection(session, "offer"), fused)


def search(session: Session, engine: MatchEngine, viewer, kind: str, q: str, filters: Filters = Filters(),
           limit: int = SEARCH_LIMIT) -> list[MatchResult]:
    """The market search box: the same ranker, with the words typed as the query."""
    q = q.strip()
    if not q:
        return []
    collection = engine.collection(session, kind)
    query = Query(q, engine.encode_query(collection, q))
    accept = _accept(collection, viewer, filters, set())
    matches = [m for m in rank_visible(collection, query, limit, accept)
               if m.lexical > 0 or m.bridge > 0 or m.dense >= DENSE_ONLY_MIN]
    return explained_results(session, collection, kind, viewer, q, matches, None)


def _passes_list_filters(posting: Posting, query: MarketQuery) -> bool:
    """The market list's maturity and organisation-kind filters, which the index does not hold."""
    maturity = posting.maturity if posting.kind == "offer" else posting.maturity_required
    if query.maturity in {m.value for m in Maturity} and maturity != Maturity(query.maturity):
        return False
    return query.org_kind not in {k.value for k in OrgKind} or posting.organisation.kind == OrgKind(query.org_kind)


def search_page(session: Session, engine: MatchEngine, viewer, kind: str, query: MarketQuery,
                per_page: int = 20) -> Page:
    """One page of the market list's search box, with the list's filters applied: ranked by relevance, or, when the
    query names a sort, the same results in that order (ties keep their relevance order)."""
    hits = [hit for hit in search(session, engine, viewer, kind, query.q, Filters(query.field, query.region))
            if _passes_list_filters(hit.posting, query)]
    if query.sort:
        today = market_today()
        hits.sort(key=lambda hit: sort_key(hit.posting, query.sort, today))
    page = max(1, query.page)
    return Page(items=hits[(page - 1) * per_page:page * per_page], page=page, per_page=per_page, total=len(hits))


def near_duplicates(session: Session, engine: MatchEngine, posting: Posting, limit: int = 3) -> list[Posting]:
    """Postings of the same kind, already on the market, that say nearly the same thing."""
    collection = engine.collection(session, posting.kind)
    text = text_of(posting)
    query = Query(text, _query_vector(session, engine, collection, posting), exclude=frozenset({posting.id}),
                  kind=posting.kind)
    published = visible_to(None)
    own_terms = set(collection.terms(text)[1])
    found = []
    for match in collection.rank(query, k=10):
        facts = collection.facts.get(match.id, {})
        if not published(facts):
            continue
        if is_near_duplicate(match.dense, _overlap(own_terms, collection.bridge_terms(match.id))):
            found.append(match.id)
    model = MODELS[posting.kind]
    rows = {p.id: p for p in session.scalars(select(model).where(model.id.in_(found)))}
    return [rows[i] for i in found if i in rows][:limit]


def is_near_duplicate(cosine: float, overlap: float) -> bool:
    """Whether two postings say nearly the same thing: nearly the same vector, or mostly the same terms."""
    return cosine >= NEAR_DUPLICATE_COSINE or overlap >= NEAR_DUPLICATE_OVERLAP


def _overlap(terms: set[str], other: set[str]) -> float:
    return len(terms & other) / max(len(terms | other), 1)


def duplicates_on_market(session: Session, engine: MatchEngine, kind: str, texts: Sequence[str], vectors: np.ndarray,
                         organisation_id: int | None = None, collection: Collection | None = None) -> list[int | None]:
    """For each new text, a posting of `kind` already on the market (published, or the organisation's own and not
    closed) that it nearly duplicates, else None.

    One FAISS search per text finds the nearest neighbours; the term overlap is computed only for the close ones,
    so thousands of rows are checked in seconds instead of one full ranking each. `vectors` must come from the
    encoder of `collection` (default: the kind's collection now).
    """
    collection = collection if collection is not None else engine.collection(session, kind)
    published = visible_to(None)
    found: list[int | None] = []
    for text, vector in zip(texts, vectors):
        match = None
        terms: set[str] | None = None
        with collection.lock:  # a sync on another thread may be changing the vectors
            nearest = collection.vectors.search(vector, k=5)
        for doc_id, cosine in nearest:
            facts = collection.facts.get(doc_id, {})
            own = organisation_id is not None and facts.get("organisation_id") == organisation_id
            if not (published(facts) or (own and facts.get("status") != PostingStatus.CLOSED.value)):
                continue
            if cosine < OVERLAP_CHECK_COSINE:
                break
            if cosine < NEAR_DUPLICATE_COSINE and terms is None:
                terms = set(collection.terms(text)[1])
            if is_near_duplicate(cosine, _overlap(terms, collection.bridge_terms(doc_id)) if terms else 0.0):
                match = doc_id
                break
        found.append(match)
    return found


def duplicates_within(texts: Sequence[str], vectors: np.ndarray) -> list[int | None]:
    """For each text, the index of an earlier text in the same batch that it nearly duplicates, else None."""
    matrix = np.asarray(vectors, dtype=np.float32)
    found: list[int | None] = [None] * len(texts)
    first_of: dict[str, int] = {}
    for start in range(0, len(matrix), 1024):
        block = matrix[start:start + 1024] @ matrix[:start + 1024].T
        for offset, row in enumerate(block):
            i = start + offset
            earlier = np.flatnonzero(row[:i] >= NEAR_DUPLICATE_COSINE)
            same = first_of.setdefault(texts[i], i)
            if same != i:
                found[i] = same
            elif len(earlier):
                found[i] = int(earlier[0])
    return found


def mark_not_relevant(session: Session, user: User, need: TechNeed, offer: TechOffer) -> MatchFeedback:
    """Store a user's verdict that an offer does not answer a need; it leaves their match list."""
    if not can_view(user, need) or not can_view(user, offer):
        raise NotFound()
    existing = session.scalar(select(MatchFeedback).where(
        MatchFeedback.user_id == user.id, MatchFeedback.need_id == need.id, MatchFeedback.offer_id == offer.id))
    if existing:
        return existing
    feedback = MatchFeedback(user_id=user.id, need_id=need.id, offer_id=offer.id)
    session.add(feedback)
    session.flush()
    return feedback
