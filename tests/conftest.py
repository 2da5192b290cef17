"""Fixtures: one migrated database per run (SQLite, or PostgreSQL when DATABASE_URL says so), a rollback per test."""
from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage

import pytest
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from matchmaker import create_app, migrate
from matchmaker.config import normalise_database_url
from matchmaker.extensions import db, limiter
from matchmaker.notifications import mail
from tests import factories
from tests.api.openapi_conformance import Document

CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def _create_postgres_database(base_url: str) -> str:
    """A fresh database beside the one DATABASE_URL names, so the run starts empty and leaves nothing behind."""
    url = make_url(base_url)
    name = f"{url.database}_mm_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def _drop_postgres_database(base_url: str, url: str) -> None:
    admin = create_engine(make_url(base_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))
    admin.dispose()


@contextmanager
def own_database(sqlite_path) -> Iterator[str]:
    """The URL of an empty database of its own: on PostgreSQL when DATABASE_URL says so (dropped afterwards), else
    a SQLite file at `sqlite_path`."""
    base = os.environ.get("DATABASE_URL")
    if base and not base.startswith("sqlite"):
        base = normalise_database_url(base)
        url = _create_postgres_database(base)
        try:
            yield url
        finally:
            _drop_postgres_database(base, url)
    else:
        yield f"sqlite:///{sqlite_path}"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    with own_database(tmp_path_factory.mktemp("db") / "matchmaker-test.db") as url:
        yield url


@pytest.fixture(scope="session")
def app(database_url, tmp_path_factory):
    migrate.upgrade(database_url)
    application = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "DATABASE_URL": database_url,
            "MATCHMAKER_INDEX_DIR": str(tmp_path_factory.mktemp("index")),
            "MATCHMAKER_ATTACHMENT_DIR": str(tmp_path_factory.mktemp("attachments")),
            "SERVER_NAME": None,
            # Each test runs in one rolled-back transaction, which a background thread could not see.
            "MATCHMAKER_JOBS": "sync",
        }
    )
    yield application
    db.engine.dispose()


@pytest.fixture(autouse=True)
def fresh_rate_limits(app):
    """Each test starts with no requests counted: the counters key on the client address, which every test shares."""
    with app.app_context():
        limiter.reset()


@pytest.fixture(autouse=True)
def session(request, app):
    """Each test runs inside a transaction that is rolled back; services' commits become savepoints."""
    if request.node.get_closest_marker("browser") or request.node.get_closest_marker("committing"):
        # A live server answers from other threads, so browser tests commit for real (see tests/browser).
        yield db.session
        return
    # Each test starts with an index that knows nothing of earlier tests' rolled-back postings.
    app.extensions["matching"].reset()
    connection = db.engine.connect()
    outer = connection.begin()
    db.session.remove()
    db.session.configure(bind=connection, join_transaction_mode="create_savepoint")
    ctx = app.app_context()
    ctx.push()
    try:
        yield db.session
    finally:
        ctx.pop()
        outer.rollback()
        connection.close()
        db.session.remove()
        db.session.configure(bind=db.engine, join_transaction_mode="conditional_savepoint")


class CommittingClient(FlaskClient):
    """Commits what a test set up before each request, as real data would be; here that only ends a savepoint.

    Without it, a request answering with an error rolls back the test's own factory rows along with its work.
    """

    def open(self, *args, **kwargs):
        db.session.commit()
        return super().open(*args, **kwargs)


@pytest.fixture
def client(app):
    app.test_client_class = CommittingClient
    return app.test_client()


def csrf_token(client) -> str:
    """The CSRF token of the client's session, read from a rendered form."""
    page = client.get("/login").get_data(as_text=True)
    return CSRF_RE.search(page).group(1)


class Auth:
    """Log a test client in and out through the real login form."""

    def __init__(self, client):
        self.client = client

    def login(self, user, password: str = factories.DEFAULT_PASSWORD):
        return self.client.post(
            "/login", data={"email": user.email, "password": password, "csrf_token": csrf_token(self.client)}
        )

    def logout(self):
        return self.client.post("/logout", data={"csrf_token": csrf_token(self.client)})

    def post(self, url: str, data: dict | None = None, **kwargs):
        """POST a form with the session's CSRF token added."""
        return self.client.post(url, data={**(data or {}), "csrf_token": csrf_token(self.client)}, **kwargs)


@pytest.fixture
def auth(client):
    return Auth(client)


@pytest.fixture
def api_token():
    """Make a bearer token for a user: `headers = api_token(user)`."""
    from matchmaker.auth.services import issue_token

    def make(user) -> dict[str, str]:
        return {"Authorization": f"Bearer {issue_token(db.session, user).token}"}

    return make


REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture
def rq_queue(app, monkeypatch):
    """Route one module's background jobs to a private RQ queue on the real local Redis; deleted afterwards.

    `rq_queue(module, "QUEUE")` returns the queue; the app is switched to RQ mode for the test.
    """
    import redis
    from rq import Queue

    connection = redis.Redis.from_url(REDIS_URL)
    try:
        connection.ping()
    except redis.exceptions.ConnectionError:
        pytest.fail("Redis must listen on 127.0.0.1:6379 (.ci/run starts it)")
    made: list[Queue] = []

    def route(module, attribute: str, config: tuple[str, str] = ("MATCHMAKER_JOBS", "rq")) -> Queue:
        name = f"{getattr(module, attribute)}-test-{uuid.uuid4().hex[:8]}"
        monkeypatch.setattr(module, attribute, name)
        monkeypatch.setitem(app.config, "REDIS_URL", REDIS_URL)
        monkeypatch.setitem(app.config, *config)
        made.append(Queue(name, connection=connection))
        return made[-1]

    yield route
    for queue in made:
        queue.delete(delete_jobs=True)


def run_rq_worker(queue) -> None:
    """Let a real RQ worker run every job waiting on a queue, then return."""
    from rq import SimpleWorker

    SimpleWorker([queue], connection=queue.connection).work(burst=True)


@pytest.fixture(scope="session")
def openapi_document(app):
    return Document(app.test_client().get("/api/v1/openapi.json").get_json())


@pytest.fixture(autouse=True)
def responses_follow_the_document(openapi_document, monkeypatch):
    """Every API answer a test receives is checked against the OpenAPI document: status, and JSON body schema."""
    problems: list[str] = []
    original = CommittingClient.open

    def checked(self, *args, **kwargs):
        response = original(self, *args, **kwargs)
        request = response.request
        if request.path.startswith("/api/v1/") and request.path != "/api/v1/openapi.json":
            body = response.get_json(silent=True) if response.mimetype == "application/json" else None
            problems.extend(openapi_document.problems(request.method, request.path, response.status_code, body))
        return response

    monkeypatch.setattr(CommittingClient, "open", checked)
    yield
    assert not problems, "\n".join(dict.fromkeys(problems))


class Recorder:
    """Stands in for the configured sender and keeps what it was asked to send."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    def send(self, messages: list[EmailMessage]) -> int:
        self.messages.extend(messages)
        return len(messages)


@pytest.fixture
def outbox(monkeypatch) -> list[EmailMessage]:
    """The messages sent after commits during the test."""
    recorder = Recorder()
    monkeypatch.setattr(mail, "sender_for", lambda config: recorder)
    return recorder.messages
