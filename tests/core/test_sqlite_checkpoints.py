"""The writing connection's log checkpoints run on a thread (core.sqlite_checkpoints), not in
its commits on the event loop; SQLite's own automatic checkpoint stays as a backstop."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest
from sqlalchemy import text

from jinghutong.core import sqlite_checkpoints
from jinghutong.core.db import Database

PAGE = 4096
ROW_BYTES = 3000  # about one page per row


def _checkpoint_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "sqlite-checkpoints"]


async def _write_pages(db: Database, pages: int, per_commit: int = 20) -> None:
    for _ in range(pages // per_commit):
        async with db.session() as session:
            for _ in range(per_commit):
                await session.execute(
                    text("INSERT INTO t (v) VALUES (randomblob(:n))"), {"n": ROW_BYTES}
                )


@pytest.fixture
async def db(tmp_path: Path):
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'wal.db'}")
    async with database.session() as session:
        await session.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, v BLOB)"))
    yield database
    await database.dispose()


async def test_commits_do_not_checkpoint_at_sqlites_default_threshold(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    # The thread waits long after a commit, so only the writer itself could checkpoint here.
    monkeypatch.setattr(sqlite_checkpoints, "GATHER_S", 60.0)
    await db.dispose()  # the next connection is made with the long wait
    await _write_pages(db, 1500)
    # SQLite's default would have copied the log back at 1,000 pages and started it again.
    assert (tmp_path / "wal.db-wal").stat().st_size > 1000 * PAGE
    assert (tmp_path / "wal.db").stat().st_size < 200 * PAGE  # nothing copied yet


async def test_the_thread_copies_the_log_into_the_database(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(sqlite_checkpoints, "GATHER_S", 0.01)
    await db.dispose()
    await _write_pages(db, 400)
    for _ in range(500):  # the writing connection stays open: only the thread can copy
        if (tmp_path / "wal.db").stat().st_size > 350 * PAGE:
            break
        await asyncio.sleep(0.01)
    assert (tmp_path / "wal.db").stat().st_size > 350 * PAGE
    assert _checkpoint_threads()


async def test_the_log_stays_bounded_by_the_backstop(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(sqlite_checkpoints, "GATHER_S", 60.0)  # the thread never gets to run
    monkeypatch.setattr(sqlite_checkpoints, "BACKSTOP_PAGES", 300)
    await db.dispose()
    await _write_pages(db, 1200)
    assert (tmp_path / "wal.db-wal").stat().st_size < 400 * PAGE
    assert (tmp_path / "wal.db").stat().st_size > 800 * PAGE


async def test_dispose_stops_the_thread(db: Database):
    await _write_pages(db, 20)
    assert _checkpoint_threads()
    await db.dispose()
    assert not _checkpoint_threads()


async def test_read_only_sessions_start_no_thread(tmp_path: Path):
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'ro.db'}")
    try:
        async with database.session(read_only=True) as session:
            await session.execute(text("SELECT 1"))
        async with database.session() as session:
            await session.execute(text("SELECT 1"))  # a writing session that wrote nothing
        assert not _checkpoint_threads()
    finally:
        await database.dispose()


def test_a_close_landing_between_the_wake_up_and_its_clearing_still_stops_the_thread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """The race a full test run hit (teardown waited 10 s, the thread never ended): close()
    woke the thread just before the thread cleared its wake-up flag for the next round."""
    monkeypatch.setattr(sqlite_checkpoints, "GATHER_S", 0.0)
    path = str(tmp_path / "race.db")
    checkpointer = sqlite_checkpoints.Checkpointer(path)
    closed = threading.Event()

    class CloseJustBeforeClear(threading.Event):
        def clear(self) -> None:
            if not closed.is_set():  # what close() does, landing at the worst moment
                closed.set()
                checkpointer._stop.set()
                self.set()
            super().clear()

    checkpointer._wanted = CloseJustBeforeClear()
    checkpointer.committed()
    assert closed.wait(5)
    thread = checkpointer._thread
    assert thread is not None
    thread.join(5)
    assert not thread.is_alive()
