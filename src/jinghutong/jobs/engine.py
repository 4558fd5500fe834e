"""The work engine (ARCHITECTURE §5): pending work is a row in `jobs` with a due time.

A worker claims due rows (`FOR UPDATE SKIP LOCKED` on PostgreSQL, so any number of workers
share the load without double work), sets a lease, and runs each job in its own unit of work:
the handler's writes and the job's new state commit together. A crash leaves the lease to
lapse and the next sweep retries. Handlers take ids, reload and re-check state (STYLE §6), so a
retry after a crash is harmless.

Domains register handlers with `@job_handler("kind")` in their `tasks.py`; enqueue with
`enqueue(session, "kind", payload)` inside the request's unit of work, so the job becomes
visible only when the request commits."""

from __future__ import annotations

import asyncio
import contextlib
import random
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core import clock
from jinghutong.core.db import Database
from jinghutong.core.ids import new_id
from jinghutong.core.logging import get_logger
from jinghutong.core.metrics import JOBS_DONE, JOBS_DUE
from jinghutong.models.job import Job, JobState

log = get_logger("jinghutong.jobs")

Handler = Callable[[AsyncSession, dict[str, Any], "JobContext"], Awaitable[None]]
_handlers: dict[str, Handler] = {}
# Periodic jobs are one row each, put back to pending with a new due time after each run.
_periodic: dict[str, timedelta] = {}

LEASE = timedelta(minutes=5)
MAX_ATTEMPTS = 12


class RetryLater(Exception):
    """Try again after `seconds` (an outside service is busy). `counts=False` for a wait that
    is no failure at all (the day's WeChat budget is spent): it does not use up an attempt, so
    a message that waits many days is still sent, never failed for waiting."""

    def __init__(self, reason: str, seconds: float | None = None, *, counts: bool = True) -> None:
        super().__init__(reason)
        self.seconds = seconds
        self.counts = counts


class PermanentFailure(Exception):
    """Never retry; the row ends as failed with this reason."""


class JobContext:
    """What a handler may need beyond its session: the app's services, keyed by name."""

    def __init__(self, db: Database, services: dict[str, Any] | None = None) -> None:
        self.db = db
        self.services = services or {}

    def __getitem__(self, name: str) -> Any:
        return self.services[name]


def job_handler(kind: str) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        _handlers[kind] = fn
        return fn

    return register


def periodic_job(kind: str, every: timedelta) -> Callable[[Handler], Handler]:
    """Register a handler that runs every `every`, starting when a worker first starts."""

    def register(fn: Handler) -> Handler:
        _periodic[kind] = every
        return job_handler(kind)(fn)

    return register


async def ensure_periodic_jobs(db: Database) -> None:
    """Make sure each periodic job has its row (a no-op when another worker made it).

    Workers started together race here: both find no row and both insert one. Each kind is its
    own unit of work, so the loser's unique-key violation costs only that kind's insert (the
    winner's row is the one wanted) instead of failing the worker's start."""
    for kind in sorted(_periodic):
        try:
            async with db.session() as session:
                await enqueue(session, kind, dedupe_key=f"periodic:{kind}")
        except IntegrityError:
            log.info("periodic job made by another worker", kind=kind)


def registered_kinds() -> list[str]:
    return sorted(_handlers)


async def enqueue(
    session: AsyncSession,
    kind: str,
    payload: dict[str, Any] | None = None,
    *,
    due_at: datetime | None = None,
    dedupe_key: str | None = None,
) -> Job | None:
    """Add a job to the caller's unit of work, written with its next flush (or commit): the
    job becomes visible to workers only if that unit of work commits. With a dedupe_key, a
    pending twin wins."""
    if dedupe_key is not None:
        existing = await session.scalar(
            select(Job).where(Job.dedupe_key == dedupe_key, Job.state == JobState.pending)
        )
        if existing is not None:
            return None
        # A finished twin keeps the key unique: release it.
        await session.execute(
            update(Job)
            .where(Job.dedupe_key == dedupe_key, Job.state != JobState.pending)
            .values(dedupe_key=None)
        )
    job = Job(
        id=new_id(),
        kind=kind,
        payload=payload or {},
        due_at=due_at or clock.now(),
        dedupe_key=dedupe_key,
    )
    session.add(job)
    return job


def backoff(attempts: int) -> timedelta:
    """Exponential with jitter: 5 s, 10 s, 20 s … capped at one hour."""
    base = min(3600.0, 5.0 * 2 ** max(0, attempts - 1))
    return timedelta(seconds=base * random.uniform(0.8, 1.2))  # noqa: S311 - jitter, not secrecy


async def _claim(db: Database, limit: int, lease: timedelta = LEASE) -> list[str]:
    now = clock.now()
    async with db.session() as session:
        due = (
            select(Job.id)
            .where(
                Job.state == JobState.pending,
                Job.due_at <= now,
                or_(Job.locked_until.is_(None), Job.locked_until < now),
            )
            .order_by(Job.due_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        ids = list((await session.scalars(due)).all())
        if ids:
            await session.execute(
                update(Job).where(Job.id.in_(ids)).values(locked_until=now + lease)
            )
    return ids


async def _run_one(ctx: JobContext, job_id: str) -> tuple[str, str]:
    kind = "unknown"
    try:
        async with ctx.db.session() as session:
            job = await session.get(Job, job_id)
            if job is None or job.state != JobState.pending:
                return kind, "skipped"
            kind = job.kind
            handler = _handlers.get(job.kind)
            if handler is None:
                raise PermanentFailure(f"no handler for job kind {job.kind!r}")
            await handler(session, dict(job.payload), ctx)
            job.locked_until = None
            if kind in _periodic:
                job.due_at = clock.now() + _periodic[kind]
                job.attempts = 0
                job.last_error = None
            else:
                job.state = JobState.done
                job.finished_at = clock.now()
                job.attempts += 1
        return kind, "done"
    except Exception as exc:  # every failure is recorded on the row, never lost
        return kind, await _record_failure(ctx.db, job_id, exc)


async def _record_failure(db: Database, job_id: str, exc: Exception) -> str:
    async with db.session() as session:
        job = await session.get(Job, job_id)
        if job is None:
            return "skipped"
        if not isinstance(exc, RetryLater) or exc.counts:
            job.attempts += 1
        job.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        job.locked_until = None
        if isinstance(exc, PermanentFailure) or job.attempts >= MAX_ATTEMPTS:
            job.state = JobState.failed
            job.finished_at = clock.now()
            outcome = "failed"
        else:
            delay = (
                timedelta(seconds=exc.seconds)
                if isinstance(exc, RetryLater) and exc.seconds is not None
                else backoff(job.attempts)
            )
            job.due_at = clock.now() + delay
            outcome = "retry"
    if outcome == "failed":
        log.error("job failed", job_id=job_id, error=str(exc))
    else:
        log.warning("job will retry", job_id=job_id, error=str(exc))
    return outcome


async def run_due_jobs(ctx: JobContext, limit: int = 100) -> int:
    """One sweep: claim up to `limit` due jobs and run them. Returns how many ran."""
    settings = ctx.services.get("settings")
    lease = timedelta(seconds=settings.job_lease_seconds) if settings is not None else LEASE
    ids = await _claim(ctx.db, limit, lease)
    JOBS_DUE.set(len(ids))
    for job_id in ids:
        kind, outcome = await _run_one(ctx, job_id)
        JOBS_DONE.labels(kind, outcome).inc()
    return len(ids)


async def worker_loop(ctx: JobContext, poll_seconds: float, stop: asyncio.Event) -> None:
    """Sweep until `stop` is set; sleep only when there was nothing to do."""
    await ensure_periodic_jobs(ctx.db)
    log.info("worker started", kinds=registered_kinds())
    while not stop.is_set():
        try:
            ran = await run_due_jobs(ctx)
        except Exception:
            log.exception("worker sweep failed; retrying")
            ran = 0
        if ran == 0:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=poll_seconds)
    log.info("worker stopped")
