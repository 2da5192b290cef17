"""`matchmaker eval`: rank every offer for every need of a dataset and score the rankings."""
from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from embeddings.caveats import embedded_text
from embeddings.encoder import Encoder
from embeddings.fusion import params_for
from embeddings.lexicon import Lexicon
from embeddings.metrics import mrr_at_k, ndcg_at_k, recall_at_k
from embeddings.ranker import Collection, Document, Query
from embeddings.text import posting_text, text_hash


def _facts(item: Mapping) -> dict:
    return {"field": item.get("field")}


def _text(item: Mapping) -> str:
    return posting_text(item["title"], item["description"], item.get("field"), item.get("keywords") or ())


def _rankings(dataset: Mapping, encoder: Encoder, lexicon: Lexicon, channel: str = "fused") -> dict[str, list]:
    """Every offer ranked for every need: need id → [(offer id, score)], best first."""
    offers, needs = dataset["offers"], dataset["needs"]
    offer_ids = [o["id"] for o in offers]
    collection = Collection("offer", encoder.dim, lexicon, params=params_for(encoder.family))
    offer_texts = [_text(o) for o in offers]
    collection.build([Document(i, t, text_hash(t), _facts(o)) for i, (t, o) in enumerate(zip(offer_texts, offers))],
                     encoder.encode([embedded_text("offer", t) for t in offer_texts]))
    need_texts = [_text(n) for n in needs]
    need_vectors = encoder.encode(need_texts)
    rankings = {}
    for need, text, vector in zip(needs, need_texts, need_vectors):
        matches = collection.rank(Query(text, vector, _facts(need)), k=len(offers), channel=channel)
        rankings[need["id"]] = [(offer_ids[m.id], m.fused) for m in matches]
    return rankings


def graded_pairs(dataset: Mapping, encoder: Encoder, lexicon: Lexicon) -> tuple[list[float], list[bool]]:
    """The fused score of every need–offer pair and whether it is graded relevant (≥ 1); unjudged pairs count as not
    relevant. Needs without any graded offer are left out: nobody looked for their partners."""
    qrels = dataset.get("qrels", {})
    scores, relevant = [], []
    for need_id, ranked in _rankings(dataset, encoder, lexicon).items():
        grades = qrels.get(need_id, {})
        if not any(g > 0 for g in grades.values()):
            continue
        for offer_id, fused in ranked:
            scores.append(fused)
            relevant.append(grades.get(offer_id, 0) >= 1)
    return scores, relevant


def evaluate(dataset: Mapping, encoder: Encoder, lexicon: Lexicon, channel: str = "fused") -> dict:
    """Metrics over the needs with at least one graded offer; qrels are read only after ranking."""
    rankings = {need: [offer for offer, _ in ranked]
                for need, ranked in _rankings(dataset, encoder, lexicon, channel).items()}
    needs = dataset["needs"]
    qrels = dataset.get("qrels", {})
    judged = [n["id"] for n in needs if any(g > 0 for g in qrels.get(n["id"], {}).values())]
    if not judged:
        raise ValueError("the dataset has no need with a graded offer")

    def mean(metric, k):
        return round(sum(metric(rankings[n], qrels[n], k) for n in judged) / len(judged), 4)

    return {"ndcg@10": mean(ndcg_at_k, 10), "recall@20": mean(recall_at_k, 20), "mrr@10": mean(mrr_at_k, 10),
            "queries": len(judged), "model": encoder.model_id}


def load_dataset(path: Path | str) -> dict:
    """Read a dataset in the matching-dataset contract (DESIGN.md)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    for key in ("offers", "needs"):
        if not isinstance(data.get(key), list):
            raise ValueError(f"dataset has no '{key}' list")
        for item in data[key]:
            if not all(isinstance(item.get(f), str) for f in ("id", "title", "description")):
                raise ValueError(f"every item of '{key}' needs string id, title and description")
    return data
