"""Production serving under a mixed load: gunicorn workers on memory-mapped index images, an RQ worker, PostgreSQL.

Acceptance items 1 and 5 of issue 12. Targets, at 100,000 offers and 4 workers on the 2-core machine: no 5xx;
matches p95 ≤ 3 × raw_p95_ms (exact FAISS + lexical top-k of the same queries, no HTTP) and ≤ 20 ms with one
client; PSS ≤ 1 GB per worker; every new posting matchable in every worker within 2 s; create p95 ≤ 50 ms.

What one run does:

1. creates a PostgreSQL database (`bench_serving_<pid>` on 127.0.0.1:5432, user postgres; `--database-url` to use
   another), migrates it, bulk-inserts N synthetic offers and N/4 needs (bench/synthetic.py) with random clustered
   unit vectors stored under the serving encoder's model id (no corpus encoding), an `embedding_models` row marking
   that model serving, a verified organisation and a user with an API token;
2. builds the index image once, in-process (`MatchEngine.rebuild`, what `matchmaker reindex` ends with), so the
   web workers only memory-map it;
3. starts `matchmaker worker` (RQ) and `gunicorn -c gunicorn.conf.py wsgi:app` with W workers, MATCHMAKER_ENV=
   production, REDIS_URL (db flushed first) and a temporary MATCHMAKER_INDEX_DIR; waits until every worker has
   answered matches, search and a page (workers are told apart from outside, see below);
4. drives C closed-loop clients (separate processes, one new TCP connection per request so the kernel spreads
   requests over the workers) for S seconds: 60% matches (needs→offers 45%, offers→needs 15%), 20% API search,
   15% HTML pages (lists, details, ranked list, home), 5% new postings (POST /api/v1/offers|needs, half each);
5. a probe follows every new posting until each worker has returned it: it searches for the unique token in the
   posting's title (`GET /api/v1/search?q=<tokens>&type=<kind>`, which only finds a posting that is in that worker's
   index, i.e. indexed with its vector). Each worker is asked directly, over a kept-alive connection pinned to it:
   the probe opens connections until one is accepted by the wanted worker, which it reads from /proc (the server
   side of the connection in /proc/net/tcp, the worker holding that socket inode in /proc/<pid>/fd). No
   application change is needed. The warm-up uses the same pinned connections;
6. at the end: PSS/RSS of each gunicorn worker (/proc/<pid>/smaps_rollup), then `raw_p95_ms` in this process;
7. stops gunicorn and the worker (SIGTERM, then SIGKILL), drops the database and removes the temporary directory,
   also on Ctrl-C or error (`--keep` keeps database and index for a rerun with `--database-url`/`--index-dir`).

    .venv/bin/python bench/serving.py --offers 2000 --workers 2 --seconds 20       # quick check
    .venv/bin/python bench/serving.py --offers 100000 --workers 4 --seconds 60      # the issue's setting
    .venv/bin/python bench/serving.py --offers 10000 --clients 1                     # the one-client latency
"""
from __future__ import annotations

import argparse
import bisect
import contextlib
import http.client
import json
import logging
import multiprocessing as mp
import os
import queue
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import emit_json, line, machine, mib, percentiles, smaps_rollup  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
ADMIN_DSN = "host=127.0.0.1 port=5432 user=postgres"
BENCH_EMAIL = "serving-bench@bench.example.cn"
BENCH_PASSWORD = "serving-bench-password"
NEED_SHARE = 4  # N/4 needs
FRESH_TIMEOUT_S = 30.0
PROBE_BATCH = 40
MATURITIES = ["lab", "small_trial", "pilot", "small_batch", "industrial"]

# Traffic mix, per request: (route, class, weight).
MIX = [
    ("need_matches", "matches", 0.45), ("offer_matches", "matches", 0.15),
    ("search", "search", 0.20),
    ("page_list", "pages", 0.06), ("page_detail", "pages", 0.06), ("page_ranked_list", "pages", 0.015),
    ("page_home", "pages", 0.015),
    ("create_offer", "create", 0.025), ("create_need", "create", 0.025),
]
CLASSES = ("matches", "search", "pages", "create")

log = logging.getLogger("bench.serving")


# --- /proc: gunicorn workers, their memory, and which one holds a connection ---------------------------------------

def children_of(pid: int) -> list[int]:
    """Processes whose parent is pid (the gunicorn master's workers)."""
    out = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        # pid (comm) state ppid ...; comm may hold spaces and parentheses, so split after the last ')'.
        fields = stat[stat.rfind(")") + 2:].split()
        if len(fields) > 1 and int(fields[1]) == pid:
            out.append(int(entry))
    return sorted(out)


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process so far (0 when it is gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = stat[stat.rfind(")") + 2:].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def machine_cpu() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    total = sum(values[:8])
    idle = values[3] + values[4]
    tick = os.sysconf("SC_CLK_TCK")
    return (total - idle) / tick, total / tick


def _socket_inode(server_port: int, client_port: int) -> int | None:
    """The inode of the server side of the 127.0.0.1 connection client_port → server_port."""
    local, remote = f"0100007F:{server_port:04X}", f"0100007F:{client_port:04X}"
    try:
        with open("/proc/net/tcp") as fh:
            next(fh)
            for row in fh:
                parts = row.split()
                if parts[1] == local and parts[2] == remote:
                    return int(parts[9])
    except OSError:
        pass
    return None


def _holder(inode: int, pids: list[int]) -> int | None:
    target = f"socket:[{inode}]"
    for pid in pids:
        try:
            fds = os.listdir(f"/proc/{pid}/fd")
        except OSError:
            continue
        for fd in fds:
            try:
                if os.readlink(f"/proc/{pid}/fd/{fd}") == target:
                    return pid
            except OSError:
                continue
    return None


class Workers:
    """The gunicorn master's current workers, re-read at most every 0.2 s."""

    def __init__(self, master: int):
        self.master = master
        self._pids: list[int] = []
        self._read_at = 0.0
        self.seen: set[int] = set()
        self._lock = threading.Lock()

    def pids(self) -> list[int]:
        with self._lock:
            if time.monotonic() - self._read_at > 0.2:
                self._pids = children_of(self.master)
                self.seen.update(self._pids)
                self._read_at = time.monotonic()
            return list(self._pids)


# --- the database ----------------------------------------------------------------------------------------------------

def _admin_connection():
    import psycopg

    last = None
    for dbname in ("postgres", "test"):
        try:
            return psycopg.connect(f"{ADMIN_DSN} dbname={dbname}", autocommit=True, connect_timeout=10)
        except psycopg.OperationalError as exc:
            last = exc
    raise RuntimeError(f"cannot reach PostgreSQL at 127.0.0.1:5432 as postgres: {last}")


def database_exists(name: str) -> bool:
    with _admin_connection() as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is not None


def create_database(name: str) -> str:
    from psycopg import sql

    with _admin_connection() as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"


def drop_database(name: str) -> None:
    from psycopg import sql

    with _admin_connection() as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


# --- population ------------------------------------------------------------------------------------------------------

@dataclass
class Market:
    model_id: str
    dim: int
    family: str
    fallback_reason: str | None
    offer_ids: list[int]
    need_ids: list[int]
    token: str
    populated: bool
    insert_s: float = 0.0


def _rows(docs, kind: str, fields: dict, org_id: int, user_id: int, now: datetime) -> list[dict]:
    rows = []
    for doc in docs:
        row = {"id": doc.id, "title": doc.title[:200], "description": doc.description, "keywords": doc.keywords,
               "region": doc.facts["region"], "status": "published", "published_at": now,
               "field_id": fields[doc.field].id, "organisation_id": org_id, "created_by_id": user_id,
               "created_at": now, "updated_at": now}
        if kind == "offer":
            row.update(maturity=MATURITIES[doc.facts["maturity"] - 1], ip_status="none", patent_numbers=[],
                       transfer_modes=["license"], asking_price_wan=doc.facts["price"], price_negotiable=False,
                       contact_name="", contact_phone="", contact_email="")
        else:
            row.update(cooperation_modes=["commissioned"], budget_max_wan=doc.facts["budget_max"])
        rows.append(row)
    return rows


def populate(session, engine, n_offers: int, seed: int, chunk: int = 5000) -> None:
    """A verified organisation with one owner, n offers and n/4 needs, every vector stored under the serving model."""
    from matches_api import vector_rows
    from sqlalchemy import insert, select, text
    from synthetic import postings, unit_vectors

    from matchmaker.auth.passwords import hash_password
    from models import EmbeddingModel, Organisation, PostingVector, TechField, TechNeed, TechOffer, User
    from models.choices import EmbeddingStatus, OrgKind, OrgRole

    now = datetime.now(UTC) - timedelta(minutes=1)  # before anything the run creates
    fields = {f.code: f for f in session.scalars(select(TechField))}
    org = Organisation(kind=OrgKind.UNIVERSITY, name="服务基准测试大学", province="山西省", city="太原市",
                       description="", verified_at=now)
    user = User(email=BENCH_EMAIL, password_hash=hash_password(BENCH_PASSWORD), display_name="基准测试",
                organisation=org, org_role=OrgRole.OWNER)
    # The needs belong to another organisation: a list never matches a posting with its own organisation's.
    enterprise = Organisation(kind=OrgKind.ENTERPRISE, name="服务基准测试企业", province="山西省", city="太原市",
                              description="", verified_at=now)
    session.add_all([org, user, enterprise])
    session.flush()
    owner = {"offer": org.id, "need": enterprise.id}
    model_id, dim = engine.encoder.model_id, engine.encoder.dim
    total = n_offers + n_offers // NEED_SHARE
    for kind, model, count in (("offer", TechOffer, n_offers), ("need", TechNeed, n_offers // NEED_SHARE)):
        for start in range(0, count, chunk):
            docs = postings(min(chunk, count - start), seed=seed + start + (0 if kind == "offer" else 10**7),
                            kind=kind, start_id=1 + start)
            session.execute(insert(model), _rows(docs, kind, fields, owner[kind], user.id, now))
            vectors = unit_vectors(len(docs), dim, seed=seed + start + (0 if kind == "offer" else 10**7), clusters=64)
            session.execute(insert(PostingVector), vector_rows(docs, vectors, kind, model_id, fields, now))
            session.commit()
            print(f"    {kind}s {start + len(docs)}/{count}", flush=True)
    if session.get_bind().dialect.name == "postgresql":  # explicit ids above: move the sequences past them
        for table in ("tech_offers", "tech_needs"):
            session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                 f"(SELECT max(id) FROM {table}))"))
    session.add(EmbeddingModel(model_id=model_id, spec=engine.model_name, status=EmbeddingStatus.SERVING,
                               done=total, total=total, error="", started_at=now, finished_at=now))
    session.commit()
    if session.get_bind().dialect.name == "postgresql":
        # As after any bulk load: without statistics the planner runs the RQ worker's start-up sweep
        # (embedding_jobs.unembedded) as a nested-loop anti-join, minutes at 100k postings.
        session.execute(text("ANALYZE"))
        session.commit()


def check_hashes(session, sample: int = 200) -> int:
    """Stored text hashes that differ from the application's own (each would be re-encoded by the worker's sweep)."""
    from sqlalchemy import select

    from embeddings.text import text_hash
    from matchmaker.matching.documents import text_of
    from models import PostingVector, TechNeed, TechOffer

    wrong = 0
    for kind, model in (("offer", TechOffer), ("need", TechNeed)):
        rows = list(session.scalars(select(model).order_by(model.id).limit(sample)))
        stored = dict(session.execute(select(PostingVector.posting_id, PostingVector.text_hash).where(
            PostingVector.posting_kind == kind, PostingVector.posting_id.in_([p.id for p in rows]))).all())
        wrong += sum(1 for p in rows if stored.get(p.id) != text_hash(text_of(p)))
    return wrong


def prepare(url: str, index_dir: Path, n_offers: int, seed: int, rebuild: bool) -> tuple[Market, dict]:
    """Migrate, fill (unless the database already holds a market), build the index image, issue a token."""
    from sqlalchemy import func, select

    from matchmaker import create_app, migrate
    from matchmaker.auth.services import find_user_by_email, issue_token
    from matchmaker.extensions import db
    from models import TechNeed, TechOffer

    timings: dict = {}
    started = time.perf_counter()
    migrate.upgrade(url)
    timings["migrate_s"] = round(time.perf_counter() - started, 1)
    app = create_app({"DATABASE_URL": url, "MATCHMAKER_INDEX_DIR": str(index_dir), "SECRET_KEY": "bench",
                      "REDIS_URL": None, "MATCHMAKER_JOBS": "sync"})
    with app.app_context():
        engine = app.extensions["matching"]
        started = time.perf_counter()
        model_id, dim, family = engine.encoder.model_id, engine.encoder.dim, engine.encoder.family
        timings["encoder_load_s"] = round(time.perf_counter() - started, 1)
        existing = db.session.scalar(select(func.count()).select_from(TechOffer)) or 0
        populated = False
        if existing == 0:
            print(f"  inserting {n_offers} offers and {n_offers // NEED_SHARE} needs with {dim}-d {model_id} vectors")
            started = time.perf_counter()
            populate(db.session, engine, n_offers, seed)
            timings["insert_s"] = round(time.perf_counter() - started, 1)
            populated = True
            rebuild = True
        else:
            print(f"  reusing the {existing} offers already in the database")
        wrong = check_hashes(db.session)
        if wrong:
            raise RuntimeError(f"{wrong} stored text hashes differ from the application's: the RQ worker's sweep "
                               "would re-encode the corpus")
        if rebuild:
            print("  building the index image from stored vectors (MatchEngine.rebuild)")
            started = time.perf_counter()
            counts = engine.rebuild(db.session)
            timings["index_build_s"] = round(time.perf_counter() - started, 1)
            timings["index_counts"] = counts
        timings["index_kind"] = {k: c.vectors.kind for k, c in engine.collections.items()}
        engine.reset()  # this process must not map the image while the workers' PSS is read
        user = find_user_by_email(db.session, BENCH_EMAIL)
        if user is None:
            raise RuntimeError(f"the database holds postings but no {BENCH_EMAIL}: not a database this script made")
        token = issue_token(db.session, user, days=2).token
        db.session.commit()
        offer_ids = list(db.session.scalars(select(TechOffer.id).where(TechOffer.created_by_id == user.id,
                                                                       TechOffer.id <= n_offers)))
        need_ids = list(db.session.scalars(select(TechNeed.id).where(TechNeed.id <= n_offers // NEED_SHARE)))
        market = Market(model_id, dim, family, engine.encoder.fallback_reason, offer_ids, need_ids, token, populated,
                        timings.get("insert_s", 0.0))
        db.session.remove()
        db.engine.dispose()
    import gc

    del app, engine
    gc.collect()
    return market, timings


# --- the load --------------------------------------------------------------------------------------------------------

def search_queries(seed: int, n: int = 300) -> list[str]:
    """Short search-box queries from the synthetic vocabularies (Chinese and English)."""
    from synthetic import FIELDS

    rng = random.Random(seed)
    out = []
    for _ in range(n):
        _code, (_name, zh, en) = rng.choice(list(FIELDS.items()))
        vocab, sep = (zh, "") if rng.random() < 0.7 else (en, " ")
        shape = rng.random()
        if shape < 0.4:
            words = [rng.choice(vocab["subject"])]
        elif shape < 0.8:
            words = [rng.choice(vocab["subject"]), rng.choice(vocab["property"])]
        else:
            words = [rng.choice(vocab["process"]), rng.choice(vocab["application"])]
        out.append((" " if sep == " " or rng.random() < 0.5 else "").join(words))
    return out


def _letters(n: int, width: int) -> str:
    out = []
    for _ in range(width):
        n, r = divmod(n, 26)
        out.append(chr(97 + r))
    return "".join(out)


def posting_body(rng: random.Random, kind: str, token: str) -> dict:
    """A realistic API body (as tests/api/conftest.py's offer_body/need_body) with a unique token in the title."""
    from synthetic import posting

    doc = posting(rng, 0, kind)
    description = doc.description if len(doc.description) >= 10 else doc.description + "。本项目可合作开发。"
    body = {"title": f"{doc.title[:150]} {token}", "description": description, "field": doc.field,
            "keywords": doc.keywords, "region": doc.facts["region"]}
    if kind == "offer":
        body.update(maturity=MATURITIES[doc.facts["maturity"] - 1], transfer_modes=["license", "transfer"],
                    asking_price_wan=doc.facts["price"], contact_name="李老师", contact_phone="13900000000",
                    contact_email="li@example.edu.cn")
    else:
        budget = doc.facts["budget_max"] or 200.0
        body.update(cooperation_modes=["commissioned"], budget_min_wan=min(10.0, budget), budget_max_wan=budget,
                    deadline="2027-06-30")
    return body


def client(index: int, port: int, seconds: float, start_at: float, seed: int, need_ids: list[int],
           offer_ids: list[int], queries: list[str], token: str, keepalive: bool, created, results,
           run: int = 0) -> None:
    """One closed-loop client: requests back to back for `seconds`, then its samples go to `results`."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops us
    rng = random.Random(seed * 1000 + index)
    routes = [r for r, _c, _w in MIX]
    weights = [w for _r, _c, w in MIX]
    classes = {r: c for r, c, _w in MIX}
    samples: list[tuple[str, int, float, float, int]] = []  # route, status, ms, monotonic start, posting id
    examples: list[tuple[str, int, str]] = []
    failures: list[str] = []
    created_count = 0
    auth = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    conn = None
    while time.monotonic() < start_at:
        time.sleep(0.005)
    end = start_at + seconds
    while time.monotonic() < end:
        route = rng.choices(routes, weights)[0]
        method, body, headers, post_token, target = "GET", None, {}, None, 0
        if route == "need_matches":
            target = rng.choice(need_ids)
            path = f"/api/v1/needs/{target}/matches?limit=20"
        elif route == "offer_matches":
            target = rng.choice(offer_ids)
            path = f"/api/v1/offers/{target}/matches?limit=20"
        elif route == "search":
            path = f"/api/v1/search?q={quote(rng.choice(queries))}&type={'offer' if rng.random() < 0.75 else 'need'}"
        elif route == "page_list":
            path = f"/{rng.choice(['offers', 'needs'])}" + (f"?page={rng.randint(2, 50)}" if rng.random() < 0.5 else "")
        elif route == "page_detail":
            path = (f"/offers/{rng.choice(offer_ids)}" if rng.random() < 0.5 else f"/needs/{rng.choice(need_ids)}")
        elif route == "page_ranked_list":
            path = f"/{rng.choice(['offers', 'needs'])}?q={quote(rng.choice(queries))}"
        elif route == "page_home":
            path = "/"
        else:
            kind = "offer" if route == "create_offer" else "need"
            # The run's own letters keep tokens unique in a kept database that earlier runs with this seed filled:
            # a probe that also finds their postings would wait for the new one behind them.
            post_token = ("bx" + _letters(run, 4) + _letters(index, 2) + _letters(created_count, 4)
                          + _letters(rng.getrandbits(30), 4) + "qz")
            created_count += 1
            method, path, headers = "POST", f"/api/v1/{kind}s", auth
            body = json.dumps(posting_body(rng, kind, post_token), ensure_ascii=False).encode()
        if not keepalive:
            headers = {**headers, "Connection": "close"}
        started = time.monotonic()
        try:
            if conn is None:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
            status = response.status
            if not keepalive or response.will_close:
                conn.close()
                conn = None
        except (OSError, http.client.HTTPException) as exc:
            failures.append(f"{route} {path}: {type(exc).__name__}: {exc}")
            if conn is not None:
                conn.close()
            conn = None
            time.sleep(0.05)
            continue
        elapsed_ms = (time.monotonic() - started) * 1000
        samples.append((route, status, elapsed_ms, started, target))
        if not 200 <= status < 300 and len(examples) < 20:
            examples.append((f"{method} {path}", status, data[:400].decode("utf-8", "replace")))
        if post_token and status == 201:
            posted = json.loads(data)
            created.put((posted["kind"], posted["id"], post_token, time.monotonic(), time.time()))
    if conn is not None:
        conn.close()
    results.put({"index": index, "samples": samples, "examples": examples, "failures": failures,
                 "classes": classes})


class Pinned:
    """Connections to a chosen gunicorn worker: open connections until one is accepted by that worker.

    gunicorn's gthread worker hands an accepted connection to a pool thread at once, and keeps it after a response
    for `keepalive` seconds: so a connection is used right after it is identified, and dropped once idle for long.
    A connection another worker accepted goes to that worker's waiting caller, or is closed.
    """

    def __init__(self, port: int, workers: Workers):
        self.port, self.workers = port, workers
        self._lock = threading.Lock()
        self._waiting: set[int] = set()
        self._spare: dict[int, tuple[http.client.HTTPConnection, float]] = {}
        self.opened = 0

    def owner(self, conn: http.client.HTTPConnection, wait: float = 2.0) -> int | None:
        """The worker holding the server side of conn (waits for its accept)."""
        client_port = conn.sock.getsockname()[1]
        deadline = time.monotonic() + wait
        while True:
            inode = _socket_inode(self.port, client_port)
            pid = _holder(inode, self.workers.pids()) if inode is not None else None
            if pid is not None or time.monotonic() > deadline:
                return pid
            time.sleep(0.005)

    def connect(self, pid: int, timeout: float = 60.0, request_timeout: float = 120.0) -> http.client.HTTPConnection:
        deadline = time.monotonic() + timeout
        with self._lock:
            self._waiting.add(pid)
        try:
            while time.monotonic() < deadline:
                with self._lock:
                    spare = self._spare.pop(pid, None)
                if spare is not None:
                    if time.monotonic() - spare[1] < 1.0:
                        return spare[0]
                    spare[0].close()
                if pid not in self.workers.pids():
                    raise LookupError(f"worker {pid} is gone")
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=request_timeout)
                conn.connect()
                self.opened += 1
                owner = self.owner(conn)
                if owner == pid:
                    return conn
                with self._lock:
                    if owner in self._waiting and owner not in self._spare:
                        self._spare[owner] = (conn, time.monotonic())
                        continue
                conn.close()
            raise TimeoutError(f"no connection to worker {pid} within {timeout:.0f} s")
        finally:
            with self._lock:
                self._waiting.discard(pid)


class WorkerClient:
    """Requests to one worker over a kept-alive connection, reconnecting to the same worker when needed."""

    IDLE_DROP_S = 3.0  # under gunicorn's keepalive (5 s): never reuse a connection the server may be closing

    def __init__(self, pinned: Pinned, pid: int):
        self.pinned, self.pid = pinned, pid
        self.conn: http.client.HTTPConnection | None = None
        self.used_at = 0.0

    def get(self, path: str) -> tuple[int, bytes, float]:
        for attempt in range(2):
            if self.conn is not None and time.monotonic() - self.used_at > self.IDLE_DROP_S:
                self.close()
            fresh = self.conn is None
            if fresh:
                self.conn = self.pinned.connect(self.pid)
            try:
                started = time.perf_counter()
                self.conn.request("GET", path)
                response = self.conn.getresponse()
                body = response.read()
                elapsed = time.perf_counter() - started
            except (OSError, http.client.HTTPException):
                self.close()
                if fresh or attempt:
                    raise
                continue  # the server had closed the kept connection: once more on a new one
            self.used_at = time.monotonic()
            if response.will_close:
                self.close()
            return response.status, body, elapsed
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
        self.conn = None


@dataclass
class Probe:
    kind: str
    id: int
    token: str
    created_at: float  # monotonic, at the 201
    created_wall: float
    seen: dict[int, float] = field(default_factory=dict)  # worker pid -> end of the first probe that found it
    last_miss: dict[int, float] = field(default_factory=dict)  # worker pid -> start of its last probe that did not
    fresh_s: float | None = None
    fresh_low_s: float | None = None
    timed_out: bool = False


class Prober(threading.Thread):
    """Follows new postings until every current gunicorn worker returns them from a search for their token.

    One thread per worker asks that worker (over a connection pinned to it, see Pinned) for the postings it has
    not returned yet, at most every PROBE_INTERVAL_S. A posting is fresh everywhere at the end of the probe that
    found it in the last worker: an upper bound, by at most the probe interval plus one probe's latency.
    """

    # Each probe is a search (an encoding and a ranking) in the worker it asks: at 0.1 s, four workers' probes sent
    # up to 40 searches a second, more than a one-client load, and the measurement slowed what it measured.
    PROBE_INTERVAL_S = 0.25

    def __init__(self, port: int, workers: Workers, created, interval: float = PROBE_INTERVAL_S):
        super().__init__(name="freshness-probe", daemon=True)
        self.interval = interval
        self.workers, self.created = workers, created
        self.pinned = Pinned(port, workers)
        self.pending: dict[tuple[str, int], Probe] = {}
        self.done: list[Probe] = []
        self.requests = 0
        self.intervals: list[tuple[float, float]] = []  # (monotonic start, end) of every probe request
        self.errors: list[str] = []
        self.stopping = threading.Event()
        self.finished = threading.Event()
        self._lock = threading.Lock()
        self._threads: dict[int, threading.Thread] = {}
        self._quit = threading.Event()

    def run(self) -> None:
        try:
            self._loop()
        except Exception as exc:  # reported, never fatal to the run
            self.errors.append(f"probe crashed: {type(exc).__name__}: {exc}")
        finally:
            self._quit.set()
            self.finished.set()

    def _loop(self) -> None:
        grace_until = None
        while True:
            while True:
                try:
                    kind, pid, token, at, wall = self.created.get_nowait()
                except queue.Empty:
                    break
                with self._lock:
                    self.pending[(kind, pid)] = Probe(kind, pid, token, at, wall)
            current = self.workers.pids()
            for pid in current:
                if pid not in self._threads or not self._threads[pid].is_alive():
                    self._threads[pid] = threading.Thread(target=self._worker_loop, args=(pid,), daemon=True,
                                                          name=f"probe-{pid}")
                    self._threads[pid].start()
            now = time.monotonic()
            with self._lock:
                for key, probe in list(self.pending.items()):
                    if current and set(current) <= set(probe.seen):
                        probe.fresh_s = max(probe.seen[w] for w in current) - probe.created_at
                        probe.fresh_low_s = max(max(probe.last_miss.get(w, probe.created_at) for w in current)
                                                - probe.created_at, 0.0)
                        self.done.append(self.pending.pop(key))
                    elif now - probe.created_at > FRESH_TIMEOUT_S:
                        probe.timed_out = True
                        self.done.append(self.pending.pop(key))
                idle = not self.pending
            if self.stopping.is_set():
                grace_until = grace_until or now + FRESH_TIMEOUT_S + 1
                if (idle and self.created.empty()) or now > grace_until:
                    break
            time.sleep(0.01)
        with self._lock:
            for probe in self.pending.values():
                probe.timed_out = True
                self.done.append(probe)
            self.pending.clear()

    def _worker_loop(self, pid: int) -> None:
        client = WorkerClient(self.pinned, pid)
        kinds = ["offer", "need"]
        try:
            while not self._quit.is_set() and pid in self.workers.pids():
                kinds.reverse()
                batch = []
                with self._lock:
                    for kind in kinds:
                        batch = sorted((p for p in self.pending.values() if p.kind == kind and pid not in p.seen),
                                       key=lambda p: p.created_at)[:PROBE_BATCH]
                        if batch:
                            break
                if not batch:
                    time.sleep(0.01)
                    continue
                kind = batch[0].kind
                q = " ".join(p.token for p in batch)
                path = f"/api/v1/search?q={quote(q)}&type={kind}&limit={min(100, 2 * len(batch) + 5)}"
                started = time.monotonic()
                try:
                    status, body, _elapsed = client.get(path)
                except (OSError, http.client.HTTPException, TimeoutError) as exc:
                    self.errors.append(f"worker {pid}: {type(exc).__name__}: {exc}")
                    time.sleep(0.2)
                    continue
                except LookupError:
                    return  # the worker was replaced
                now = time.monotonic()
                self.requests += 1
                self.intervals.append((started, now))
                if status != 200:
                    if len(self.errors) < 20:
                        self.errors.append(f"worker {pid}: probe {status}: {body[:200]!r}")
                else:
                    found = {item[kind]["id"] for item in json.loads(body)["items"]}
                    with self._lock:
                        for probe in batch:
                            if probe.id in found:
                                probe.seen.setdefault(pid, now)
                            else:
                                probe.last_miss[pid] = started
                time.sleep(max(0.0, self.interval - (time.monotonic() - started)))
        finally:
            client.close()


# --- processes -------------------------------------------------------------------------------------------------------

class Services:
    """gunicorn and the RQ worker, each in its own session (process group), logs in the work directory."""

    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.procs: dict[str, subprocess.Popen] = {}
        self.logs: dict[str, Path] = {}

    def start(self, name: str, argv: list[str], env: dict) -> subprocess.Popen:
        path = self.workdir / f"{name}.log"
        handle = path.open("ab")
        proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
        handle.close()
        self.procs[name], self.logs[name] = proc, path
        return proc

    def log_text(self, name: str) -> str:
        try:
            return self.logs[name].read_text(errors="replace")
        except (KeyError, OSError):
            return ""

    def check_alive(self) -> None:
        for name, proc in self.procs.items():
            if proc.poll() is not None:
                raise RuntimeError(f"{name} exited with {proc.returncode}; log: {self.logs[name]}\n"
                                   + self.log_text(name)[-3000:])

    def stop(self) -> None:
        """SIGTERM to each group we started, SIGKILL to what is left after the grace period."""
        for proc in self.procs.values():
            if proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGTERM)
        deadline = time.monotonic() + 20
        for proc in self.procs.values():
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        for proc in self.procs.values():
            # The group also holds gunicorn's workers: kill whatever of it survived, even if its leader exited.
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGKILL)
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=5)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port: int, path: str, timeout: float = 10) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def wait_for(predicate, timeout: float, what: str, services: Services, interval: float = 0.3):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        services.check_alive()
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise RuntimeError(f"timed out after {timeout:.0f} s waiting for {what}")


def warm_up(port: int, workers: Workers, n_workers: int, market: Market, queries: list[str], timeout: float,
            services: Services) -> dict:
    """Each worker, over a connection pinned to it, answers matches until one takes under a second (at least 3),
    then a search and a page: the first request of a fresh worker waits for its engine to load."""
    wait_for(lambda: len(workers.pids()) >= n_workers, 60, f"{n_workers} gunicorn workers", services)
    pinned = Pinned(port, workers)
    report: dict[int, dict] = {}
    errors: list[str] = []

    def warm(pid: int, seed: int) -> None:
        rng = random.Random(seed)
        client = WorkerClient(pinned, pid)
        first, matches = None, []
        deadline = time.monotonic() + timeout
        try:
            while time.monotonic() < deadline and (len(matches) < 3 or matches[-1] > 1.0):
                path = (f"/api/v1/needs/{rng.choice(market.need_ids)}/matches?limit=20" if rng.random() < 0.7
                        else f"/api/v1/offers/{rng.choice(market.offer_ids)}/matches?limit=20")
                status, body, elapsed = client.get(path)
                if status != 200:
                    errors.append(f"{path}: {status} {body[:300]!r}")
                    time.sleep(0.5)
                    continue
                first = elapsed if first is None else first
                matches.append(elapsed)
            for path in (f"/api/v1/search?q={quote(rng.choice(queries))}&type=offer", "/offers",
                         f"/offers/{rng.choice(market.offer_ids)}", f"/needs/{rng.choice(market.need_ids)}", "/"):
                status, body, _elapsed = client.get(path)
                if status != 200:
                    errors.append(f"{path}: {status} {body[:300]!r}")
        except Exception as exc:  # reported below; a worker that did not warm up fails the wait
            errors.append(f"worker {pid}: {type(exc).__name__}: {exc}")
        finally:
            client.close()
        report[pid] = {"first_matches_s": round(first or 0, 2), "matches_requests": len(matches),
                       "warm": bool(matches) and matches[-1] <= 1.0}

    started = time.monotonic()
    pids = workers.pids()
    threads = [threading.Thread(target=warm, args=(pid, n), daemon=True) for n, pid in enumerate(pids)]
    for thread in threads:
        thread.start()
    for thread in threads:
        while thread.is_alive():
            services.check_alive()
            thread.join(timeout=0.5)
    if errors:
        print(f"  warm-up saw {len(errors)} failed requests, e.g. {errors[0][:300]}")
    cold = [pid for pid in pids if not report.get(pid, {}).get("warm")]
    if cold:
        raise RuntimeError(f"workers {cold} did not warm up: {errors[:3]}")
    return {"warmup_s": round(time.monotonic() - started, 1),
            "warmup_first_matches_s": {pid: r["first_matches_s"] for pid, r in report.items()},
            "warmup_requests": sum(r["matches_requests"] + 5 for r in report.values()), "warmup_errors": len(errors),
            "warmup_connections_opened": pinned.opened}


# --- the raw baseline ------------------------------------------------------------------------------------------------

def raw_baseline(url: str, index_dir: Path, market: Market, need_ids: list[int], repeats: int = 2) -> dict:
    """Exact FAISS (IndexFlatIP over the stored offer vectors, k=20, one thread) plus the saved lexical image's
    top-20, for the needs the load asked matches of, in this process, no HTTP."""
    import faiss
    import numpy as np
    from sqlalchemy import create_engine, select
    from sqlalchemy.orm import Session

    from embeddings.lexicon import Lexicon
    from embeddings.ranker import Collection
    from embeddings.tokenize import native_terms
    from matchmaker.matching.documents import text_of
    from matchmaker.matching.vectors import from_bytes
    from models import PostingVector, TechNeed

    faiss.omp_set_num_threads(1)
    engine = create_engine(url)
    offer_vectors = []
    with Session(engine) as session:
        for _posting_id, blob, dim in session.execute(select(
                PostingVector.posting_id, PostingVector.vector, PostingVector.dim).where(
                PostingVector.posting_kind == "offer", PostingVector.model_id == market.model_id,
                PostingVector.posting_id <= len(market.offer_ids)).order_by(PostingVector.posting_id)):
            offer_vectors.append(from_bytes(blob, dim))
        matrix = np.ascontiguousarray(np.vstack(offer_vectors), dtype=np.float32)
        del offer_vectors
        needs = list(session.scalars(select(TechNeed).where(TechNeed.id.in_(need_ids))))
        need_vectors = {pid: from_bytes(blob, dim) for pid, blob, dim in session.execute(select(
            PostingVector.posting_id, PostingVector.vector, PostingVector.dim).where(
            PostingVector.posting_kind == "need", PostingVector.model_id == market.model_id,
            PostingVector.posting_id.in_(need_ids)))}
        queries = [(text_of(n), need_vectors[n.id]) for n in needs if n.id in need_vectors]
    engine.dispose()
    flat = faiss.IndexFlatIP(matrix.shape[1])
    flat.add(matrix)
    safe = "".join(c if c.isalnum() or c in "-_.+@" else "_" for c in market.model_id)
    lexicon = Lexicon.load(index_dir)
    collection, _manifest = Collection.load("offer", index_dir / safe / "offer", lexicon)
    lexical_ms, faiss_ms, total_ms = [], [], []
    for _attempt in range(repeats):  # the first pass pages the image in; the last one is reported
        lexical_ms.clear(), faiss_ms.clear(), total_ms.clear()
        for text, vector in queries:
            started = time.perf_counter()
            terms = native_terms(text)
            collection.lexical.query(terms).top(20)
            middle = time.perf_counter()
            flat.search(np.asarray(vector, dtype=np.float32).reshape(1, -1), 20)
            done = time.perf_counter()
            lexical_ms.append((middle - started) * 1000)
            faiss_ms.append((done - middle) * 1000)
            total_ms.append((done - started) * 1000)
    return {"raw_queries": len(queries), "raw_offers": int(flat.ntotal), "raw_ms": percentiles(total_ms),
            "raw_lexical_ms": percentiles(lexical_ms), "raw_faiss_ms": percentiles(faiss_ms)}


# --- reporting -------------------------------------------------------------------------------------------------------

def tracebacks(text: str, limit: int = 3) -> list[str]:
    """Distinct tracebacks in a log (by their last line), with a few lines of what preceded them."""
    lines = text.splitlines()
    out, seen = [], set()
    for n, row in enumerate(lines):
        if not row.startswith("Traceback (most recent call last)"):
            continue
        end = n + 1
        while end < len(lines) and (lines[end].startswith((" ", "\t")) or not lines[end].strip()):
            end += 1
        last = lines[end] if end < len(lines) else ""
        frames = [row for row in lines[n:end] if row.lstrip().startswith("File ")]
        key = (frames[-1] if frames else "", last.split(":")[0])  # same place, same exception type
        if key in seen:
            continue
        seen.add(key)
        before = [row for row in lines[max(0, n - 4):n] if not row.startswith("MMACCESS")][-2:]
        out.append("\n".join(before + lines[n:min(end + 1, n + 60)]))
        if len(out) >= limit:
            break
    return out


ACCESS_FORMAT = 'MMACCESS %(p)s %(s)s %(D)s "%(r)s"'
_ACCESS = re.compile(r'MMACCESS <(\d+)> (\d{3}) (\d+) "(\S+) (\S+)')
_PROBE_Q = re.compile(r"[?&]q=bx[a-z]+qz")


def route_of(method: str, path: str) -> str | None:
    """The load's route name of an access-log request; None for the freshness probes."""
    if method == "POST":
        return "create_offer" if path.startswith("/api/v1/offers") else "create_need"
    if path.startswith("/api/v1/search"):
        return None if _PROBE_Q.search(path) else "search"
    if re.match(r"/api/v1/needs/\d+/matches", path):
        return "need_matches"
    if re.match(r"/api/v1/offers/\d+/matches", path):
        return "offer_matches"
    return "page"


def server_side(log: str) -> dict:
    """Per-class server time (ms) and requests per worker pid from the access-log lines of the load window."""
    classes = {r: c for r, c, _w in MIX} | {"page": "pages"}
    by_class: dict[str, list[float]] = defaultdict(list)
    per_worker: Counter = Counter()
    served = 0
    for match in _ACCESS.finditer(log):
        served += 1
        pid, status, micros, method, path = match.groups()
        route = route_of(method, path)
        if route is None:
            continue
        per_worker[int(pid)] += 1
        if status.startswith("2"):
            by_class[classes[route]].append(int(micros) / 1000)
    return {"by_class": {c: percentiles(v) | {"n": len(v)} for c, v in by_class.items()},
            "per_worker": dict(sorted(per_worker.items())), "served": served}


def mark(ok: bool | None) -> str:
    return "n/a" if ok is None else ("✓" if ok else "✗")


def summarise(client_results: list[dict], seconds: float) -> dict:
    samples = [s for r in client_results for s in r["samples"]]
    classes = client_results[0]["classes"] if client_results else {}
    by_class: dict[str, list[float]] = defaultdict(list)
    by_route: dict[str, list[float]] = defaultdict(list)
    statuses: Counter = Counter()
    for route, status, ms, _at, _target in samples:
        statuses[status] += 1
        if 200 <= status < 300:
            by_class[classes[route]].append(ms)
            by_route[route].append(ms)
    examples = [e for r in client_results for e in r["examples"]]
    failures = [f for r in client_results for f in r["failures"]]
    return {
        "requests": len(samples), "throughput_rps": round(len(samples) / seconds, 1),
        "statuses": dict(sorted(statuses.items())),
        "errors_5xx": sum(n for s, n in statuses.items() if s >= 500),
        "errors_other_non2xx": sum(n for s, n in statuses.items() if not 200 <= s < 300 and s < 500),
        "connection_errors": len(failures),
        "examples_5xx": [e for e in examples if e[1] >= 500][:3],
        "examples_other": [e for e in examples if e[1] < 500][:3],
        "examples_connection": failures[:3],
        "by_class": {c: percentiles(v) | {"n": len(v)} for c, v in by_class.items()},
        "by_route": {r: percentiles(v) | {"n": len(v)} for r, v in sorted(by_route.items())},
    }


def probe_overlap(client_results: list[dict], intervals: list[tuple[float, float]]) -> dict:
    """How the freshness probes' searches, which run beside the load, weigh on the matches' latency.

    A matches request overlaps a probe when a probe request to any worker was in flight during it; the clocks are
    the same (time.monotonic is system-wide).
    """
    matches = [(at, at + ms / 1000, ms) for r in client_results
               for route, status, ms, at, _t in r["samples"] if route.endswith("matches") and 200 <= status < 300]
    if not matches or not intervals:
        return {}
    starts = sorted(start for start, _end in intervals)
    ends = sorted(end for _start, end in intervals)

    def overlapping(start: float, end: float) -> bool:  # probes begun before `end` less those over by `start`
        return bisect.bisect_left(starts, end) - bisect.bisect_right(ends, start) > 0

    flags = [overlapping(start, end) for start, end, _ms in matches]
    clear = [ms for (_s, _e, ms), hit in zip(matches, flags) if not hit]
    slow_from = sorted(ms for _s, _e, ms in matches)[int(0.9 * (len(matches) - 1))]
    slow = [hit for (_s, _e, ms), hit in zip(matches, flags) if ms >= slow_from]
    return {"matches_share_overlapping_probe": round(sum(flags) / len(flags), 3),
            "slowest_tenth_share_overlapping_probe": round(sum(slow) / len(slow), 3),
            "matches_p95_ms_no_probe_overlap": percentiles(clear).get("p95") if clear else None}


# --- main ------------------------------------------------------------------------------------------------------------

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offers", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--database-url", help="use this database (migrated and filled when empty; never dropped)")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/3", help="its database is flushed first")
    parser.add_argument("--index-dir", help="use this index directory (kept); rebuilt only when the DB is filled")
    parser.add_argument("--keep", action="store_true", help="keep the database and the index for a rerun, and the logs")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keepalive", action="store_true",
                        help="clients reuse their connection (pinned to one worker) instead of one per request")
    parser.add_argument("--max-requests", type=int,
                        help="GUNICORN_MAX_REQUESTS for the workers (default: gunicorn.conf.py's 2000 ± 10%%)")
    parser.add_argument("--model", help="MATCHMAKER_EMBEDDING_MODEL (default: the application's configured model)")
    parser.add_argument("--warmup-timeout", type=float, default=900)
    parser.add_argument("--probe-interval", type=float, default=Prober.PROBE_INTERVAL_S,
                        help="seconds between one worker's freshness probes (each probe is a search in that worker)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if args.model:
        os.environ["MATCHMAKER_EMBEDDING_MODEL"] = args.model

    def on_term(_signum, _frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGINT, signal.default_int_handler)  # also when started with SIGINT ignored (`cmd &`)
    info = machine()
    print(f"production serving: {args.offers} offers, {args.offers // NEED_SHARE} needs, {args.workers} gunicorn "
          f"workers, {args.clients} clients, {args.seconds:g} s  (load average {info['load_average_1m']} on "
          f"{info['cpus']} CPUs)")
    workdir = Path(tempfile.mkdtemp(prefix=f"mm-serving-{os.getpid()}-"))
    if args.index_dir:
        index_dir = Path(args.index_dir)
    elif args.keep:
        index_dir = Path(tempfile.gettempdir()) / f"mm-serving-keep-{args.offers}-{args.seed}" / "index"
    else:
        index_dir = workdir / "index"
    index_dir.mkdir(parents=True, exist_ok=True)
    db_name = url = redis = None
    services = Services(workdir)
    clients: list[mp.Process] = []
    failed = True
    result: dict = {}
    try:
        # 1. database ------------------------------------------------------------------------------------------
        if args.database_url:
            from matchmaker.config import normalise_database_url

            url = normalise_database_url(args.database_url)  # postgresql:// → the psycopg 3 driver
        else:
            db_name = f"bench_serving_keep_{args.offers}_{args.seed}" if args.keep else f"bench_serving_{os.getpid()}"
            if args.keep and database_exists(db_name):
                url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{db_name}"
                print(f"  reusing database {db_name}")
            else:
                url = create_database(db_name)
                print(f"  created database {db_name}")
        rebuild = not (index_dir / "lexicon-v1.pickle").exists() or not any(index_dir.glob("*/offer/CURRENT"))
        for cache in (Path(tempfile.gettempdir()) / "matchmaker-bench-cache", ROOT / "instance" / "index"):
            if not (index_dir / "lexicon-v1.pickle").exists() and (cache / "lexicon-v1.pickle").exists():
                shutil.copy(cache / "lexicon-v1.pickle", index_dir / "lexicon-v1.pickle")  # spares compiling CEDICT
        market, timings = prepare(url, index_dir, args.offers, args.seed, rebuild)
        print(f"  serving model {market.model_id} ({market.dim}-d, {market.family})"
              + (f"; passed over: {market.fallback_reason[:150]}" if market.fallback_reason else ""))
        for key, value in timings.items():
            line(key, value)

        # 2. services ------------------------------------------------------------------------------------------
        from redis import Redis

        redis = Redis.from_url(args.redis_url)
        redis.flushdb()
        port = free_port()
        env = {**os.environ, "MATCHMAKER_ENV": "production", "SECRET_KEY": f"bench-{os.getpid()}-secret",
               "DATABASE_URL": url, "REDIS_URL": args.redis_url, "MATCHMAKER_INDEX_DIR": str(index_dir),
               "BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": str(args.workers), "PYTHONUNBUFFERED": "1"}
        env.pop("MATCHMAKER_JOBS", None)
        if args.max_requests is not None:
            env["GUNICORN_MAX_REQUESTS"] = str(args.max_requests)
        started = time.monotonic()
        services.start("worker", [str(VENV_BIN / "matchmaker"), "worker"], env)
        wait_for(lambda: "RQ worker on queues" in services.log_text("worker"), 600, "the RQ worker", services)
        swept = re.search(r"embedded (\d+) postings that were saved", services.log_text("worker"))
        timings["rq_worker_start_s"] = round(time.monotonic() - started, 1)
        if swept:
            print(f"  WARNING: the RQ worker's sweep embedded {swept.group(1)} postings")
        started = time.monotonic()
        # Only logging differs from gunicorn.conf.py: the access log gets the worker pid and the request time.
        gunicorn = services.start("gunicorn", [str(VENV_BIN / "gunicorn"), "-c", "gunicorn.conf.py",
                                               "--access-logformat", ACCESS_FORMAT, "wsgi:app"], env)
        workers = Workers(gunicorn.pid)
        wait_for(lambda: _healthy(port), 300, "gunicorn /healthz", services)
        queries = search_queries(args.seed)
        timings.update(warm_up(port, workers, args.workers, market, queries, args.warmup_timeout, services))
        timings["gunicorn_ready_s"] = round(time.monotonic() - started, 1)
        line("gunicorn workers", workers.pids())
        for key in ("rq_worker_start_s", "gunicorn_ready_s", "warmup_s", "warmup_requests",
                    "warmup_first_matches_s", "warmup_connections_opened"):
            line(key, timings[key])

        # 3. load ----------------------------------------------------------------------------------------------
        pids_before = set(workers.pids())
        log_from = services.logs["gunicorn"].stat().st_size
        cpu_from = {pid: cpu_seconds(pid) for pid in pids_before}
        rq_cpu_from, machine_from = cpu_seconds(services.procs["worker"].pid), machine_cpu()
        context = mp.get_context("spawn")
        created, results = context.Queue(), context.Queue()
        start_at = time.monotonic() + 3.0
        run = time.time_ns() // 1000 % 26 ** 4
        for index in range(args.clients):
            process = context.Process(target=client, name=f"bench-client-{index}", daemon=True, args=(
                index, port, args.seconds, start_at, args.seed, market.need_ids, market.offer_ids, queries,
                market.token, args.keepalive, created, results, run))
            process.start()
            clients.append(process)
        prober = Prober(port, workers, created, args.probe_interval)
        prober.start()
        print(f"  load: {args.clients} clients for {args.seconds:g} s ...", flush=True)
        client_results = []
        deadline = start_at + args.seconds + 180
        while len(client_results) < args.clients:
            services.check_alive()
            try:
                client_results.append(results.get(timeout=1))
            except queue.Empty:
                if time.monotonic() > deadline:
                    raise RuntimeError("clients did not report back") from None
                if not any(p.is_alive() for p in clients) and results.empty():
                    raise RuntimeError("every client died without reporting") from None
        load_end = os.getloadavg()
        log_to = services.logs["gunicorn"].stat().st_size
        machine_to = machine_cpu()
        server_cpu = sum(cpu_seconds(pid) - cpu_from.get(pid, 0.0) for pid in workers.pids())
        rq_cpu = cpu_seconds(services.procs["worker"].pid) - rq_cpu_from
        prober.stopping.set()
        prober.finished.wait(FRESH_TIMEOUT_S + 60)
        for process in clients:
            process.join(timeout=10)
        workers_after = workers.pids()
        restarts = len(workers.seen - pids_before)

        # 4. memory, at the end of the run ---------------------------------------------------------------------
        memory = {pid: smaps_rollup(pid) for pid in workers_after}
        master_memory = smaps_rollup(gunicorn.pid)
        rq_memory = smaps_rollup(services.procs["worker"].pid)

        # 5. raw baseline --------------------------------------------------------------------------------------
        raw = raw_baseline(url, index_dir, market, _asked_needs(client_results, market))

        # 6. report --------------------------------------------------------------------------------------------
        summary = summarise(client_results, args.seconds)
        fresh = [p.fresh_s for p in prober.done if p.fresh_s is not None]
        timeouts = [p for p in prober.done if p.timed_out]
        embedded = _embedded_after(url, market.model_id, prober.done)
        gunicorn_log = services.log_text("gunicorn")
        with services.logs["gunicorn"].open("rb") as fh:
            fh.seek(log_from)
            server = server_side(fh.read(log_to - log_from).decode("utf-8", "replace"))
        pss = [mib(m.get("Pss", 0)) for m in memory.values()]
        rss = [mib(m.get("Rss", 0)) for m in memory.values()]
        cls = summary["by_class"]
        matches = cls.get("matches", {})
        routes = summary["by_route"]

        def p(c: str, q: str) -> float | None:
            return cls.get(c, {}).get(q)

        result = {
            "bench": "serving", "offers": args.offers, "needs": args.offers // NEED_SHARE, "workers": args.workers,
            "clients": args.clients, "seconds": args.seconds, "keepalive": args.keepalive,
            "requests": summary["requests"], "throughput_rps": summary["throughput_rps"],
            "errors_5xx": summary["errors_5xx"], "errors_other_non2xx": summary["errors_other_non2xx"],
            "connection_errors": summary["connection_errors"], "statuses": summary["statuses"],
            "matches_p50_ms": matches.get("p50"), "matches_p95_ms": matches.get("p95"),
            "matches_p99_ms": matches.get("p99"),
            "need_matches_p95_ms": routes.get("need_matches", {}).get("p95"),
            "offer_matches_p95_ms": routes.get("offer_matches", {}).get("p95"),
            "search_p50_ms": p("search", "p50"), "search_p95_ms": p("search", "p95"),
            "search_p99_ms": p("search", "p99"),
            "pages_p50_ms": p("pages", "p50"), "pages_p95_ms": p("pages", "p95"), "pages_p99_ms": p("pages", "p99"),
            "create_p50_ms": p("create", "p50"), "create_p95_ms": p("create", "p95"),
            "create_p99_ms": p("create", "p99"),
            "raw_p50_ms": raw["raw_ms"].get("p50"), "raw_p95_ms": raw["raw_ms"].get("p95"),
            "raw_lexical_p95_ms": raw["raw_lexical_ms"].get("p95"), "raw_faiss_p95_ms": raw["raw_faiss_ms"].get("p95"),
            "raw_queries": raw["raw_queries"],
            "pss_per_worker_mb": max(pss) if pss else None, "pss_workers_mb": pss,
            "pss_anon_workers_mb": [mib(m.get("Pss_Anon", 0)) for m in memory.values()],
            "pss_file_workers_mb": [mib(m.get("Pss_File", 0)) for m in memory.values()],
            "rss_per_worker_mb": max(rss) if rss else None, "rss_workers_mb": rss,
            "master_pss_mb": mib(master_memory.get("Pss", 0)), "rq_worker_pss_mb": mib(rq_memory.get("Pss", 0)),
            "fresh_p50_s": _q(fresh, 50), "fresh_p95_s": _q(fresh, 95),
            "fresh_max_s": (round(max(fresh), 3) if fresh else None) if not timeouts else None,
            "fresh_max_observed_s": round(max(fresh), 3) if fresh else None,
            "fresh_postings": len(prober.done), "fresh_timeouts": len(timeouts),
            "fresh_check": "GET /api/v1/search for the posting's unique title token, asked of each gunicorn worker "
                           "over a connection pinned to it (owner read from /proc/net/tcp + /proc/<pid>/fd); "
                           "fresh when every current worker has returned it; upper bound",
            "fresh_lower_bound_max_s": _round(max((p.fresh_low_s for p in prober.done if p.fresh_low_s is not None),
                                                  default=None)),
            "probe_requests": prober.requests, "probe_connections_opened": prober.pinned.opened,
            **probe_overlap(client_results, prober.intervals),
            "embedded_p50_s": _q(embedded, 50), "embedded_max_s": round(max(embedded), 3) if embedded else None,
            "worker_restarts": restarts,
            "worker_timeouts_logged": gunicorn_log.count("WORKER TIMEOUT"),
            "tracebacks_logged": gunicorn_log.count("Traceback (most recent call last)"),
            "model_id": market.model_id, "dim": market.dim, "index_kind": timings.get("index_kind"),
            "insert_s": timings.get("insert_s"), "index_build_s": timings.get("index_build_s"),
            "warmup_s": timings.get("warmup_s"), "gunicorn_ready_s": timings.get("gunicorn_ready_s"),
            "load_average_end": [round(x, 2) for x in load_end],
            "cpu": {"gunicorn_workers_s": round(server_cpu, 1), "rq_worker_s": round(rq_cpu, 1),
                    "machine_busy_s": round(machine_to[0] - machine_from[0], 1),
                    "machine_total_s": round(machine_to[1] - machine_from[1], 1),
                    "gunicorn_ms_per_request": round(1000 * server_cpu / max(server["served"], 1), 1),
                    "requests_served_with_probes": server["served"]},
            "server_p50_ms": {c: v.get("p50") for c, v in server["by_class"].items()},
            "server_p95_ms": {c: v.get("p95") for c, v in server["by_class"].items()},
            "requests_per_worker": server["per_worker"],
            "by_route": routes, "machine": info,
        }
        targets = _targets(result)
        result["targets"] = targets
        _print_report(result, summary, raw, prober, timeouts, targets, args, server)
        failed = bool(result["errors_5xx"] or summary["connection_errors"] or result["tracebacks_logged"])
        if failed:
            print(f"  gunicorn log: {services.logs['gunicorn']}")
            for block in tracebacks(gunicorn_log):
                print("  ---- traceback from the gunicorn log ----")
                print("    " + block.replace("\n", "\n    "))
        emit_json(result)
    except BaseException as exc:
        if isinstance(exc, KeyboardInterrupt):
            print("\ninterrupted; cleaning up", flush=True)
        else:
            print(f"FAILED: {type(exc).__name__}: {exc}", flush=True)
        for name in services.logs:
            for block in tracebacks(services.log_text(name)):
                print(f"  ---- traceback from the {name} log ----")
                print("    " + block.replace("\n", "\n    "))
        raise
    finally:
        # Cleanup runs to the end: a second Ctrl-C or SIGTERM must not leave the database or the processes behind.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        for process in clients:
            if process.is_alive():
                process.terminate()
                process.join(timeout=5)
        services.stop()
        if redis is not None:
            with contextlib.suppress(Exception):
                redis.flushdb()  # the jobs and results of this run
        if (failed or args.keep) and services.logs:  # keep the logs where the report says they are
            kept = Path(tempfile.gettempdir()) / f"mm-serving-{os.getpid()}-logs"
            kept.mkdir(exist_ok=True)
            for path in services.logs.values():
                if path.exists():
                    shutil.copy(path, kept / path.name)
            print(f"  logs kept in {kept}")
        if db_name and not args.keep:
            try:
                drop_database(db_name)
            except Exception as exc:  # reported, cleanup goes on
                print(f"  could not drop database {db_name}: {exc}")
        if args.keep:
            print(f"  kept: --database-url {url} --index-dir {index_dir}")
        shutil.rmtree(workdir, ignore_errors=True)


def _healthy(port: int) -> bool:
    try:
        return get(port, "/healthz")[0] == 200
    except (OSError, http.client.HTTPException):
        return False


def _round(value: float | None, digits: int = 3) -> float | None:
    return None if value is None else round(value, digits)


def _q(values: list[float], q: float) -> float | None:
    if not values:
        return None
    import numpy as np

    return round(float(np.percentile(values, q)), 3)


def _asked_needs(client_results: list[dict], market: Market, limit: int = 500) -> list[int]:
    """The needs the load asked matches of (up to `limit`, a seeded sample), for the raw baseline."""
    asked = sorted({s[4] for r in client_results for s in r["samples"] if s[0] == "need_matches" and s[1] == 200})
    if not asked:
        asked = market.need_ids
    return sorted(random.Random(0).sample(asked, min(limit, len(asked))))


def _embedded_after(url: str, model_id: str, probes: list[Probe]) -> list[float]:
    """Seconds from each new posting's 201 until its vector row was written (by the RQ worker)."""
    if not probes:
        return []
    from sqlalchemy import create_engine, select
    from sqlalchemy.orm import Session

    from models import PostingVector

    engine = create_engine(url)
    out = []
    try:
        with Session(engine) as session:
            for kind in ("offer", "need"):
                wanted = {p.id: p for p in probes if p.kind == kind}
                if not wanted:
                    continue
                for posting_id, updated in session.execute(select(PostingVector.posting_id, PostingVector.updated_at)
                                                           .where(PostingVector.posting_kind == kind,
                                                                  PostingVector.model_id == model_id,
                                                                  PostingVector.posting_id.in_(list(wanted)))):
                    out.append(updated.timestamp() - wanted[posting_id].created_wall)
    finally:
        engine.dispose()
    return out


def _targets(r: dict) -> dict:
    issue_setting = r["offers"] >= 100_000 and r["workers"] == 4
    raw = r["raw_p95_ms"]
    t = {
        "errors_5xx": {"target": "0", "value": r["errors_5xx"], "ok": r["errors_5xx"] == 0},
        "matches_vs_raw": {"target": "matches p95 ≤ 3 × raw p95",
                           "value": f"{r['matches_p95_ms']} ms vs 3 × {raw} = {round(3 * raw, 2) if raw else None} ms",
                           "ok": (r["matches_p95_ms"] is not None and raw is not None
                                  and r["matches_p95_ms"] <= 3 * raw)},
        "matches_one_client": {"target": "matches p95 ≤ 20 ms with one client", "value": r["matches_p95_ms"],
                               "ok": (r["matches_p95_ms"] is not None and r["matches_p95_ms"] <= 20)
                               if r["clients"] == 1 else None},
        "pss_per_worker": {"target": "≤ 1024 MiB", "value": r["pss_per_worker_mb"],
                           "ok": r["pss_per_worker_mb"] is not None and r["pss_per_worker_mb"] <= 1024},
        "fresh_everywhere": {"target": "every new posting matchable in every worker within 2 s",
                             "value": f"max {r['fresh_max_observed_s']} s over {r['fresh_postings']} postings, "
                                      f"{r['fresh_timeouts']} not seen everywhere within {FRESH_TIMEOUT_S:g} s",
                             "ok": (r["fresh_postings"] > 0 and r["fresh_timeouts"] == 0
                                    and r["fresh_max_observed_s"] is not None and r["fresh_max_observed_s"] <= 2)},
        "create_p95": {"target": "create p95 ≤ 50 ms (REDIS_URL set)", "value": r["create_p95_ms"],
                       "ok": r["create_p95_ms"] is not None and r["create_p95_ms"] <= 50},
    }
    t["_setting"] = {"target": "100,000 offers, 4 workers, 2 CPUs", "value": f"{r['offers']} offers, "
                     f"{r['workers']} workers, {r['machine']['cpus']} CPUs", "ok": issue_setting}
    return t


def _print_report(r: dict, summary: dict, raw: dict, prober: Prober, timeouts: list[Probe], targets: dict,
                  args, server: dict) -> None:
    print("requests:")
    line("requests (throughput)", f"{r['requests']} ({r['throughput_rps']} req/s)")
    line("statuses", r["statuses"])
    line("5xx / other non-2xx / connection errors",
         f"{r['errors_5xx']} / {r['errors_other_non2xx']} / {r['connection_errors']}")
    for label, examples in (("5xx example", summary["examples_5xx"]), ("non-2xx example", summary["examples_other"])):
        for request, status, body in examples:
            line(label, f"{status} {request[:120]}: {body[:300]}")
    for failure in summary["examples_connection"]:
        line("connection error", failure[:300])
    print("latency (ms, 2xx only, client side, including a new TCP connection):")
    for name in CLASSES:
        stats = summary["by_class"].get(name)
        if stats:
            line(name, f"p50 {stats['p50']}  p95 {stats['p95']}  p99 {stats['p99']}  max {stats['max']}  "
                       f"(n={stats['n']})")
    for route, stats in r["by_route"].items():
        line(f"  {route}", f"p50 {stats['p50']}  p95 {stats['p95']}  p99 {stats['p99']}  (n={stats['n']})")
    print("server side (gunicorn access log %(D)s: request read to response written, same window):")
    for name in CLASSES:
        stats = server["by_class"].get(name)
        if stats:
            line(name, f"p50 {stats['p50']}  p95 {stats['p95']}  p99 {stats['p99']}  (n={stats['n']})")
    line("requests per worker (load only)", server["per_worker"])
    line("raw (exact FAISS + lexical top-20)", f"p50 {raw['raw_ms'].get('p50')}  p95 {raw['raw_ms'].get('p95')}  "
         f"(lexical p95 {raw['raw_lexical_ms'].get('p95')}, faiss p95 {raw['raw_faiss_ms'].get('p95')}; "
         f"{raw['raw_queries']} needs over {raw['raw_offers']} offers)")
    print("memory per gunicorn worker at the end (MiB):")
    line("PSS", r["pss_workers_mb"])
    line("  of which anonymous / file-backed", f"{r['pss_anon_workers_mb']} / {r['pss_file_workers_mb']}")
    line("RSS", r["rss_workers_mb"])
    line("master PSS / RQ worker PSS", f"{r['master_pss_mb']} / {r['rq_worker_pss_mb']}")
    print("freshness (201 → returned by every worker):")
    line("postings followed", f"{r['fresh_postings']} ({r['fresh_timeouts']} not everywhere within "
                              f"{FRESH_TIMEOUT_S:g} s)")
    line("p50 / p95 / max s", f"{r['fresh_p50_s']} / {r['fresh_p95_s']} / {r['fresh_max_observed_s']}")
    line("201 → vector stored p50 / max s", f"{r['embedded_p50_s']} / {r['embedded_max_s']}")
    line("  lower bound of the max (last miss)", r["fresh_lower_bound_max_s"])
    line("probe requests (connections opened)", f"{prober.requests} ({prober.pinned.opened})")
    if "matches_share_overlapping_probe" in r:
        line("matches overlapping a probe", f"{r['matches_share_overlapping_probe']:.0%} of all, "
                                            f"{r['slowest_tenth_share_overlapping_probe']:.0%} of the slowest tenth; "
                                            f"p95 of the others {r['matches_p95_ms_no_probe_overlap']} ms")
    for probe in timeouts[:3]:
        line("not seen everywhere", f"{probe.kind} {probe.id}: found by {sorted(probe.seen)}, "
                                    f"missed by {sorted(set(probe.last_miss) - set(probe.seen))}")
    for error in prober.errors[:3]:
        line("probe error", error[:300])
    line("worker restarts during the run", f"{r['worker_restarts']} (max_requests "
                                           f"{args.max_requests or 'from gunicorn.conf.py'})")
    line("load average at the end (1/5/15 min)", r["load_average_end"])
    cpu = r["cpu"]
    line("CPU s during the load", f"gunicorn workers {cpu['gunicorn_workers_s']}, RQ worker {cpu['rq_worker_s']}, "
                                  f"whole machine {cpu['machine_busy_s']} of {cpu['machine_total_s']} "
                                  f"(the rest: clients, probe, other users)")
    line("gunicorn CPU ms per request", f"{cpu['gunicorn_ms_per_request']} (over {cpu['requests_served_with_probes']} "
                                        "requests served, probes included)")
    print("targets:")
    for name, t in targets.items():
        line(f"{mark(t['ok'])} {name}", f"{t['value']}   (target: {t['target']})")


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit(130)
