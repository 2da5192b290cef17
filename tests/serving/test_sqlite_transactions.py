"""SQLite transactions as matchmaker.db makes them, on a database file of their own (whatever the suite's is)."""
from __future__ import annotations

import pytest
from sqlalchemy import column, select, table, text
from sqlalchemy.exc import OperationalError

from matchmaker.db import make_engine


@pytest.fixture
def engine(tmp_path):
    # A busy timeout of one second: a test that would wait for the lock fails fast instead.
    engine = make_engine(f"sqlite:///{tmp_path / 'transactions.db'}", connect_args={"timeout": 1})
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE items (n INTEGER)"))
    yield engine
    engine.dispose()


def _items(engine) -> list[int]:
    with engine.connect() as conn:
        return list(conn.scalars(text("SELECT n FROM items ORDER BY n")))


def test_a_transaction_that_read_before_another_committed_can_still_write(engine):
    with engine.connect() as slow, engine.connect() as quick:
        slow.execute(text("SELECT count(*) FROM items"))
        quick.execute(text("INSERT INTO items VALUES (1)"))
        quick.commit()
        slow.execute(text("INSERT INTO items VALUES (2)"))
        slow.commit()

    assert _items(engine) == [1, 2]


def test_a_reader_is_answered_while_another_connection_holds_the_write_lock(engine):
    with engine.connect() as writer, engine.connect() as reader:
        writer.execute(text("INSERT INTO items VALUES (1)"))

        assert list(reader.scalars(text("SELECT n FROM items"))) == []  # what is committed, without waiting
        writer.commit()


def test_a_rolled_back_savepoint_undoes_only_its_own_writes(engine):
    with engine.connect() as conn:
        with conn.begin_nested():
            conn.execute(text("INSERT INTO items VALUES (1)"))
        savepoint = conn.begin_nested()
        conn.execute(text("INSERT INTO items VALUES (2)"))
        savepoint.rollback()
        conn.execute(text("INSERT INTO items VALUES (3)"))
        conn.commit()

    assert _items(engine) == [1, 3]


def test_the_database_file_is_in_wal_mode(engine):
    with engine.connect() as conn:
        assert conn.scalar(text("PRAGMA journal_mode")) == "wal"


def test_select_for_update_takes_the_write_lock_before_reading(engine):
    items = table("items", column("n"))
    with engine.connect() as locker, engine.connect() as other:
        locker.execute(select(items).with_for_update())

        with pytest.raises(OperationalError, match="database is locked"):
            other.execute(text("INSERT INTO items VALUES (1)"))
        locker.rollback()
