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

from common import directory_size, emit_json, line, machine, mib, percentiles, rss_bytes
from synthetic import postings, unit_vectors

from embeddings.lexicon import Lexicon
from embeddings.ranker import Collection, Document, Query
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
    parser.add_argument("--clusters", type=int, default=0,
                        help="draw vectors around this many random centres instead of uniformly (default 0: uniform)")
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
    start = time.perf_counter()
    synthetic = postings(n, seed=args.seed)
    docs = [Document(p.id, p.text, p.hash, p.facts) for p in synthetic]
    chars = sum(len(d.text) for d in docs)
    zh_share = sum(p.lang == "zh" for p in synthetic) / n
    del synthetic
    vectors = unit_vectors(n, args.dim, seed=args.seed, clusters=args.clusters)
    generate_s = time.perf_counter() - start

    gc.collect()
    rss_before = rss_bytes()
    collection = Collection("offer", args.dim, lexicon, approximate_above=args.approximate_above)
    watch = Stopwatch()
    # Instance-level wrappers: the library code runs unchanged, we only read the clock around it.
    collection.vectors.build = watch.wrap("vector_index", collection.vectors.build)
    collection.terms = watch.wrap("tokenise", collection.terms)
    lexicon.english_view = watch.wrap("tokenise_english_view", lexicon.english_view)
    try:
        start = time.perf_counter()
        collection.build(docs, vectors)
        build_s = time.perf_counter() - start
    finally:
        del lexicon.english_view
    gc.collect()
    rss_after = rss_bytes()

    start = time.perf_counter()
    collection.save(directory, MODEL_ID, "bench")
    save_s = time.perf_counter() - start
    files = directory_size(directory)

    vector_s = watch.seconds.get("vector_index", 0.0)
    tokenise_s = watch.seconds.get("tokenise", 0.0)
    english_s = watch.seconds.get("tokenise_english_view", 0.0)
    result = {
        "postings": n, "zh_share": round(zh_share, 3), "mean_chars": round(chars / n, 1),
        "vector_kind": collection.vectors.kind, "generate_s": round(generate_s, 2),
        "build_s": round(build_s, 2), "build_vector_index_s": round(vector_s, 2),
        "build_tokenise_s": round(tokenise_s, 2), "build_tokenise_native_s": round(tokenise_s - english_s, 2),
        "build_tokenise_english_view_s": round(english_s, 2),
        "build_bm25_insert_and_facts_s": round(build_s - vector_s - tokenise_s, 2),
        "tokenise_ms_per_posting": round(1000 * tokenise_s / n, 3),
        "save_s": round(save_s, 2), **disk(files, n),
        "build_rss_growth_bytes": rss_after - rss_before,
        "build_rss_bytes_per_posting": round((rss_after - rss_before) / n),
    }
    del collection, docs, vectors
    gc.collect()
    return result


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


def child(args: argparse.Namespace) -> dict:
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
    gc.collect()
    rss_after = rss_bytes()

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
    rss_ranked = rss_bytes()

    start = time.perf_counter()
    VectorIndex.load(Path(args.child) / collection.generation, approximate_above=args.approximate_above)
    vector_load_s = time.perf_counter() - start

    n = args.child_size or len(collection)
    out = {
        "load_s": round(load_s, 2), "load_vector_index_s": round(vector_load_s, 2),
        "load_rss_growth_bytes": rss_after - rss_before, "load_rss_bytes_per_posting": round((rss_after - rss_before) / n),
        "rss_after_queries_bytes": rss_ranked, "loaded_kind": manifest.kind, "loaded_count": manifest.count,
        "faiss_threads": faiss.omp_get_max_threads(), "rank_k": args.k, "rank_queries": len(batch),
        "rank_cold_ms": percentiles(cold), "rank_warm_ms": percentiles(warm), "rank_first_query_ms": round(cold[0], 2),
        "matches_returned": len(matches),
    }
    if args.breakdown:
        out["breakdown_bytes_per_posting"] = breakdown(collection, n)
    if profiler:
        buffer = io.StringIO()
        pstats.Stats(profiler, stream=buffer).sort_stats("cumulative").print_stats(25)
        out["profile"] = buffer.getvalue()
    return out


def load_and_rank(n: int, args: argparse.Namespace, directory: Path) -> dict:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", str(directory), "--child-size", str(n),
               "--queries", str(args.queries), "--k", str(args.k), "--dim", str(args.dim), "--seed", str(args.seed),
               "--clusters", str(args.clusters), "--approximate-above", str(args.approximate_above),
               "--cache-dir", str(args.cache_dir), "--faiss-threads", str(args.faiss_threads)]
    command += ["--profile"] * args.profile + ["--breakdown"] * args.breakdown
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"load/rank child failed for {n} postings:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# Main ------------------------------------------------------------------------------------------------------------

def report(size: dict) -> None:
    n = size["postings"]
    if "build_s" in size:
        print(f"\n{n:,} postings ({size['zh_share']:.0%} Chinese, {size['mean_chars']:.0f} chars on average), "
              f"vector index: {size['vector_kind']}")
        line("build total", f"{size['build_s']:.2f} s")
        line("  vector index build", f"{size['build_vector_index_s']:.2f} s")
        line("  tokenisation (native + English view)",
             f"{size['build_tokenise_s']:.2f} s = {size['build_tokenise_native_s']:.2f} + "
             f"{size['build_tokenise_english_view_s']:.2f} s ({size['tokenise_ms_per_posting']:.2f} ms/posting)")
        line("  BM25 insertion and facts", f"{size['build_bm25_insert_and_facts_s']:.2f} s")
        line("save()", f"{size['save_s']:.2f} s")
    else:
        print(f"\n{n:,} postings (loaded from an earlier run), vector index: {size['loaded_kind']}")
    files = ", ".join(f"{name} {mib(b)} MiB" for name, b in size["disk_files"].items())
    line("on disk", f"{mib(size['disk_bytes'])} MiB ({size['disk_bytes_per_posting']:,} B/posting: {files})")
    line("Collection.load() (fresh process)",
         f"{size['load_s']:.2f} s (vector index alone {size['load_vector_index_s']:.2f} s)")
    if "build_rss_growth_bytes" in size:
        line("RSS growth after build", f"{mib(size['build_rss_growth_bytes'])} MiB = "
             f"{size['build_rss_bytes_per_posting']:,} B/posting")
    line("RSS growth after load", f"{mib(size['load_rss_growth_bytes'])} MiB = "
         f"{size['load_rss_bytes_per_posting']:,} B/posting (vector index {size['vector_index_bytes_per_posting']:,} "
         f"B/posting of that)")
    for name, value in size.get("breakdown_bytes_per_posting", {}).items():
        line(f"  {name}", f"{value:,} B/posting")
    line("faiss OpenMP threads (load/rank process)", size["faiss_threads"])
    cold, warm = size["rank_cold_ms"], size["rank_warm_ms"]
    line(f"rank k={size['rank_k']} cold pass ({size['rank_queries']} q)",
         f"p50 {cold['p50']} ms, p95 {cold['p95']} ms, max {cold['max']} ms (first query {size['rank_first_query_ms']} ms)")
    line(f"rank k={size['rank_k']} warm pass ({size['rank_queries']} q)",
         f"p50 {warm['p50']} ms, p95 {warm['p95']} ms, max {warm['max']} ms")


def main(argv=None) -> None:
    args = parse_args(argv)
    quiet()
    if args.child:
        emit_json(child(args))
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
                if not (directory / "manifest.json").exists():
                    raise SystemExit(f"no saved index in {directory}; run once with --keep --workdir {workdir}")
                size = {"postings": n, **disk(directory_size(directory), n)}
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
