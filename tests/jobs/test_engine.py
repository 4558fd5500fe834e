"""The work engine: due rows are claimed, run once, retried with backoff, never lost."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select

from jinghutong.core import clock
from jinghutong.jobs import (
    JobContext,
    PermanentFailure,
    RetryLater,
    enqueue,
    job_handler,
    run_due_jobs,
)
from jinghutong.jobs.engine import MAX_ATTEMPTS, ensure_periodic_jobs, periodic_job
from jinghutong.models import Job, JobState, Person

calls: list[dict[str, Any]] = []


@job_handler("test.record")
async def _record(session, payload, ctx) -> None:
    calls.append(payload)
    session.add(Person(name=payload["name"]))


@job_handler("test.busy")
async def _busy(session, payload, ctx) -> None:
    raise RetryLater("WeChat busy", seconds=30)


@job_handler("test.waiting")
async def _waiting(session, payload, ctx) -> None:
    raise RetryLater("today's budget is spent", seconds=60, counts=False)


@job_handler("test.broken")
async def _broken(session, payload, ctx) -> None:
    session.add(Person(name="must not survive"))
    raise RuntimeError("boom")


@job_handler("test.refused")
async def _refused(session, payload, ctx) -> None:
    raise PermanentFailure("user refused (43101)")


@periodic_job("test.tick", every=timedelta(hours=1))
async def _tick(session, payload, ctx) -> None:
    calls.append({"tick": True})


async def _job(database, job_id) -> Job:
    async with database.session() as s:
        return await s.get(Job, job_id)


async def test_a_job_runs_once_and_its_writes_commit_with_it(database):
    calls.clear()
    async with database.session() as s:
        job = await enqueue(s, "test.record", {"name": "方雪梅"})

    assert await run_due_jobs(JobContext(database)) == 1
    assert await run_due_jobs(JobContext(database)) == 0

    assert calls == [{"name": "方雪梅"}]
    assert (await _job(database, job.id)).state == JobState.done
    async with database.session() as s:
        assert await s.scalar(select(Person.id).where(Person.name == "方雪梅"))


async def test_a_job_waits_for_its_due_time(database):
    calls.clear()
    async with database.session() as s:
        await enqueue(s, "test.record", {"name": "later"}, due_at=clock.now() + timedelta(hours=8))

    assert await run_due_jobs(JobContext(database)) == 0
    clock.advance(timedelta(hours=8, seconds=1))
    assert await run_due_jobs(JobContext(database)) == 1


async def test_a_job_enqueued_in_a_failed_unit_of_work_never_exists(database):
    try:
        async with database.session() as s:
            await enqueue(s, "test.record", {"name": "ghost"})
            raise ValueError("request failed")
    except ValueError:
        pass
    assert await run_due_jobs(JobContext(database)) == 0


async def test_a_busy_outside_service_retries_after_the_time_it_asked(database):
    async with database.session() as s:
        job = await enqueue(s, "test.busy")
    await run_due_jobs(JobContext(database))

    row = await _job(database, job.id)
    assert row.state == JobState.pending and row.attempts == 1
    assert "WeChat busy" in row.last_error
    assert timedelta(seconds=29) < row.due_at - clock.now() <= timedelta(seconds=30)


async def test_a_wait_that_is_no_failure_never_uses_up_the_attempts(database):
    async with database.session() as s:
        job = await enqueue(s, "test.waiting")
    for _ in range(MAX_ATTEMPTS + 3):
        await run_due_jobs(JobContext(database))
        clock.advance(timedelta(seconds=61))

    row = await _job(database, job.id)
    assert row.state == JobState.pending and row.attempts == 0
    assert "budget" in row.last_error


async def test_a_crash_rolls_back_the_handlers_writes_and_backs_off(database):
    async with database.session() as s:
        job = await enqueue(s, "test.broken")
    await run_due_jobs(JobContext(database))

    row = await _job(database, job.id)
    assert row.state == JobState.pending and row.attempts == 1
    assert row.due_at > clock.now()
    async with database.session() as s:
        assert await s.scalar(select(Person.id).where(Person.name == "must not survive")) is None


async def test_a_permanent_failure_ends_the_row_with_its_reason(database):
    async with database.session() as s:
        job = await enqueue(s, "test.refused")
    await run_due_jobs(JobContext(database))

    row = await _job(database, job.id)
    assert row.state == JobState.failed
    assert "43101" in row.last_error


async def test_a_claimed_job_whose_worker_died_is_picked_up_after_the_lease(database):
    calls.clear()
    async with database.session() as s:
        job = await enqueue(s, "test.record", {"name": "survivor"})
        job.locked_until = clock.now() + timedelta(minutes=5)  # a worker claimed it, then died

    assert await run_due_jobs(JobContext(database)) == 0
    clock.advance(timedelta(minutes=6))
    assert await run_due_jobs(JobContext(database)) == 1
    assert calls == [{"name": "survivor"}]


async def test_dedupe_key_keeps_one_pending_job(database):
    async with database.session() as s:
        first = await enqueue(s, "test.record", {"name": "a"}, dedupe_key="remind:1")
        second = await enqueue(s, "test.record", {"name": "b"}, dedupe_key="remind:1")
    assert first is not None and second is None


async def test_a_periodic_job_reschedules_itself_in_place(database):
    calls.clear()
    await ensure_periodic_jobs(database)
    await ensure_periodic_jobs(database)  # a second worker starting: still one row
    async with database.session() as s:
        rows = (await s.scalars(select(Job).where(Job.kind == "test.tick"))).all()
    assert len(rows) == 1

    await run_due_jobs(JobContext(database))
    row = await _job(database, rows[0].id)
    assert row.state == JobState.pending
    assert row.due_at > clock.now() + timedelta(minutes=59)
    assert calls.count({"tick": True}) == 1
