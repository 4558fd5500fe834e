"""SQLite statements run on the event loop's thread (core.sqlite_inline): one writer per
process, and a write lock held by another process is waited for without blocking the loop."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from jinghutong.core import sqlite_inline
from jinghutong.core.db import Database


@pytest.fixture
async def db(tmp_path: Path):
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'inline.db'}")
    async with database.session() as session:
        await session.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)"))
    yield database
    await database.dispose()


async def test_concurrent_writers_in_one_process_all_commit(db: Database):
    async def write(n: int) -> None:
        async with db.session() as session:
            await session.execute(text("INSERT INTO t (v) VALUES (:v)"), {"v": f"w{n}"})
            await asyncio.sleep(0)  # let the others queue for the one writing connection

    await asyncio.gather(*(write(n) for n in range(50)))
    async with db.session(read_only=True) as session:
        assert await session.scalar(text("SELECT count(*) FROM t")) == 50


async def test_a_lock_held_by_another_process_is_awaited_without_blocking_the_loop(
    db: Database, tmp_path: Path
):
    other = sqlite3.connect(tmp_path / "inline.db", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO t (v) VALUES ('other')")
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.01)
            ticks += 1

    async def write() -> None:
        async with db.session() as session:
            await session.execute(text("INSERT INTO t (v) VALUES ('ours')"))

    tick_task = asyncio.create_task(ticker())
    writer = asyncio.create_task(write())
    await asyncio.sleep(0.3)
    assert not writer.done()  # waiting for the other connection's lock…
    assert ticks >= 10  # …while the loop went on serving others
    other.execute("COMMIT")
    await asyncio.wait_for(writer, 5)
    tick_task.cancel()
    other.close()
    async with db.session(read_only=True) as session:
        rows = (await session.execute(text("SELECT v FROM t ORDER BY id"))).scalars().all()
    assert rows == ["other", "ours"]


async def test_a_lock_never_released_fails_after_the_wait(tmp_path: Path):
    path = str(tmp_path / "stuck.db")
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("PRAGMA journal_mode=WAL")
    other.execute("CREATE TABLE t (v TEXT)")
    other.execute("BEGIN IMMEDIATE")
    conn = await sqlite_inline.creator(path, (), busy_timeout_s=0.2)()
    async with conn.cursor() as cursor:
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            await cursor.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
        await cursor.execute("BEGIN IMMEDIATE")  # free again: taken at once
        await cursor.execute("INSERT INTO t VALUES ('x')")
    await conn.commit()
    await conn.close()
    other.close()


async def test_statement_errors_surface_as_sqlalchemy_errors(db: Database):
    with pytest.raises(OperationalError, match="no such table"):
        async with db.session() as session:
            await session.execute(text("SELECT * FROM missing"))
