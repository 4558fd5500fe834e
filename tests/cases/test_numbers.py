"""The day's case counter on a real Database (not the rolled-back test connection): on
PostgreSQL a report never waits for another report's commit to get its number, and a number
once given is never given again (a report that then fails leaves a gap); on SQLite the number
stays inside the report's transaction, so a failed report's number is given to the next."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import delete, select, text

from jinghutong.cases.numbers import BLOCK_LIFETIME_S, BLOCK_MAX, NumberBlocks
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


async def _counter(database: Database) -> int:
    async with database.session(read_only=True) as session:
        return await session.scalar(select(CaseCounter.last).where(CaseCounter.day == DAY))


async def test_under_a_rush_one_bump_serves_a_block_of_numbers(
    real_database: Database, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if is_sqlite(database_url):
        pytest.skip("PostgreSQL only: SQLite counts one by one inside the report's transaction")
    bumps: list[int] = []
    reserve = CaseRepository.reserve_numbers

    async def counting(self: CaseRepository, day: str, count: int) -> int:
        bumps.append(count)
        return await reserve(self, day, count)

    monkeypatch.setattr(CaseRepository, "reserve_numbers", counting)
    blocks = NumberBlocks()

    async def take() -> int:
        async with real_database.session() as session:
            return await blocks.take(session, DAY)

    taken = await asyncio.gather(*(take() for _ in range(60)))
    assert len(set(taken)) == 60  # never twice
    assert len(bumps) < 30 and max(bumps) <= BLOCK_MAX  # blocks, not one bump per number
    # Every number handed out was reserved; at most one block's worth was left over.
    reserved = await _counter(real_database)
    assert max(taken) <= reserved < max(taken) + BLOCK_MAX
    # A plain report after the rush never gets a number a block reserved.
    assert await _next(real_database) == reserved + 1


async def test_one_report_at_a_time_takes_one_number_per_bump(
    real_database: Database, database_url: str
) -> None:
    if is_sqlite(database_url):
        pytest.skip("PostgreSQL only: SQLite counts one by one inside the report's transaction")
    blocks = NumberBlocks()
    async with real_database.session() as session:
        first = await blocks.take(session, DAY)
    await asyncio.sleep(BLOCK_LIFETIME_S + 0.1)  # a quiet second: nothing reserved ahead
    async with real_database.session() as session:
        second = await blocks.take(session, DAY)
    assert second == first + 1 == await _counter(real_database)
    async with real_database.session() as session:  # another day starts its own count
        other = await blocks.take(session, "19990102")
        await session.execute(delete(CaseCounter).where(CaseCounter.day == "19990102"))
    assert other == 1
