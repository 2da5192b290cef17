"""`gunicorn -c gunicorn.conf.py wsgi:app` for real: two worker processes on a free port over a migrated SQLite file,
stopped by SIGTERM at the end (which it must survive cleanly).

The server gets its own database, whatever the suite's is, so this is also SQLite under writers in several processes.
"""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from matchmaker import migrate
from matchmaker.auth.passwords import hash_password
from matchmaker.db import make_engine
from models import ApiToken, User
from tests.factories import DEFAULT_PASSWORD

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).parent / "gunicorn"
LISTENING = re.compile(r"Listening at: (http://127\.0\.0\.1:\d+)")
WORKERS = 2
WRITERS = 8


class Server:
    """A running gunicorn: its address, its database and what it logged."""

    def __init__(self, process: subprocess.Popen, home: Path, database_url: str) -> None:
        self.process, self.home, self.database_url = process, home, database_url
        self.url = ""

    def output(self) -> str:
        """The error log (stderr): gunicorn's own messages and the application's."""
        return (self.home / "stderr.log").read_text(errors="replace")

    def access_log(self, containing: str = "", seconds: float = 5) -> str:
        """The access log (stdout), once it holds `containing`: a worker writes its line after the response."""
        deadline = time.monotonic() + seconds
        while True:
            log = (self.home / "stdout.log").read_text(errors="replace")
            if containing in log or time.monotonic() > deadline:
                return log
            time.sleep(0.05)

    def wait_until_booted(self, seconds: float = 10) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            output = self.output()
            found = LISTENING.search(output)
            if found and output.count("Booting worker") >= WORKERS:
                self.url = found.group(1)
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        pytest.fail(f"gunicorn did not start {WORKERS} workers:\n{self.output()}")

    def stop(self) -> int:
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.wait()


def _add_writers(database_url: str) -> list[str]:
    engine = make_engine(database_url)
    password_hash = hash_password(DEFAULT_PASSWORD)
    emails = [f"writer{n}@example.edu.cn" for n in range(WRITERS)]
    with Session(engine) as session:
        session.add_all(User(email=email, password_hash=password_hash, display_name="并发写入") for email in emails)
        session.commit()
    engine.dispose()
    return emails


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    home = tmp_path_factory.mktemp("gunicorn")
    database_url = f"sqlite:///{home / 'matchmaker.db'}"
    migrate.upgrade(database_url)
    env = {name: value for name, value in os.environ.items()
           if name not in {"REDIS_URL", "MATCHMAKER_JOBS", "MAIL_SERVER", "GUNICORN_CMD_ARGS"}}
    env.update({
        "MATCHMAKER_ENV": "production", "SECRET_KEY": "gunicorn-test", "DATABASE_URL": database_url,
        "MATCHMAKER_INSTANCE_DIR": str(home), "MATCHMAKER_INDEX_DIR": str(home / "index"),
        "MATCHMAKER_EMBEDDING_MODEL": "use-m3",  # the packaged encoder: the warm-up loads no torch
        "BIND": "127.0.0.1:0", "WEB_CONCURRENCY": str(WORKERS),
        "XDG_RUNTIME_DIR": str(home),  # gunicorn's control socket, away from other servers'
    })
    with (home / "stdout.log").open("wb") as stdout, (home / "stderr.log").open("wb") as stderr:
        process = subprocess.Popen([str(GUNICORN), "-c", "gunicorn.conf.py", "wsgi:app"], cwd=ROOT, env=env,
                                   stdout=stdout, stderr=stderr)
    running = Server(process, home, database_url)
    try:
        running.wait_until_booted()
        yield running
    finally:
        code = running.stop()
    assert code == 0, f"gunicorn did not stop cleanly on SIGTERM:\n{running.output()}"


def _get(url: str) -> tuple[int, dict]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, json.load(response)


def _post_json(url: str, body: dict) -> int:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_gunicorn_serves_the_health_check_from_two_workers(server):
    assert _get(server.url + "/healthz") == (200, {"status": "ok"})
    assert server.output().count("Booting worker") == WORKERS
    assert '"GET /healthz HTTP/1.1" 200' in server.access_log(containing='"GET /healthz HTTP/1.1" 200')


def test_simultaneous_writers_in_several_workers_all_succeed_on_sqlite(server):
    emails = _add_writers(server.database_url)
    start = threading.Barrier(len(emails))
    statuses: dict[str, int] = {}

    def request_token(email: str) -> None:
        start.wait()
        statuses[email] = _post_json(server.url + "/api/v1/tokens", {"email": email, "password": DEFAULT_PASSWORD})

    threads = [threading.Thread(target=request_token, args=(email,)) for email in emails]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert list(statuses.values()) == [201] * WRITERS, server.output()
    engine = make_engine(server.database_url)
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(ApiToken)) == WRITERS
    engine.dispose()

