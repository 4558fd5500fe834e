"""The lease a worker takes on a claimed job comes from its settings (JHT_JOB_LEASE_SECONDS), and
a process whose clock runs off (JHT_CLOCK_SKEW_SECONDS) reads every time through that skew."""

from __future__ import annotations

from datetime import timedelta

from jinghutong.core import clock
from jinghutong.core.config import Settings
from jinghutong.jobs import JobContext, engine, enqueue, run_due_jobs
from jinghutong.jobs.engine import _claim
from jinghutong.models import Job


async def test_a_claimed_job_is_leased_for_the_configured_seconds(database):
    async with database.session() as s:
        job = await enqueue(s, "test.lease.unknown", {})
    started = clock.now()

    [claimed] = await _claim(database, 10, timedelta(seconds=7))

    assert claimed == job.id
    async with database.session() as s:
        row = await s.get(Job, job.id)
        assert row is not None and row.locked_until is not None
        held = row.locked_until.replace(tzinfo=started.tzinfo) - started
    assert timedelta(seconds=6) < held < timedelta(seconds=9)


async def test_the_worker_takes_its_lease_from_settings(database, monkeypatch):
    async def hangs(ctx, job_id):  # the worker claimed the job, then hung before running it
        return "test", "hung"

    monkeypatch.setattr(engine, "_run_one", hangs)
    async with database.session() as s:
        job = await enqueue(s, "test.lease.unknown", {})
    ctx = JobContext(database, {"settings": Settings(job_lease_seconds=3)})

    assert await run_due_jobs(ctx) == 1
    assert await run_due_jobs(ctx) == 0  # leased: nobody else takes it
    clock.advance(timedelta(seconds=4))  # the configured lease has lapsed, not the default
    assert await run_due_jobs(ctx) == 1
    async with database.session() as s:
        row = await s.get(Job, job.id)
        assert row is not None and row.state == "pending"


def test_a_skewed_clock_reads_the_host_time_plus_its_skew():
    before = clock.now()
    clock.set_skew(5)
    try:
        skewed = clock.now()
    finally:
        clock.set_skew(0)
    after = clock.now()
    assert timedelta(seconds=5) <= skewed - before < timedelta(seconds=6)
    assert after - before < timedelta(seconds=1)
