"""Posting vectors in the database, one per posting and model: computed when a posting's text or the model changes."""
from __future__ import annotations

import logging
from collections.abc import Sequence

import numpy as np
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from embeddings.caveats import embedded_text
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
    """The postings with no vector from the encoder's model, or one of an older text."""
    if not postings:
        return []
    stored = _stored(session, encoder.model_id, postings)
    return [p for p in postings if (row := stored.get(p.id)) is None or row.text_hash != text_hash(text_of(p))]


def _stored(session: Session, model_id: str, postings: Sequence[Posting]) -> dict[int, PostingVector]:
    """The model's vector rows of postings of one kind, by posting id."""
    return {
        row.posting_id: row
        for row in session.scalars(select(PostingVector).where(
            PostingVector.posting_kind == postings[0].kind, PostingVector.model_id == model_id,
            PostingVector.posting_id.in_([p.id for p in postings])))
    }


def embed_postings(session: Session, encoder: Encoder, postings: Sequence[Posting]) -> int:
    """Encode the given postings of one kind in batches and store their vectors; returns how many."""
    if not postings:
        return 0
    kind = postings[0].kind
    texts = [text_of(p) for p in postings]
    vectors = encoder.encode([embedded_text(kind, t) for t in texts])
    existing = _stored(session, encoder.model_id, postings)
    for posting, text, vector in zip(postings, texts, vectors):
        row = existing.get(posting.id) or PostingVector(posting_kind=kind, posting_id=posting.id,
                                                        model_id=encoder.model_id)
        row.text_hash, row.dim, row.vector = text_hash(text), len(vector), to_bytes(vector)
        session.add(row)
    session.flush()
    return len(postings)


def refresh(session: Session, encoders: Sequence[Encoder], postings: Sequence[Posting]) -> int:
    """Embed what is stale among the given postings (any kinds) for each encoder; returns how many encodings."""
    done = 0
    for encoder in encoders:
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
