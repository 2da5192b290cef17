"""How a posting row becomes what `embeddings` ranks: one text, and the facts the rules and filters read."""
from __future__ import annotations

from embeddings.ranker import Document
from embeddings.text import posting_text, text_hash
from models import TechNeed, TechOffer

Posting = TechOffer | TechNeed


def text_of(posting: Posting) -> str:
    """The matchable text of a posting (title, description, field name, keywords)."""
    field = posting.field.name_zh if posting.field is not None else None
    return posting_text(posting.title or "", posting.description or "", field, posting.keywords or ())


def explained_text(posting: Posting) -> str:
    """What explanations quote: the posting's own words, without the field name every sibling shares."""
    return "\n".join([posting.title or "", posting.description or "", *(posting.keywords or ())])


def facts_of(posting: Posting) -> dict:
    """Facts kept beside the index: visibility and filters, plus what the structured rules compare."""
    facts = {
        "status": posting.status.value if posting.status else None,
        "organisation_id": posting.organisation_id,
        "field": posting.field.code if posting.field is not None else None,
        "region": posting.region,
    }
    if isinstance(posting, TechOffer):
        facts["maturity"] = posting.maturity.rank if posting.maturity else None
        facts["price"] = float(posting.asking_price_wan) if posting.asking_price_wan is not None else None
    else:
        facts["maturity_required"] = posting.maturity_required.rank if posting.maturity_required else None
        facts["budget_max"] = float(posting.budget_max_wan) if posting.budget_max_wan is not None else None
    return facts


def document_of(posting: Posting, vector_hash: str | None = None) -> Document:
    text = text_of(posting)
    return Document(posting.id, text, vector_hash or text_hash(text), facts_of(posting))
