"""The day's budget of WeChat subscribe messages, spent by priority across every worker.

WeChat lets a mini-program send about 10 M subscribe messages a day (WECHAT.md), fewer than a
province has households. `wechat.daily_quota` is that budget, for the station's day
(Asia/Shanghai midnight to midnight). Every sender takes from it before it sends:

- **Priorities.** `Priority.warning` (风险提示 bulletins), `Priority.progress` (case, petition
  and other personal progress notices: the push jobs) and `Priority.routine` (every other
  bulletin: 宣传). A priority may take only what is left after the *unused* reserves of the
  priorities above it: `wechat.quota_reserve_warning` (default 30 % of the day) is held for
  warnings until warnings have spent that much, `quota_reserve_progress` (2 %) for progress
  notices. So a province-wide routine push that started first stops short of the reserve and
  a warning issued later still finds its 3 M; a warning may spend everything left. What a
  priority spends beyond its reserve comes out of the common pool, so reserves are never
  counted twice and are not wasted once used. The delivery loop also claims due rows in
  priority order, so when a warning and a routine push compete for the same batch the warning
  goes first (bulletins/delivery/loop.py).
- **The rule** is `allowance()`: one function over three counts, evaluated in Python (the
  in-memory and Redis budgets, and bench/quota.py) and rendered as SQL (the database budget),
  so every backend applies the same arithmetic.
- **Never over.** A take is granted `min(asked, allowance)` atomically against every other
  taker: on the database one upsert `… ON CONFLICT (day) DO UPDATE SET routine = routine + G,
  granted = G RETURNING granted`, whose SET is evaluated on the row as it stands under the row
  lock (PostgreSQL) or the single writer (SQLite); on Redis a WATCH/MULTI transaction on the
  day's hash, retried when another taker changed it in between. Messages taken but not sent
  (WeChat busy, refused, our error) are given back; a worker that dies between a take and its
  record leaves its take spent (the lease lapses, the rows are taken again): the budget can be
  under-spent by what was in flight, never over-spent.

**Where the counter lives (decided).** The database is the counter of record: it is the queue
(ARCHITECTURE §5), it is shared by every worker of every deployment, it survives restarts, and
a take is one statement per claimed batch of ≤ 1,000 messages (10,000 a day at 10 M) — on
PostgreSQL committed on its own at once (`autonomous_scalar`: no row lock held while messages
are sent), on SQLite inside the claim's transaction. When Redis is configured the counter is a
Redis hash per day instead (`jht:wechat:quota:<day>`, kept two days): takes then cost no
database row lock at all, which matters for the one-message push jobs; the database row is
still written after each Redis take (the totals, not an increment), so a Redis that lost its
data (restarted without persistence) starts the day again from the database's copy instead of
from zero (HSETNX seeds a missing hash from it)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import IntEnum
from typing import Any, Protocol

from sqlalchemy import ColumnElement, bindparam, case, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core import clock
from jinghutong.core.config import Settings, WechatSettings
from jinghutong.core.db import Database, autonomous_scalar
from jinghutong.core.logging import get_logger
from jinghutong.core.metrics import WECHAT_QUOTA_LEFT
from jinghutong.core.upsert import for_session, per_dialect
from jinghutong.models import WechatQuotaDay

log = get_logger("jinghutong.wechat.quota")

STATION_ZONE = clock.SHANGHAI
REDIS_KEY = "jht:wechat:quota"
REDIS_KEEP_SECONDS = 2 * 86400


class Priority(IntEnum):
    warning = 0
    progress = 1
    routine = 2


COLUMNS = ("warning", "progress", "routine")  # by Priority; also the Redis hash's fields


# -- the station's day ----------------------------------------------------------------------------
def quota_day(at: datetime) -> str:
    """The station's day `at` falls in, as YYYY-MM-DD."""
    return at.astimezone(STATION_ZONE).date().isoformat()


def next_day_start(at: datetime) -> datetime:
    """The start (00:00, station time) of the day after `at`'s, in UTC."""
    local: date = at.astimezone(STATION_ZONE).date() + timedelta(days=1)
    return datetime.combine(local, time(0), STATION_ZONE).astimezone(at.tzinfo)


def resume_at(at: datetime, priority: Priority, resume_hour: int) -> datetime:
    """When a message the day's budget could not carry is tried again: a warning at the next
    day's start, anything else at `resume_hour` (wechat.quota_resume_hour) of that day."""
    start = next_day_start(at)
    return start if priority == Priority.warning else start + timedelta(hours=resume_hour)


# -- the rule -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class QuotaRule:
    budget: int
    reserves: tuple[int, int]  # for warning, for progress (routine reserves nothing)

    @classmethod
    def from_settings(cls, wechat: WechatSettings) -> QuotaRule:
        budget = int(wechat.daily_quota)
        return cls(
            budget,
            (
                int(budget * wechat.quota_reserve_warning),
                int(budget * wechat.quota_reserve_progress),
            ),
        )

    def allowance(self, priority: Priority, spent: Sequence[int]) -> int:
        return int(allowance(self, priority, spent, lambda x: max(x, 0)))

    def take(self, priority: Priority, asked: int, spent: Sequence[int]) -> int:
        """What a take of `asked` is granted against `spent` (Python)."""
        return min(max(asked, 0), self.allowance(priority, spent))

    def left(self, spent: Sequence[int]) -> dict[Priority, int]:
        return {p: self.allowance(p, spent) for p in Priority}


def allowance(
    rule: QuotaRule,
    priority: Priority,
    spent: Sequence[Any],
    positive: Callable[[Any], Any],
) -> Any:
    """What `priority` may still take today: the budget less everything spent, less the part
    of each higher priority's reserve it has not used yet. `spent` by Priority; `positive`
    (max with 0) is Python's or SQL's, so the one rule serves every backend."""
    held: Any = 0
    for higher in range(int(priority)):
        held = held + positive(rule.reserves[higher] - spent[higher])
    return positive(rule.budget - (spent[0] + spent[1] + spent[2]) - held)


# -- SQL rendering of the rule (the database budget) ----------------------------------------------
def _sql_least(a: Any, b: Any) -> Any:
    return case((a < b, a), else_=b)


def _sql_positive(x: Any) -> Any:
    return case((x > 0, x), else_=literal(0))


_T = WechatQuotaDay.__table__.c
_ASKED = bindparam("asked", type_=WechatQuotaDay.granted.type)


def _take_statement(rule: QuotaRule, priority: Priority, insert: Callable[..., Any]) -> Any:
    spent = [_T.warning, _T.progress, _T.routine]
    grant: ColumnElement[int] = _sql_least(_ASKED, allowance(rule, priority, spent, _sql_positive))
    first = rule.take(priority, 1 << 62, (0, 0, 0))  # what a fresh day allows
    column = COLUMNS[priority]
    fresh = {c: 0 for c in COLUMNS}
    fresh[column] = _sql_least(_ASKED, literal(first))
    return (
        insert(WechatQuotaDay.__table__)
        .values(day=bindparam("day"), granted=_sql_least(_ASKED, literal(first)), **fresh)
        .on_conflict_do_update(
            index_elements=[_T.day], set_={column: _T[column] + grant, "granted": grant}
        )
        .returning(_T.granted)
    )


def _give_back_statement(priority: Priority, insert: Callable[..., Any]) -> Any:
    column = COLUMNS[priority]
    fresh = {c: 0 for c in COLUMNS}
    return (
        insert(WechatQuotaDay.__table__)
        .values(day=bindparam("day"), granted=0, **fresh)
        .on_conflict_do_update(
            index_elements=[_T.day],
            set_={column: _sql_positive(_T[column] - _ASKED), "granted": literal(0)},
        )
        .returning(_T[column])
    )


def _copy_statement(insert: Callable[..., Any]) -> Any:
    values = {c: bindparam(c, type_=WechatQuotaDay.granted.type) for c in COLUMNS}
    return (
        insert(WechatQuotaDay.__table__)
        .values(day=bindparam("day"), granted=0, **values)
        .on_conflict_do_update(index_elements=[_T.day], set_=values)
        .returning(_T.day)
    )


_statements: dict[tuple[QuotaRule, str, int], dict[str, Any]] = {}


def _statement(rule: QuotaRule, kind: str, priority: Priority, session: AsyncSession) -> Any:
    key = (rule, kind, int(priority))
    if key not in _statements:
        if kind == "take":
            _statements[key] = per_dialect(lambda ins: _take_statement(rule, priority, ins))
        elif kind == "give":
            _statements[key] = per_dialect(lambda ins: _give_back_statement(priority, ins))
        else:
            _statements[key] = per_dialect(_copy_statement)
    return for_session(_statements[key], session)


async def _spent_in_db(session: AsyncSession, day: str) -> tuple[int, int, int]:
    row = (
        await session.execute(select(_T.warning, _T.progress, _T.routine).where(_T.day == day))
    ).first()
    return (int(row[0]), int(row[1]), int(row[2])) if row else (0, 0, 0)


# -- the budgets ----------------------------------------------------------------------------------
class Budget(Protocol):
    rule: QuotaRule

    async def take(
        self, session: AsyncSession, priority: Priority, asked: int, day: str
    ) -> int: ...

    async def give_back(
        self, session: AsyncSession, priority: Priority, count: int, day: str
    ) -> None: ...

    async def spent(self, session: AsyncSession, day: str) -> tuple[int, int, int]: ...


def _publish(rule: QuotaRule, spent: Sequence[int]) -> None:
    for priority, left in rule.left(spent).items():
        WECHAT_QUOTA_LEFT.labels(priority.name).set(left)


class DatabaseBudget:
    """The counter of record: the day's row in `wechat_quota_days` (module doc)."""

    def __init__(self, rule: QuotaRule) -> None:
        self.rule = rule

    async def take(self, session: AsyncSession, priority: Priority, asked: int, day: str) -> int:
        if asked <= 0:
            return 0
        statement = _statement(self.rule, "take", priority, session)
        granted = int(await autonomous_scalar(session, statement, {"day": day, "asked": asked}))
        return granted

    async def give_back(
        self, session: AsyncSession, priority: Priority, count: int, day: str
    ) -> None:
        if count > 0:
            statement = _statement(self.rule, "give", priority, session)
            await autonomous_scalar(session, statement, {"day": day, "asked": count})

    async def spent(self, session: AsyncSession, day: str) -> tuple[int, int, int]:
        return await _spent_in_db(session, day)


class RedisBudget:
    """The day's counts in a Redis hash (module doc), the database row as its durable copy."""

    def __init__(self, rule: QuotaRule, redis_url: str, key: str = REDIS_KEY) -> None:
        from redis.asyncio import Redis

        self.rule = rule
        # Taken inside the claim's transaction: a Redis that hangs must fail the claim (its
        # rows stay due for the next one), not hold the claimed rows' locks.
        self.redis: Any = Redis.from_url(redis_url, socket_timeout=5, socket_connect_timeout=2)
        self.key = key

    def _key(self, day: str) -> str:
        return f"{self.key}:{day}"

    async def _seed(self, session: AsyncSession, day: str) -> None:
        """A missing hash (a new day, or a Redis that lost its data) starts from the database's
        copy; HSETNX leaves a hash another process made meanwhile as it is."""
        key = self._key(day)
        if await self.redis.exists(key):
            return
        copy = await _spent_in_db(session, day)
        async with self.redis.pipeline(transaction=True) as pipe:
            for column, value in zip(COLUMNS, copy, strict=True):
                pipe.hsetnx(key, column, value)
            pipe.expire(key, REDIS_KEEP_SECONDS)
            await pipe.execute()

    async def _change(
        self, session: AsyncSession, day: str, change: Callable[[list[int]], int]
    ) -> tuple[int, list[int]]:
        """Apply `change` (spent → the new spent of one priority, in place; returns what it
        granted) atomically: WATCH the hash, compute, MULTI/EXEC; again if someone wrote."""
        from redis.exceptions import WatchError

        await self._seed(session, day)
        key = self._key(day)
        while True:
            async with self.redis.pipeline(transaction=True) as pipe:
                try:
                    await pipe.watch(key)
                    raw = await pipe.hmget(key, *COLUMNS)
                    spent = [int(v or 0) for v in raw]
                    before = list(spent)
                    granted = change(spent)
                    pipe.multi()
                    for column, old, new in zip(COLUMNS, before, spent, strict=True):
                        if new != old:
                            pipe.hincrby(key, column, new - old)
                    pipe.expire(key, REDIS_KEEP_SECONDS)
                    await pipe.execute()
                    return granted, spent
                except WatchError:
                    await asyncio.sleep(0)

    async def _copy(self, session: AsyncSession, day: str, spent: Sequence[int]) -> None:
        params = {"day": day, **dict(zip(COLUMNS, spent, strict=True))}
        await autonomous_scalar(
            session, _statement(self.rule, "copy", Priority.warning, session), params
        )

    async def take(self, session: AsyncSession, priority: Priority, asked: int, day: str) -> int:
        if asked <= 0:
            return 0

        def change(spent: list[int]) -> int:
            granted = self.rule.take(priority, asked, spent)
            spent[priority] += granted
            return granted

        granted, spent = await self._change(session, day, change)
        if granted:
            await self._copy(session, day, spent)
        return granted

    async def give_back(
        self, session: AsyncSession, priority: Priority, count: int, day: str
    ) -> None:
        if count <= 0:
            return

        def change(spent: list[int]) -> int:
            spent[priority] = max(0, spent[priority] - count)
            return 0

        _, spent = await self._change(session, day, change)
        await self._copy(session, day, spent)

    async def spent(self, session: AsyncSession, day: str) -> tuple[int, int, int]:
        raw = await self.redis.hmget(self._key(day), *COLUMNS)
        if any(v is not None for v in raw):
            return (int(raw[0] or 0), int(raw[1] or 0), int(raw[2] or 0))
        return await _spent_in_db(session, day)

    async def aclose(self) -> None:
        await self.redis.aclose()


_shared: dict[tuple[QuotaRule, str | None], Budget] = {}


def budget_for(settings: Settings) -> Budget:
    """The process's budget for this configuration (Redis when configured)."""
    rule = QuotaRule.from_settings(settings.wechat)
    key = (rule, settings.redis_url)
    if key not in _shared:
        _shared[key] = (
            RedisBudget(rule, settings.redis_url) if settings.redis_url else DatabaseBudget(rule)
        )
    return _shared[key]


async def refresh_gauge(budget: Budget, session: AsyncSession, at: datetime) -> None:
    """Set jht_wechat_quota_left from the shared counter (the worker after each take; the
    api's /metrics before it renders)."""
    _publish(budget.rule, await budget.spent(session, quota_day(at)))


async def publish_left(settings: Settings, database: Database) -> None:
    """/metrics, at scrape time (as ops.queues): the gauge from the shared counter, so any api
    replica shows the one figure. A counter that cannot be read leaves the last value."""
    try:
        async with database.session(read_only=True) as session:
            await refresh_gauge(budget_for(settings), session, clock.now())
    except Exception as error:  # the scrape must not fail with Redis or the database down
        log.warning("wechat quota gauge not refreshed", error=str(error)[:200])
