"""Workers started together both try to create each periodic job's row: the one that loses the
race must start anyway (seen in the topology harness: the second `jinghutong worker` died at
start-up with a unique-key violation on `periodic:…`)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import delete, func, select

from jinghutong.core.db import Database
from jinghutong.jobs import engine
from jinghutong.jobs.engine import ensure_periodic_jobs, periodic_job
from jinghutong.models import Job, JobState

KIND = "test.race.tick"


@periodic_job(KIND, every=timedelta(hours=1))
async def _tick(session, payload, ctx) -> None:
    return None


async def test_a_worker_that_loses_the_periodic_row_race_still_starts(database_url, monkeypatch):
    if database_url.startswith("sqlite"):
        pytest.skip("SQLite writers take the lock first (BEGIN IMMEDIATE): no such race")
    ours, theirs = Database(database_url), Database(database_url)
    real_enqueue = engine.enqueue
    raced = []

    async def enqueue_while_another_worker_does(session, kind, payload=None, **kw):
        job = await real_enqueue(session, kind, payload, **kw)
        if kind == KIND and not raced:  # the other worker commits the same row first
            raced.append(kind)
            async with theirs.session() as other:
                await real_enqueue(other, kind, payload, **kw)
        return job

    try:
        async with ours.session() as s:
            await s.execute(delete(Job).where(Job.kind == KIND))
        monkeypatch.setattr(engine, "enqueue", enqueue_while_another_worker_does)

        await ensure_periodic_jobs(ours)  # must not raise

        assert raced == [KIND]
        async with ours.session() as s:
            rows = await s.scalar(
                select(func.count()).where(Job.kind == KIND, Job.state == JobState.pending)
            )
        assert rows == 1
    finally:
        async with ours.session() as s:
            await s.execute(delete(Job).where(Job.kind == KIND))
        await ours.dispose()
        await theirs.dispose()
