"""Two workers sweeping the same queue at once never run a job twice (committed data, real
engines: SKIP LOCKED on PostgreSQL, BEGIN IMMEDIATE on SQLite)."""

from __future__ import annotations

import asyncio
from collections import Counter

from sqlalchemy import delete, select

from jinghutong.core.db import Database
from jinghutong.jobs import JobContext, enqueue, job_handler, run_due_jobs
from jinghutong.models import Job, JobState

runs: Counter[str] = Counter()


@job_handler("test.count")
async def _count(session, payload, ctx) -> None:
    runs[payload["n"]] += 1
    await asyncio.sleep(0)  # let the other worker interleave


async def test_two_workers_share_the_queue_without_double_work(database_url):
    runs.clear()
    first, second = Database(database_url), Database(database_url)
    try:
        async with first.session() as s:
            for n in range(200):
                await enqueue(s, "test.count", {"n": str(n)})

        async def drain(db: Database) -> int:
            total = 0
            while ran := await run_due_jobs(JobContext(db), limit=10):
                total += ran
            return total

        done_by = await asyncio.gather(drain(first), drain(second))

        assert sum(done_by) == 200
        assert set(runs.values()) == {1}
        assert len(runs) == 200
        async with first.session() as s:
            states = (await s.scalars(select(Job.state).where(Job.kind == "test.count"))).all()
        assert set(states) == {JobState.done}
    finally:
        async with first.session() as s:
            await s.execute(delete(Job).where(Job.kind == "test.count"))
        await first.dispose()
        await second.dispose()
