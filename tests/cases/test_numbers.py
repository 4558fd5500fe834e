"""The day's case counter on a real Database (not the rolled-back test connection): on
PostgreSQL a report never waits for another report's commit to get its number, and a number
once given is never given again (a report that then fails leaves a gap); on SQLite the number
stays inside the report's transaction, so a failed report's number is given to the next."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import delete, text

from jinghutong.cases.repository import CaseRepository
from jinghutong.core.db import Database, is_sqlite
from jinghutong.models import CaseCounter

DAY = "19990101"  # a day no other test reports on; its row is removed afterwards


@pytest.fixture
async def real_database(database_url: str) -> AsyncIterator[Database]:
    database = Database(database_url)
    try:
        yield database
    finally:
        async with database.session() as session:
            await session.execute(delete(CaseCounter).where(CaseCounter.day == DAY))
        await database.dispose()


async def _next(database: Database) -> int:
    async with database.session() as session:
        return await CaseRepository(session).next_number(DAY)


async def test_numbers_never_repeat_and_never_wait_for_an_open_report(
    real_database: Database, database_url: str
) -> None:
    async with real_database.session() as first:
        taken = await CaseRepository(first).next_number(DAY)
        if is_sqlite(database_url):
            # One writer: the open report holds the write lock; its rollback frees its number.
            await first.rollback()
            assert await _next(real_database) == taken
            return
        # PostgreSQL: the first report is still open, yet the next number comes at once.
        assert await asyncio.wait_for(_next(real_database), timeout=10) == taken + 1
        await first.rollback()
    # The rolled-back report's number is not handed out again.
    assert await _next(real_database) == taken + 2
    together = await asyncio.gather(*(_next(real_database) for _ in range(8)))
    assert sorted(together) == list(range(taken + 3, taken + 11))


async def test_a_counter_connection_the_server_dropped_is_replaced(
    real_database: Database, database_url: str
) -> None:
    if is_sqlite(database_url):
        pytest.skip("PostgreSQL only: SQLite counts inside the report's own transaction")
    engine = real_database.autonomous_engine
    assert engine is not None
    before = await _next(real_database)
    async with engine.connect() as connection:  # the pool's one idle connection
        pid = await connection.scalar(text("SELECT pg_backend_pid()"))
    async with real_database.session() as session:
        await session.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    assert await _next(real_database) == before + 1
