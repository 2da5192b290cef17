"""Latency of `GET /api/v1/needs/<id>/matches` at 10k and 100k offers, with every vector already stored.

Target (issue 3): p95 ≤ 50 ms at 100k offers on the 2-core machine, once the need's vector is stored.

For each size the script makes a fresh database (SQLite by default, or --database-url for PostgreSQL), inserts
synthetic offers and needs (bench/synthetic.py) and random unit vectors under the fallback model's id (encoding
100k texts would take an hour; latency does not depend on what the vectors mean), builds the index from the
stored vectors, restarts from the saved index, then times the full Flask request — routing, the database sync
check, ranking by all channels, fetching rows, explanations and JSON — through Flask's test client.

    .venv/bin/python bench/matches_api.py                       # 10k and 100k on SQLite
    .venv/bin/python bench/matches_api.py --sizes 10000 --queries 100
"""
from __future__ import annotations

import argparse
import logging
import random
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import emit_json, line, machine, mib, percentiles, rss_bytes  # noqa: E402
from synthetic import postings, unit_vectors  # noqa: E402

NEEDS = 300


def _populate(session, engine, n_offers: int, seed: int) -> list[int]:
    """Insert an organisation, n offers, NEEDS needs and their vectors; returns the need ids."""
    from sqlalchemy import insert, select

    from models import Organisation, PostingVector, TechField, TechNeed, TechOffer
    from models.choices import OrgKind

    now = datetime.now(UTC)
    fields = {f.code: f for f in session.scalars(select(TechField))}
    org = Organisation(kind=OrgKind.UNIVERSITY, name="基准测试大学", province="山西省", city="太原市", description="",
                       verified_at=now)
    # The needs belong to another organisation: a list never matches a posting with its own organisation's.
    enterprise = Organisation(kind=OrgKind.ENTERPRISE, name="基准测试企业", province="山西省", city="太原市",
                              description="", verified_at=now)
    session.add_all([org, enterprise])
    session.flush()
    owner = {"offer": org.id, "need": enterprise.id}
    model_id, dim = engine.encoder.model_id, engine.encoder.dim
    for kind, model, count, start in (("offer", TechOffer, n_offers, 1), ("need", TechNeed, NEEDS, 1)):
        for chunk_start in range(0, count, 5000):
            docs = postings(min(5000, count - chunk_start), seed=seed + chunk_start, kind=kind,
                            start_id=start + chunk_start)
            rows = []
            for doc in docs:
                row = {"id": doc.id, "title": doc.title[:200], "description": doc.description, "keywords": doc.keywords,
                       "region": doc.facts["region"], "status": "published", "published_at": now,
                       "field_id": fields[doc.field].id, "organisation_id": owner[kind], "created_at": now,
                       "updated_at": now}
                if kind == "offer":
                    row.update(maturity=["lab", "small_trial", "pilot", "small_batch", "industrial"][doc.facts["maturity"] - 1],
                               ip_status="none", patent_numbers=[], transfer_modes=["license"],
                               asking_price_wan=doc.facts["price"], price_negotiable=False, contact_name="",
                               contact_phone="", contact_email="")
                else:
                    row.update(cooperation_modes=["commissioned"], budget_max_wan=doc.facts["budget_max"])
                rows.append(row)
            session.execute(insert(model), rows)
            vectors = unit_vectors(len(docs), dim, seed=seed + chunk_start + (0 if kind == "offer" else 10**7),
                                   clusters=64)
            session.execute(insert(PostingVector), vector_rows(docs, vectors, kind, model_id, fields, now))
    session.commit()
    return list(range(1, NEEDS + 1))


def vector_rows(docs, vectors, kind: str, model_id: str, fields: dict, now) -> list[dict]:
    """posting_vectors rows for synthetic postings, hashed as the app hashes the posting's text."""
    from embeddings.text import posting_text, text_hash
    from matchmaker.matching.vectors import to_bytes

    return [{"posting_kind": kind, "posting_id": doc.id, "model_id": model_id,
             "text_hash": text_hash(posting_text(doc.title[:200], doc.description, fields[doc.field].name_zh,
                                                 doc.keywords)),
             "dim": len(vector), "vector": to_bytes(vector), "updated_at": now}
            for doc, vector in zip(docs, vectors)]


def run_size(n_offers: int, queries: int, database_url: str | None, seed: int, profile: bool = False) -> dict:
    from matchmaker import create_app, migrate
    from matchmaker.extensions import db
    from matchmaker.matching.engine import MatchEngine

    workdir = Path(tempfile.mkdtemp(prefix=f"mm-bench-{n_offers}-"))
    url = database_url or f"sqlite:///{workdir / 'bench.db'}"
    migrate.upgrade(url)
    config = {"DATABASE_URL": url, "MATCHMAKER_INDEX_DIR": str(workdir / "index"), "SECRET_KEY": "bench"}
    app = create_app(config)
    result: dict = {"offers": n_offers, "needs": NEEDS, "database": url.split(":")[0]}
    with app.app_context():
        engine = app.extensions["matching"]
        started = time.perf_counter()
        need_ids = _populate(db.session, engine, n_offers, seed)
        result["insert_s"] = round(time.perf_counter() - started, 1)
        rss_before = rss_bytes()
        started = time.perf_counter()
        engine.ready(db.session, force=True)
        result["build_from_stored_vectors_s"] = round(time.perf_counter() - started, 1)
        result["index_kind"] = engine.collections["offer"].vectors.kind
        result["rss_growth_per_offer_kib"] = round((rss_bytes() - rss_before) / 1024 / (n_offers + NEEDS), 2)
        # A restarted worker: same model, new engine, index loaded from disk and checked against the database.
        restarted = MatchEngine(app.config["MATCHMAKER_EMBEDDING_MODEL"], app.config["MATCHMAKER_INDEX_DIR"])
        restarted.encoder = engine.encoder
        started = time.perf_counter()
        restarted.ready(db.session, force=True)
        result["restart_load_s"] = round(time.perf_counter() - started, 2)
        result["restart_status"] = restarted.status.get("offer")
        app.extensions["matching"] = restarted
        del engine  # a web worker holds one engine, not the builder's as well
        db.session.remove()
    client = app.test_client()
    rng = random.Random(seed)
    for need_id in need_ids[:5]:  # first requests pay for lazy imports and caches
        client.get(f"/api/v1/needs/{need_id}/matches?limit=20")
    samples, sizes = [], []
    # Each need is asked once, so nothing about the query itself is cached.
    for need_id in rng.sample(need_ids[5:], min(queries, len(need_ids) - 5)):
        started = time.perf_counter()
        response = client.get(f"/api/v1/needs/{need_id}/matches?limit=20")
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.get_data(as_text=True)[:300]
        sizes.append(len(response.get_json()["items"]))
    result["latency_ms"] = percentiles(samples)
    if profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        for need_id in need_ids[:50]:
            client.get(f"/api/v1/needs/{need_id}/matches?limit=20")
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(35)
    result["items_per_answer_min"] = min(sizes)
    result["rss_mib"] = mib(rss_bytes())
    with app.app_context():
        db.engine.dispose()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--database-url", help="an EMPTY database to fill (default: a temporary SQLite file)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--profile", action="store_true", help="print a cProfile of 50 requests per size")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    results = []
    print("matches API latency (GET /api/v1/needs/<id>/matches?limit=20, Flask test client)")
    for size in args.sizes:
        result = run_size(size, args.queries, args.database_url, args.seed, args.profile)
        results.append(result)
        print(f"{size} offers:")
        for key, value in result.items():
            line(key, value)
    emit_json({"bench": "matches_api", "machine": machine(), "results": results})


if __name__ == "__main__":
    main()
