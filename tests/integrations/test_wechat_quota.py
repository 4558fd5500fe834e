"""The day's WeChat budget: the priority rule, the station's day, and the shared counter spent
exactly — never over — by two senders at once (database; Redis when JHT_TEST_REDIS_URL is set)."""

from __future__ import annotations

import asyncio
import os
import random
import secrets
from datetime import UTC, datetime

import pytest
from sqlalchemy import delete

from jinghutong.core.db import Database
from jinghutong.integrations.wechat.quota import (
    DatabaseBudget,
    Priority,
    QuotaRule,
    RedisBudget,
    next_day_start,
    quota_day,
    resume_at,
)
from jinghutong.models import WechatQuotaDay

REDIS_URL = os.environ.get("JHT_TEST_REDIS_URL")
needs_redis = pytest.mark.skipif(not REDIS_URL, reason="JHT_TEST_REDIS_URL is not set")


def test_lower_priorities_leave_the_unused_reserves_of_the_higher_ones():
    rule = QuotaRule(100, (30, 10))
    assert rule.left((0, 0, 0)) == {
        Priority.warning: 100,
        Priority.progress: 70,
        Priority.routine: 60,
    }
    # Warnings used 20 of their 30: 10 still held for them; progress used none of its 10.
    assert rule.left((20, 0, 40)) == {
        Priority.warning: 40,
        Priority.progress: 30,
        Priority.routine: 20,
    }
    # Warnings beyond their reserve come out of the common pool: nothing is held for them.
    assert rule.allowance(Priority.routine, (50, 10, 40)) == 0
    assert rule.allowance(Priority.warning, (50, 10, 40)) == 0
    assert rule.allowance(Priority.routine, (0, 0, 60)) == 0  # never negative
    assert rule.take(Priority.routine, 25, (0, 0, 50)) == 10


def test_the_day_is_the_stations():
    # 2026-12-03 16:30 UTC is 00:30 on the 4th in Asia/Shanghai.
    late = datetime(2026, 12, 3, 16, 30, tzinfo=UTC)
    assert quota_day(late) == "2026-12-04"
    assert quota_day(datetime(2026, 12, 3, 15, 59, tzinfo=UTC)) == "2026-12-03"
    assert next_day_start(late) == datetime(2026, 12, 4, 16, 0, tzinfo=UTC)
    # What waits: a warning from the next day's first minute, the rest from 08:00 station time.
    assert resume_at(late, Priority.warning, 8) == datetime(2026, 12, 4, 16, 0, tzinfo=UTC)
    assert resume_at(late, Priority.routine, 8) == datetime(2026, 12, 5, 0, 0, tzinfo=UTC)
    assert resume_at(late, Priority.progress, 7) == datetime(2026, 12, 4, 23, 0, tzinfo=UTC)


async def _race(budgets, database_pair, day: str, priority: Priority, rounds: int) -> list[int]:
    """Two senders taking batches of random size at once until neither is granted anything."""

    async def sender(budget, database: Database, seed: int) -> list[int]:
        rng = random.Random(seed)
        grants: list[int] = []
        for _ in range(rounds):
            async with database.session() as session:
                grants.append(await budget.take(session, priority, rng.randint(1, 37), day))
        return grants

    one, two = await asyncio.gather(
        sender(budgets[0], database_pair[0], 1), sender(budgets[1], database_pair[1], 2)
    )
    return one + two


@pytest.fixture
async def two_databases(database_url):
    """Two processes' worth of connections to the test database (real commits)."""
    pair = (Database(database_url), Database(database_url))
    days: list[str] = []
    yield pair, days
    async with pair[0].session() as session:
        await session.execute(delete(WechatQuotaDay).where(WechatQuotaDay.day.in_(days)))
    for db in pair:
        await db.dispose()


def _test_day() -> str:
    return f"2999-{secrets.randbelow(12) + 1:02d}-{secrets.randbelow(28) + 1:02d}"


async def test_two_concurrent_senders_spend_the_database_budget_exactly(two_databases):
    pair, days = two_databases
    day = _test_day()
    days.append(day)
    rule = QuotaRule(500, (100, 0))
    budgets = (DatabaseBudget(rule), DatabaseBudget(rule))
    grants = await _race(budgets, pair, day, Priority.routine, 20)
    assert sum(grants) == 400  # everything but the warnings' reserve, to the message
    async with pair[0].session() as session:
        assert await budgets[0].spent(session, day) == (0, 0, 400)
        assert await budgets[1].take(session, Priority.warning, 150, day) == 100
        await budgets[0].give_back(session, Priority.routine, 30, day)
        assert await budgets[0].spent(session, day) == (100, 0, 370)
        assert await budgets[0].take(session, Priority.routine, 99, day) == 30


@needs_redis
async def test_two_concurrent_senders_spend_the_redis_budget_exactly(two_databases):
    pair, days = two_databases
    day = _test_day()
    days.append(day)
    rule = QuotaRule(500, (100, 0))
    key = f"test:quota:{secrets.token_hex(4)}"
    budgets = (RedisBudget(rule, REDIS_URL, key), RedisBudget(rule, REDIS_URL, key))
    try:
        grants = await _race(budgets, pair, day, Priority.routine, 20)
        assert sum(grants) == 400
        async with pair[0].session() as session:
            assert await budgets[1].spent(session, day) == (0, 0, 400)
            # The database holds the durable copy: a Redis that lost the day starts from it.
            assert await DatabaseBudget(rule).spent(session, day) == (0, 0, 400)
            await budgets[0].redis.delete(f"{key}:{day}")
            assert await budgets[0].take(session, Priority.routine, 10, day) == 0
            assert await budgets[0].take(session, Priority.warning, 150, day) == 100
            assert await budgets[1].spent(session, day) == (100, 0, 400)
    finally:
        await budgets[0].redis.delete(f"{key}:{day}")
        for budget in budgets:
            await budget.aclose()
