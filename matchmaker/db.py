"""The database handle: one engine per app and a session scoped to the application context.

SQLite serves several threads (and gunicorn workers) of one host; PostgreSQL is the database for more. The SQLite
file is in WAL mode, so readers never wait for the writer, and a transaction begins only at its first write (or
savepoint), with `BEGIN IMMEDIATE`: it waits its turn for the write lock (up to SQLITE_BUSY_TIMEOUT) and then cannot
fail for it. Until then each read sees what is committed, as under PostgreSQL's READ COMMITTED. A deferred BEGIN
would pin a snapshot at the first read instead, and a write after another connection's commit fails at once with
"database is locked", which no busy timeout can save. `SELECT ... FOR UPDATE` begins the transaction as a write does.
"""
from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, scoped_session, sessionmaker

# Seconds a SQLite connection waits for another's write lock before giving up with "database is locked".
SQLITE_BUSY_TIMEOUT = 30
_READS = ("SELECT", "PRAGMA", "EXPLAIN")
_NOT_BEGUN = "sqlite_not_begun"


def _json_dumps(value) -> str:
    # Keep Chinese readable in JSON columns, so keyword search can match it as text.
    return json.dumps(value, ensure_ascii=False)


def make_engine(url: str, **kwargs) -> Engine:
    """Create an engine; SQLite gets foreign keys, WAL, a busy timeout and transactions that begin with
    `BEGIN IMMEDIATE` at their first write, and so honour SAVEPOINT and never fail to upgrade a read lock."""
    kwargs.setdefault("json_serializer", _json_dumps)
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True, **kwargs)
    file_backed = bool(parsed.database) and parsed.database != ":memory:"
    if file_backed:
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    connect_args = {"timeout": SQLITE_BUSY_TIMEOUT, **kwargs.pop("connect_args", {})}
    engine = create_engine(url, connect_args=connect_args, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # pysqlite's own transaction handling breaks SAVEPOINT; the listeners below emit BEGIN themselves.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        if file_backed:
            cursor.execute("PRAGMA journal_mode=WAL")  # kept in the file: readers and the writer stop blocking
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        conn.info[_NOT_BEGUN] = True  # BEGIN waits for the first write

    @event.listens_for(engine, "before_cursor_execute")
    def _before_execute(conn, _cursor, statement, _parameters, context, _executemany):
        if conn.info.get(_NOT_BEGUN) and (_writes(statement) or _locks(context)):
            conn.info.pop(_NOT_BEGUN)
            conn.connection.dbapi_connection.execute("BEGIN IMMEDIATE")

    @event.listens_for(engine, "commit")
    @event.listens_for(engine, "rollback")
    def _on_end(conn):
        conn.info.pop(_NOT_BEGUN, None)  # where nothing began, pysqlite's commit and rollback do nothing

    return engine


def _writes(statement: str) -> bool:
    """Whether a statement may write; a SAVEPOINT counts, as SQLite would begin a deferred transaction for it."""
    words = statement[:40].split(None, 1)
    return bool(words) and words[0].upper() not in _READS


def _locks(context) -> bool:
    """Whether the statement is a SELECT ... FOR UPDATE. SQLite renders no FOR UPDATE; its write lock, taken before
    the read, is the nearest it has to a row lock."""
    statement = getattr(getattr(context, "compiled", None), "statement", None)
    return getattr(statement, "_for_update_arg", None) is not None


class Database:
    """Holds the engine and the scoped session; bound to an app by init_app."""

    def __init__(self) -> None:
        self.engine: Engine | None = None
        self.session: scoped_session[Session] = scoped_session(sessionmaker())

    def init_app(self, app) -> None:
        """Bind to the app's DATABASE_URL and close the session with each app context."""
        self.engine = make_engine(app.config["DATABASE_URL"])
        self.session.remove()
        self.session.configure(bind=self.engine)

        @app.teardown_appcontext
        def _remove_session(_exc):
            self.session.remove()
