"""The PostgreSQL pool replaces a connection the server has closed before handing it out,
without asking the server on every checkout, and keeps a fixed number of connections: a peak
waits for one rather than opening more (core.db)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlalchemy import event, text

from jinghutong.core.db import Database, is_sqlite


async def test_a_connection_the_server_closed_is_replaced_at_checkout(database_url: str) -> None:
    if is_sqlite(database_url):
        pytest.skip("PostgreSQL only: SQLite has no server to close a connection")
    database = Database(database_url)
    try:
        async with database.session() as s:  # the pool keeps this connection afterwards
            first = await s.scalar(text("SELECT pg_backend_pid()"))
        async with database.session() as s:
            assert await s.scalar(text("SELECT pg_backend_pid()")) == first  # reused
        assert database.autonomous_engine is not None
        async with database.autonomous_engine.connect() as admin:  # waits until it is gone
            assert await admin.scalar(text("SELECT pg_terminate_backend(:p, 10000)"), {"p": first})
        async with database.session() as s:  # no error: a fresh connection
            second = await s.scalar(text("SELECT pg_backend_pid()"))
        assert second != first
    finally:
        await database.dispose()


async def test_a_peak_waits_for_the_pool_instead_of_opening_connections(database_url: str) -> None:
    if is_sqlite(database_url):
        pytest.skip("PostgreSQL only: SQLite has one connection per process")
    database = Database(database_url, pool_size=3)
    opened: list[int] = []
    in_use = 0
    most_in_use = 0

    @event.listens_for(database.engine.sync_engine, "connect")
    def _count(_dbapi: Any, _record: Any) -> None:
        opened.append(1)

    async def unit_of_work(n: int) -> int:
        nonlocal in_use, most_in_use
        async with database.session() as s:
            value = await s.scalar(text("SELECT CAST(:n AS integer)"), {"n": n})  # holds one
            in_use += 1
            most_in_use = max(most_in_use, in_use)
            await s.execute(text("SELECT pg_sleep(0.02)"))
            in_use -= 1
        return int(value)

    try:
        done = await asyncio.gather(*(unit_of_work(n) for n in range(24)))
        assert sorted(done) == list(range(24))  # every one ran, none refused
        assert most_in_use == 3
        assert len(opened) == 3  # the same three connections served all 24
    finally:
        await database.dispose()
