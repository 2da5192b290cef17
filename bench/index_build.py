"""Index build and load time, memory per posting, and the ranking core of the matches latency.

Target: an offer collection of 10k and 100k postings (`embeddings.ranker.Collection`), measured for
  - build time, split into vector index build, tokenisation (native BM25 terms, CC-CEDICT English view)
    and BM25 insertion;
  - save() time, on-disk size, and Collection.load() time;
  - resident memory growth per posting, after build and after a cold load in a fresh process;
  - the vector index kind (flat up to `approximate_above`, 50k by default, HNSW above);
  - `collection.rank(Query(text, vector), k=20)` latency p50/p95 over 200 synthetic need queries, in the
    freshly loaded process (first pass cold, second pass warm). This is the core of the matches API latency.

Texts are synthetic Chinese (~70%) and English postings from bench/synthetic.py. Vectors are random unit
vectors of dimension 384, not encoder output: encoding 100k texts would take far too long on CPU (see
bench/encoding.py for the encoder's throughput). Uses only the `embeddings` package.

Run (from the repository root):
    .venv/bin/python bench/index_build.py                       # sizes 10000,100000 (~10 min on 2 CPUs)
    .venv/bin/python bench/index_build.py --sizes 10000 --queries 100
    .venv/bin/python bench/index_build.py --keep --workdir /tmp/idx        # keep the saved indexes, then
    .venv/bin/python bench/index_build.py --load-only --workdir /tmp/idx   # re-measure load + rank only
    .venv/bin/python bench/index_build.py --faiss-threads 1 --profile      # one OpenMP thread; cProfile of rank
    .venv/bin/python bench/index_build.py --sizes 10000 --breakdown        # bytes per posting of each structure

Readable lines first, then one JSON line with every number.
"""
from __future__ import annotations

import argparse
import cProfile
import gc
import io
import json
import logging
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from common import emit_json, line, machine, mib, peak_rss_bytes, percentiles, rss_bytes, smaps_rollup
from synthetic import iter_postings, postings, unit_vectors

from embeddings.lexicon import Lexicon
from embeddings.ranker import Collection, Document, Query, current_generation
from embeddings.vector_index import VectorIndex

DEFAULT_CACHE = Path(tempfile.gettempdir()) / "matchmaker-bench-cache"
MODEL_ID = "synthetic-random-384"


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated collection sizes (default %(default)s)")
    parser.add_argument("--queries", type=int, default=200, help="rank queries per size (default %(default)s)")
    parser.add_argument("--k", type=int, default=20, help="matches per query (default %(default)s)")
    parser.add_argument("--dim", type=int, default=384, help="vector dimension (default %(default)s)")
    parser.add_argument("--seed", type=int, default=1, help="seed for texts and vectors (default %(default)s)")
    parser.add_argument("--clusters", type=int, default=1000,
                        help="draw vectors around this many random centres (default %(default)s; 0: uniform noise, "
                             "which no approximate index searches well and no encoder makes)")
    parser.add_argument("--workers", type=int, default=4,
                        help="worker processes that load the same image at once (default %(default)s)")
    parser.add_argument("--approximate-above", type=int, default=50_000,
                        help="HNSW above this many vectors, as the application (default %(default)s)")
    parser.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE,
                        help="CC-CEDICT lexicon cache directory (default %(default)s)")
    parser.add_argument("--workdir", type=Path, default=None,
                        help="where indexes are saved, as offer-<size>/ (default: a temporary dir)")
    parser.add_argument("--keep", action="store_true", help="keep the saved indexes")
    parser.add_argument("--load-only", action="store_true",
                        help="skip building: load and rank indexes kept in --workdir by an earlier --keep run")
    parser.add_argument("--faiss-threads", type=int, default=0,
                        help="faiss OpenMP threads in the load/rank process (default 0: as embeddings sets it)")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of the warm rank pass")
    parser.add_argument("--breakdown", action="store_true",
                        help="after loading, measure the bytes per posting of each lexical structure (slow at 100k)")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)  # internal: load + rank in a fresh process
    parser.add_argument("--child-size", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.load_only and args.workdir is None:
        parser.error("--load-only needs --workdir")
    return args


def quiet() -> None:
    logging.basicConfig(level=logging.ERROR)
    logging.getLogger("embeddings").setLevel(logging.ERROR)


def load_lexicon(cache_dir: Path) -> tuple[Lexicon, float, bool]:
    cached = (cache_dir / "lexicon-v1.pickle").exists()
    start = time.perf_counter()
    lexicon = Lexicon.load(cache_dir)
    return lexicon, time.perf_counter() - start, cached


def warm_tokenisers(lexicon: Lexicon) -> float:
    """jieba loads its dictionary on first use; keep that out of the build timings."""
    from embeddings.tokenize import native_terms

    start = time.perf_counter()
    native_terms("锂离子电池正极材料 battery")
    lexicon.english_view("锂离子电池正极材料")
    return time.perf_counter() - start


def queries(args: argparse.Namespace) -> list[Query]:
    needs = postings(args.queries, seed=args.seed + 1000, kind="need", start_id=10_000_000)
    vectors = unit_vectors(args.queries, args.dim, seed=args.seed + 1000, clusters=args.clusters)
    return [Query(p.text, vectors[i], p.facts) for i, p in enumerate(needs)]


# Build ---------------------------------------------------------------------------------------------------------

class Stopwatch:
    """Accumulates the time spent in wrapped callables."""

    def __init__(self):
        self.seconds: dict[str, float] = {}

    def wrap(self, name: str, fn):
        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - start
        return timed


def build_and_save(n: int, args: argparse.Namespace, lexicon: Lexicon, directory: Path) -> dict:
    """Build straight into a saved generation (Collection.build_saved, as the application's rebuild), then
    measure the approximate index's recall against exact search on the same vectors."""
    start = time.perf_counter()
    vectors = unit_vectors(n, args.dim, seed=args.seed, clusters=args.clusters)
    generate_s = time.perf_counter() - start
    seen = {"chars": 0, "zh": 0}

    def documents():
        for p in iter_postings(n, seed=args.seed):
            seen["chars"] += len(p.text)
            seen["zh"] += p.lang == "zh"
            yield Document(p.id, p.text, p.hash, p.facts)

    gc.collect()
    rss_before = rss_bytes()
    watch = Stopwatch()
    # Wrappers around the library's own methods: the code runs unchanged, we only read the clock around it.
    patched = [(VectorIndex, "build"), (Collection, "terms")]
    originals = [getattr(owner, name) for owner, name in patched]
    for (owner, name), original in zip(patched, originals):
        setattr(owner, name, watch.wrap(f"{owner.__name__}.{name}", original))
    lexicon.english_view = watch.wrap("english_view", lexicon.english_view)
    try:
        start = time.perf_counter()
        collection, _manifest = Collection.build_saved("offer", directory, documents(), vectors, lexicon, MODEL_ID,
                                                       "bench", approximate_above=args.approximate_above)
        build_s = time.perf_counter() - start
    finally:
        for (owner, name), original in zip(patched, originals):
            setattr(owner, name, original)
        del lexicon.english_view
    build_peak = peak_rss_bytes()
    files = generation_size(directory)
    recall = recall_at_k(collection, vectors, args)
    kind = collection.vectors.kind
    del collection, vectors
    gc.collect()

    vector_s = watch.seconds.get("VectorIndex.build", 0.0)
    tokenise_s = watch.seconds.get("Collection.terms", 0.0)
    english_s = watch.seconds.get("english_view", 0.0)
    return {
        "postings": n, "zh_share": round(seen["zh"] / n, 3), "mean_chars": round(seen["chars"] / n, 1),
        "vector_kind": kind, "generate_vectors_s": round(generate_s, 2),
        "build_s": round(build_s, 2), "build_vector_index_s": round(vector_s, 2),
        "build_tokenise_s": round(tokenise_s, 2), "build_tokenise_english_view_s": round(english_s, 2),
        "build_images_facts_and_open_s": round(build_s - vector_s - tokenise_s, 2),
        "tokenise_ms_per_posting": round(1000 * tokenise_s / n, 3),
        **disk(files, n),
        "build_peak_rss_bytes": build_peak, "build_rss_before_bytes": rss_before,
        **recall,
    }


def recall_at_k(collection: Collection, vectors: np.ndarray, args: argparse.Namespace) -> dict:
    """recall@k of the collection's vector index against exact inner-product search over the same vectors, at the
    application's efSearch and, for HNSW, at a few others."""
    import faiss

    query_vectors = unit_vectors(args.queries, args.dim, seed=args.seed + 1000, clusters=args.clusters)
    start = time.perf_counter()
    _, rows = faiss.knn(query_vectors, vectors, args.k, metric=faiss.METRIC_INNER_PRODUCT)
    exact_s = time.perf_counter() - start
    wanted = [{int(r) + 1 for r in want} for want in rows]  # ids are rows + 1

    def measure() -> dict:
        found, samples = [], []
        for query, want in zip(query_vectors, wanted):
            start = time.perf_counter()
            hits = collection.vectors.search(query, args.k)
            samples.append(1000 * (time.perf_counter() - start))
            found.append(len({doc_id for doc_id, _ in hits} & want) / args.k)
        return {"recall_at_k": round(float(np.mean(found)), 4), "recall_min": round(float(np.min(found)), 4),
                "queries_below_half": int(sum(f < 0.5 for f in found)), "vector_search_ms": percentiles(samples)}

    out = {**measure(), "exact_search_s": round(exact_s, 2), "ef_search": collection.vectors.ef_search}
    if collection.vectors.kind == "hnsw":
        hnsw = faiss.downcast_index(collection.vectors.main.index).hnsw
        sweep = {}
        for ef in (64, 256, 512):
            hnsw.efSearch = ef
            sweep[ef] = measure()
        hnsw.efSearch = collection.vectors.ef_search
        out["recall_by_ef_search"] = sweep
    return out


def generation_size(directory: Path) -> dict[str, int]:
    """Bytes of each part (file, or image folder) of the current saved generation."""
    target = directory / current_generation(directory)
    return {part.name: part.stat().st_size if part.is_file() else sum(f.stat().st_size for f in part.rglob("*"))
            for part in sorted(target.iterdir())}


def disk(files: dict[str, int], n: int) -> dict:
    return {"disk_bytes": sum(files.values()), "disk_files": files, "disk_bytes_per_posting": round(sum(files.values()) / n),
            # FAISS keeps in memory what it writes: this is the vector index's share of the RSS.
            "vector_index_bytes_per_posting": round(sum(v for k, v in files.items() if k.endswith("main.faiss")) / n)}


# Load and rank (in a fresh process, as a restarted server would) -----------------------------------------------

def deep_size(obj, seen: set[int]) -> int:
    """Bytes of an object and everything it holds (containers, strings, numbers, numpy arrays), each once."""
    if id(obj) in seen:
        return 0
    seen.add(id(obj))
    size = sys.getsizeof(obj)
    if isinstance(obj, dict):
        size += sum(deep_size(k, seen) + deep_size(v, seen) for k, v in obj.items())
    elif isinstance(obj, list | tuple | set | frozenset):
        size += sum(deep_size(x, seen) for x in obj)
    elif hasattr(obj, "nbytes") and getattr(obj, "base", None) is not None:
        size += obj.nbytes
    return size


def breakdown(collection: Collection, n: int) -> dict[str, int]:
    """Bytes per posting of each lexical structure (shared objects counted where first met)."""
    seen: set[int] = set()
    out = {}
    for name in ("lexical", "bridge"):
        index = getattr(collection, name)  # a loaded collection's: its image is memory-mapped, its delta empty
        for attr in ("_masked", "_delta", "_delta_postings", "_delta_df"):
            out[f"{name}.{attr}"] = round(deep_size(getattr(index, attr), seen) / n)
    out["facts"] = round(deep_size(collection.facts, seen) / n)
    out["hashes"] = round(deep_size(collection.hashes, seen) / n)
    return out


def child(args: argparse.Namespace) -> None:
    """One worker: load the image, say so, rank when told to, report, then stay alive until told to quit, so that
    the parent reads every worker's memory while all of them map the same files."""
    import faiss

    if args.faiss_threads:
        faiss.omp_set_num_threads(args.faiss_threads)
    lexicon, _, _ = load_lexicon(args.cache_dir)
    warm_tokenisers(lexicon)
    batch = queries(args)
    gc.collect()
    rss_before = rss_bytes()
    start = time.perf_counter()
    collection, manifest = Collection.load("offer", args.child, lexicon, approximate_above=args.approximate_above)
    load_s = time.perf_counter() - start
    start = time.perf_counter()
    collection.warm()  # as the engine does after opening: compiles the BM25 kernel
    warm_s = time.perf_counter() - start
    gc.collect()
    rss_after = rss_bytes()
    n = args.child_size or len(collection)
    emit_json({"load_s": round(load_s, 2), "warm_s": round(warm_s, 2), "load_rss_growth_bytes": rss_after - rss_before,
               "load_rss_bytes_per_posting": round((rss_after - rss_before) / n), "loaded_kind": manifest.kind,
               "loaded_count": manifest.count})
    sys.stdout.flush()
    if sys.stdin.readline().strip() != "rank":
        return

    def run() -> list[float]:
        samples = []
        for query in batch:
            start = time.perf_counter()
            collection.rank(query, k=args.k)
            samples.append(1000 * (time.perf_counter() - start))
        return samples

    cold = run()
    profiler = cProfile.Profile() if args.profile else None
    if profiler:
        profiler.enable()
    warm = run()
    if profiler:
        profiler.disable()
    matches = collection.rank(batch[0], k=args.k)
    out = {
        "rss_after_queries_bytes": rss_bytes(), "faiss_threads": faiss.omp_get_max_threads(), "rank_k": args.k,
        "rank_queries": len(batch), "rank_cold_ms": percentiles(cold), "rank_warm_ms": percentiles(warm),
        "rank_warm_samples": [round(x, 3) for x in warm], "rank_first_query_ms": round(cold[0], 2),
        "matches_returned": len(matches),
    }
    if args.breakdown:
        out["breakdown_bytes_per_posting"] = breakdown(collection, n)
    if profiler:
        buffer = io.StringIO()
        pstats.Stats(profiler, stream=buffer).sort_stats("cumulative").print_stats(25)
        out["profile"] = buffer.getvalue()
    emit_json(out)
    sys.stdout.flush()
    sys.stdin.readline()


def load_and_rank(n: int, args: argparse.Namespace, directory: Path) -> dict:
    """Start `--workers` worker processes on one image at once; they rank one after another (so latency is not a
    measure of two cores shared by four), and every worker's RSS and PSS is read while all are alive."""
    command = [sys.executable, str(Path(__file__).resolve()), "--child", str(directory), "--child-size", str(n),
               "--queries", str(args.queries), "--k", str(args.k), "--dim", str(args.dim), "--seed", str(args.seed),
               "--clusters", str(args.clusters), "--approximate-above", str(args.approximate_above),
               "--cache-dir", str(args.cache_dir), "--faiss-threads", str(args.faiss_threads)]
    logs = [tempfile.TemporaryFile(mode="w+") for _ in range(args.workers)]
    # Only the first worker profiles or measures its structures: both slow it down.
    workers = [subprocess.Popen(command + (["--profile"] * args.profile + ["--breakdown"] * args.breakdown
                                           if w == 0 else []),
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=logs[w], text=True)
               for w in range(args.workers)]

    def answer(w: int) -> dict:
        reply = workers[w].stdout.readline()
        if not reply:
            logs[w].seek(0)
            raise SystemExit(f"worker {w} failed for {n} postings:\n{logs[w].read()[-3000:]}")
        return json.loads(reply)

    def tell(w: int, word: str) -> None:
        workers[w].stdin.write(word + "\n")
        workers[w].stdin.flush()

    try:
        loaded = [answer(w) for w in range(args.workers)]
        ranked = []
        for w in range(args.workers):
            tell(w, "rank")
            ranked.append(answer(w))
        memory = [smaps_rollup(worker.pid) for worker in workers]
        for w in range(args.workers):
            tell(w, "quit")
        for worker in workers:
            worker.wait(timeout=60)
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
    first = {**loaded[0], **ranked[0]}
    first.pop("rank_warm_samples")
    pooled = [x for r in ranked for x in r["rank_warm_samples"]]
    rss = [m.get("Rss", 0) for m in memory]
    pss = [m.get("Pss", 0) for m in memory]
    return {
        **first, "workers": args.workers, "load_s_per_worker": [w["load_s"] for w in loaded],
        "rank_warm_ms_all_workers": percentiles(pooled),
        "rss_per_worker_mb": [mib(x) for x in rss], "pss_per_worker_mb": [mib(x) for x in pss],
        "pss_anon_per_worker_mb": [mib(m.get("Pss_Anon", 0)) for m in memory],
        "rss_total_mb": mib(sum(rss)), "pss_total_mb": mib(sum(pss)),
    }


# Main ------------------------------------------------------------------------------------------------------------

def report(size: dict) -> None:
    n = size["postings"]
    if "build_s" in size:
        print(f"\n{n:,} postings ({size['zh_share']:.0%} Chinese, {size['mean_chars']:.0f} chars on average), "
              f"vector index: {size['vector_kind']}")
        line("build into a saved generation (Collection.build_saved)", f"{size['build_s']:.2f} s")
        line("  vector index build", f"{size['build_vector_index_s']:.2f} s")
        line("  tokenisation (of which CC-CEDICT English view)",
             f"{size['build_tokenise_s']:.2f} s ({size['build_tokenise_english_view_s']:.2f} s; "
             f"{size['tokenise_ms_per_posting']:.2f} ms/posting)")
        line("  BM25 images, facts, writing and opening", f"{size['build_images_facts_and_open_s']:.2f} s")
        line("build process peak RSS", f"{mib(size['build_peak_rss_bytes'])} MiB")
        search = size["vector_search_ms"]
        line(f"recall@{size['rank_k']} of the {size['vector_kind']} index vs exact",
             f"{size['recall_at_k']:.4f} (worst query {size['recall_min']:.2f}, {size['queries_below_half']} below "
             f"0.5; efSearch {size['ef_search']}; vector search p50 {search['p50']} ms, p95 {search['p95']} ms)")
        for ef, other in size.get("recall_by_ef_search", {}).items():
            line(f"  at efSearch {ef}", f"{other['recall_at_k']:.4f} (worst {other['recall_min']:.2f}, "
                 f"{other['queries_below_half']} below 0.5; p95 {other['vector_search_ms']['p95']} ms)")
    else:
        print(f"\n{n:,} postings (loaded from an earlier run), vector index: {size['loaded_kind']}")
    files = ", ".join(f"{name} {mib(b)} MiB" for name, b in size["disk_files"].items())
    line("on disk", f"{mib(size['disk_bytes'])} MiB ({size['disk_bytes_per_posting']:,} B/posting: {files})")
    line(f"Collection.load() in {size['workers']} fresh processes at once",
         " / ".join(f"{s:.2f}" for s in size["load_s_per_worker"]) + " s")
    line("RSS growth after load (first worker)", f"{mib(size['load_rss_growth_bytes'])} MiB = "
         f"{size['load_rss_bytes_per_posting']:,} B/posting")
    for name, value in size.get("breakdown_bytes_per_posting", {}).items():
        line(f"  {name}", f"{value:,} B/posting")
    line("RSS per worker after ranking", " / ".join(f"{x:,.0f}" for x in size["rss_per_worker_mb"]) +
         f" MiB, total {size['rss_total_mb']:,.0f} MiB")
    line("PSS per worker after ranking", " / ".join(f"{x:,.0f}" for x in size["pss_per_worker_mb"]) +
         f" MiB, total {size['pss_total_mb']:,.0f} MiB (private: " +
         " / ".join(f"{x:,.0f}" for x in size["pss_anon_per_worker_mb"]) + " MiB)")
    line("faiss OpenMP threads (worker)", size["faiss_threads"])
    cold, warm, every = size["rank_cold_ms"], size["rank_warm_ms"], size["rank_warm_ms_all_workers"]
    line(f"rank k={size['rank_k']} cold pass ({size['rank_queries']} q, first worker)",
         f"p50 {cold['p50']} ms, p95 {cold['p95']} ms, max {cold['max']} ms (first query {size['rank_first_query_ms']} ms)")
    line(f"rank k={size['rank_k']} warm pass (first worker)",
         f"p50 {warm['p50']} ms, p95 {warm['p95']} ms, max {warm['max']} ms")
    line("rank warm pass (every worker, one after another)",
         f"p50 {every['p50']} ms, p95 {every['p95']} ms, max {every['max']} ms")


def main(argv=None) -> None:
    args = parse_args(argv)
    quiet()
    if args.child:
        child(args)
        return
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    print("index_build: synthetic postings, random unit vectors of dim "
          f"{args.dim} ({'uniform' if not args.clusters else f'{args.clusters} clusters'}; not encoder output — "
          "encoding 100k texts would take too long)")
    lexicon, lexicon_s, cached = load_lexicon(args.cache_dir)
    jieba_s = warm_tokenisers(lexicon)
    line("Lexicon.load()", f"{lexicon_s:.2f} s ({'cached pickle' if cached else 'compiled CC-CEDICT'}, "
         f"{len(lexicon.entries):,} words)")
    line("jieba dictionary warm-up", f"{jieba_s:.2f} s")
    result = {"benchmark": "index_build", "machine": machine(), "vectors": "synthetic random unit vectors",
              "dim": args.dim, "clusters": args.clusters, "approximate_above": args.approximate_above,
              "lexicon_load_s": round(lexicon_s, 2), "lexicon_cached": cached, "jieba_warmup_s": round(jieba_s, 2),
              "sizes": []}
    keep = args.keep or args.load_only
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="bench-index-"))
    try:
        for n in sizes:
            directory = workdir / f"offer-{n}"
            if args.load_only:
                if current_generation(directory) is None:
                    raise SystemExit(f"no saved index in {directory}; run once with --keep --workdir {workdir}")
                size = {"postings": n, **disk(generation_size(directory), n)}
            else:
                size = build_and_save(n, args, lexicon, directory)
            loaded = load_and_rank(n, args, directory)
            profile = loaded.pop("profile", None)
            size.update(loaded)
            report(size)
            if profile:
                print(f"\ncProfile of the warm rank pass at {n:,} postings:\n{profile}")
            result["sizes"].append(size)
            if not keep:
                shutil.rmtree(directory, ignore_errors=True)
    finally:
        if not keep and args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    print()
    emit_json(result)


if __name__ == "__main__":
    main()
