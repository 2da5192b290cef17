"""Our memory-mapped BM25 image (embeddings.compact_bm25) against bm25s, on the same tokens, for the lexical channel.

Issue 12 asks to prefer a kept library (bm25s keeps BM25 scores in sparse matrices and can memory-map them) over a
hand-written index unless it measures worse. Both indexes get the lexical channel's own terms
(`embeddings.tokenize.native_terms`) of synthetic postings (bench/synthetic.py), so tokenisation is left out, and
both use k1 = 1.2, b = 0.75 and the Lucene idf. Per size it prints:

  - build time (our ImageBuilder + write; bm25s index + save) and size on disk;
  - load time, memory-mapped, and the RSS growth after the queries;
  - top-k latency p50/p95 over the query set (`LayeredBM25.query(terms).top(k)`; `bm25s.BM25.retrieve`);
  - overlap@k of the two top-k lists (ours spends at most POSTINGS_BUDGET postings per query, rarest terms first;
    bm25s reads every posting).

    .venv/bin/pip install 'bm25s>=0.2,<0.4'           # not a dependency of the application
    .venv/bin/python bench/lexical.py --sizes 10000,100000
"""
from __future__ import annotations

import argparse
import gc
import logging
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import emit_json, line, machine, mib, percentiles, rss_bytes  # noqa: E402
from synthetic import iter_postings  # noqa: E402

from embeddings.compact_bm25 import FrozenBM25, ImageBuilder, LayeredBM25  # noqa: E402
from embeddings.tokenize import native_terms  # noqa: E402


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated corpus sizes (default %(default)s)")
    parser.add_argument("--queries", type=int, default=200, help="queries per size (default %(default)s)")
    parser.add_argument("--k", type=int, default=100, help="top-k per query, as a ranking pool (default %(default)s)")
    parser.add_argument("--seed", type=int, default=1)
    return parser.parse_args(argv)


def tokenised(n: int, seed: int, kind: str = "offer", start_id: int = 1) -> list[tuple[int, list[str]]]:
    return [(p.id, native_terms(p.text)) for p in iter_postings(n, seed=seed, kind=kind, start_id=start_id)]


def time_queries(search, queries: list[list[str]]) -> tuple[list[list[int]], list[float]]:
    results, samples = [], []
    for terms in queries:
        start = time.perf_counter()
        results.append(search(terms))
        samples.append(1000 * (time.perf_counter() - start))
    return results, samples


def ours(corpus, queries, k: int, directory: Path) -> tuple[dict, list[list[int]]]:
    start = time.perf_counter()
    builder = ImageBuilder()
    for doc_id, terms in corpus:
        builder.add(doc_id, terms)
    builder.write(directory)
    build_s = time.perf_counter() - start
    del builder
    gc.collect()
    before = rss_bytes()
    start = time.perf_counter()
    index = LayeredBM25(FrozenBM25(directory))
    load_s = time.perf_counter() - start
    time_queries(lambda terms: index.query(terms).top(k), queries[:20])  # first touches of the map
    results, samples = time_queries(lambda terms: [i for i, _ in index.query(terms).top(k)], queries)
    return {"build_s": round(build_s, 2), "disk_bytes": sum(f.stat().st_size for f in directory.rglob("*")),
            "load_s": round(load_s, 3), "rss_growth_bytes": rss_bytes() - before,
            "top_k_ms": percentiles(samples)}, results


def with_bm25s(corpus, queries, k: int, directory: Path) -> tuple[dict, list[list[int]]]:
    import bm25s

    logging.getLogger("bm25s").setLevel(logging.WARNING)  # it lowers its own level on import
    ids = [doc_id for doc_id, _ in corpus]
    start = time.perf_counter()
    model = bm25s.BM25(k1=1.2, b=0.75, method="lucene")
    model.index([terms for _, terms in corpus], show_progress=False)
    model.save(str(directory))
    build_s = time.perf_counter() - start
    del model
    gc.collect()
    before = rss_bytes()
    start = time.perf_counter()
    model = bm25s.BM25.load(str(directory), mmap=True, show_progress=False)
    load_s = time.perf_counter() - start
    vocabulary = model.vocab_dict

    def search(terms: list[str]) -> list[int]:
        known = [t for t in terms if t in vocabulary]
        if not known:
            return []
        rows, scores = model.retrieve([known], k=min(k, len(ids)), show_progress=False, n_threads=1)
        return [ids[int(r)] for r, s in zip(rows[0], scores[0]) if s > 0]

    time_queries(search, queries[:20])
    results, samples = time_queries(search, queries)
    return {"build_s": round(build_s, 2), "disk_bytes": sum(f.stat().st_size for f in directory.rglob("*")),
            "load_s": round(load_s, 3), "rss_growth_bytes": rss_bytes() - before,
            "top_k_ms": percentiles(samples)}, results


def overlap(a: list[list[int]], b: list[list[int]], k: int) -> float:
    shares = [len(set(x[:k]) & set(y[:k])) / max(min(k, len(x), len(y)), 1) for x, y in zip(a, b)]
    return round(sum(shares) / max(len(shares), 1), 4)


def main(argv=None) -> None:
    args = parse_args(argv)
    logging.basicConfig(level=logging.ERROR)
    logging.getLogger("bm25s").setLevel(logging.ERROR)
    result = {"benchmark": "lexical", "machine": machine(), "k": args.k, "sizes": []}
    print(f"lexical channel: our BM25 image vs bm25s, top-{args.k}, same native_terms tokens")
    queries = [terms for _, terms in tokenised(args.queries, args.seed + 1000, "need", 10_000_000)]
    for n in [int(s) for s in args.sizes.split(",") if s.strip()]:
        start = time.perf_counter()
        corpus = tokenised(n, args.seed)
        tokenise_s = time.perf_counter() - start
        with tempfile.TemporaryDirectory(prefix="bench-lexical-") as tmp:
            mine, mine_hits = ours(corpus, queries, args.k, Path(tmp) / "ours")
            theirs, their_hits = with_bm25s(corpus, queries, args.k, Path(tmp) / "bm25s")
        size = {"postings": n, "tokenise_s": round(tokenise_s, 2), "ours": mine, "bm25s": theirs,
                "overlap_at_k": overlap(mine_hits, their_hits, args.k), "overlap_at_20": overlap(mine_hits, their_hits, 20)}
        print(f"\n{n:,} postings (tokenised in {tokenise_s:.1f} s)")
        for name, part in (("ours", mine), ("bm25s", theirs)):
            t = part["top_k_ms"]
            line(f"{name}: build, disk", f"{part['build_s']:.2f} s, {mib(part['disk_bytes'])} MiB")
            line(f"{name}: load (mmap), RSS growth", f"{part['load_s']:.3f} s, {mib(part['rss_growth_bytes'])} MiB")
            line(f"{name}: top-{args.k}", f"p50 {t['p50']} ms, p95 {t['p95']} ms, max {t['max']} ms")
        line(f"overlap@{args.k} / overlap@20", f"{size['overlap_at_k']} / {size['overlap_at_20']}")
        result["sizes"].append(size)
        del corpus
        gc.collect()
    print()
    emit_json(result)


if __name__ == "__main__":
    main()
