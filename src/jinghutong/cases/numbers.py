"""Human case numbers: JA-YYYYMMDD-NNNN, a counter per day (Asia/Shanghai).

On PostgreSQL the counter is bumped on a connection of its own (see
`CaseRepository.reserve_numbers`), one round trip per report — under a rush, a sizeable part
of a report's cost. So a process takes numbers in blocks when reports come fast (a hi-lo
allocator): one bump reserves as many numbers as about half a second's reports, at most 32,
and hands them out in order. When reports come one by one, as at a rural station nearly
always, a block is a single number and nothing changes.

What a block costs, and why it is acceptable:
- Numbers may skip: a block's numbers still unused a second after it was taken are dropped,
  as are a stopped process's. Numbers on PostgreSQL could skip already (a failed report's),
  and are never given twice.
- With several API processes, numbers taken in the same second may not follow the order the
  reports came in. The day's counter is shared by the whole deployment: at the scale where
  this happens, a station sees only its own, already scattered, numbers.
SQLite (one writer) counts inside the report's transaction, one by one, without gaps."""

from __future__ import annotations

import asyncio
import time
from collections import deque
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.cases.repository import CaseRepository
from jinghutong.core import clock
from jinghutong.core.db import Database, kept_for

PREFIX = "JA"
BLOCK_MAX = 32
BLOCK_LIFETIME_S = 1.0


async def allocate_number(session: AsyncSession) -> str:
    day = clock.now().astimezone(clock.SHANGHAI).strftime("%Y%m%d")
    database: Database | None = session.info.get("database")
    if database is None or database.autonomous_engine is None:
        n = await CaseRepository(session).next_number(day)
    else:
        n = await kept_for(database, NumberBlocks).take(session, day)
    return f"{PREFIX}-{day}-{n:04d}"


@dataclass
class _Block:
    day: str
    next: int
    last: int
    expires: float  # time.monotonic()


class NumberBlocks:
    """One process's blocks of one database's day numbers; see the module."""

    def __init__(self) -> None:
        self._block: _Block | None = None
        self._lock = asyncio.Lock()  # one reservation at a time serves everyone waiting
        self._recent: deque[float] = deque()  # when numbers were asked for, the last second

    def _block_size(self, now: float) -> int:
        while self._recent and self._recent[0] < now - 1.0:
            self._recent.popleft()
        return max(1, min(BLOCK_MAX, len(self._recent) // 2))

    async def take(self, session: AsyncSession, day: str) -> int:
        self._recent.append(time.monotonic())
        async with self._lock:
            now = time.monotonic()
            block = self._block
            if block is None or block.day != day or block.next > block.last or block.expires < now:
                size = self._block_size(now)
                last = await CaseRepository(session).reserve_numbers(day, size)
                block = self._block = _Block(day, last - size + 1, last, now + BLOCK_LIFETIME_S)
            number, block.next = block.next, block.next + 1
            return number
