"""Posting vectors in the database: computed when a posting's text or the model changes, never otherwise."""
from __future__ import annotations

import logging
from collections.abc import Sequence

import numpy as np
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from embeddings.encoder import Encoder
from embeddings.text import text_hash
from matchmaker.matching.documents import Posting, text_of
from models import PostingVector, TechNeed, TechOffer

log = logging.getLogger(__name__)
MODELS = {"offer": TechOffer, "need": TechNeed}


def to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float32).tobytes()


def from_bytes(blob: bytes, dim: int) -> np.ndarray:
    return np.frombuffer(blob, dtype=np.float32, count=dim)


def stale_postings(session: Session, encoder: Encoder, postings: Sequence[Posting]) -> list[Posting]:
    """The postings whose stored vector is missing, from another model, or of an older text."""
    if not postings:
        return []
    kind = postings[0].kind
    stored = {
        row.posting_id: row
        for row in session.scalars(
            select(PostingVector).where(PostingVector.posting_kind == kind,
                                        PostingVector.posting_id.in_([p.id for p in postings]))
        )
    }
    model_id = encoder.model_id
    return [p for p in postings
            if (row := stored.get(p.id)) is None or row.model_id != model_id or row.text_hash != text_hash(text_of(p))]


def embed_postings(session: Session, encoder: Encoder, postings: Sequence[Posting]) -> int:
    """Encode the given postings of one kind in batches and store their vectors; returns how many."""
    if not postings:
        return 0
    kind = postings[0].kind
    texts = [text_of(p) for p in postings]
    vectors = encoder.encode(texts)
    existing = {
        row.posting_id: row
        for row in session.scalars(
            select(PostingVector).where(PostingVector.posting_kind == kind,
                                        PostingVector.posting_id.in_([p.id for p in postings]))
        )
    }
    for posting, text, vector in zip(postings, texts, vectors):
        row = existing.get(posting.id) or PostingVector(posting_kind=kind, posting_id=posting.id)
        row.model_id, row.text_hash, row.dim, row.vector = encoder.model_id, text_hash(text), len(vector), to_bytes(vector)
        session.add(row)
    session.flush()
    return len(postings)


def refresh(session: Session, encoder: Encoder, postings: Sequence[Posting]) -> int:
    """Embed what is stale among the given postings (any kinds); returns how many were encoded."""
    done = 0
    for kind in ("offer", "need"):
        of_kind = [p for p in postings if p.kind == kind and p.id is not None]
        done += embed_postings(session, encoder, stale_postings(session, encoder, of_kind))
    return done


def embed_all(session: Session, encoder: Encoder, re_embed: bool = False, batch: int = 256, progress=None) -> int:
    """Bring every posting's vector onto the encoder's model; with re_embed, encode everything again."""
    done = 0
    for kind, model in MODELS.items():
        ids = list(session.scalars(select(model.id).order_by(model.id)))
        for start in range(0, len(ids), batch):
            postings = list(session.scalars(select(model).where(model.id.in_(ids[start:start + batch]))))
            todo = postings if re_embed else stale_postings(session, encoder, postings)
            done += embed_postings(session, encoder, todo)
            if progress:
                progress(kind, min(start + batch, len(ids)), len(ids))
        orphans = select(model.id)
        session.execute(delete(PostingVector).where(PostingVector.posting_kind == kind,
                                                    PostingVector.posting_id.not_in(orphans)))
    return done
