"""The queue gauges of /metrics, read from the database when Prometheus scrapes.

Why at scrape time and not a gauge the worker's sweep keeps: scaled out, `jinghutong worker`
serves no HTTP and each api replica has its own registry, so a worker's gauge would never be
scraped, and several workers would each report their own view. The database is the queue
(ARCHITECTURE §5), so any replica can read the one true figure. Each scrape costs four
statements, every one bounded by an index: `ix_jobs_state_due` (state, due_at) and
`ix_deliveries_status_due_at` (status, due_at) give the oldest due row as the first index
entry, and the counts read at most COUNT_CAP entries — a province's fan-out of millions of
pending deliveries shows as the cap (and its age keeps growing), not as a slow scrape."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core import clock
from jinghutong.core.db import Database
from jinghutong.core.logging import get_logger
from jinghutong.core.metrics import (
    DELIVERIES_OLDEST_PENDING,
    DELIVERIES_PENDING,
    JOBS_OLDEST_PENDING,
    JOBS_PENDING,
)
from jinghutong.models import Delivery, DeliveryStatus, Job, JobState

log = get_logger("jinghutong.ops.queues")

COUNT_CAP = 100_000


def _age(oldest: datetime | None, now: datetime) -> float:
    return max(0.0, (now - oldest).total_seconds()) if oldest is not None else 0.0


async def _jobs(session: AsyncSession, now: datetime) -> tuple[dict[str, int], datetime | None]:
    due = (
        select(Job.kind)
        .where(Job.state == JobState.pending, Job.due_at <= now)
        .order_by(Job.due_at)
        .limit(COUNT_CAP)
        .subquery()
    )
    counts = await session.execute(select(due.c.kind, func.count()).group_by(due.c.kind))
    oldest = await session.scalar(
        select(func.min(Job.due_at)).where(Job.state == JobState.pending, Job.due_at <= now)
    )
    return {kind: int(n) for kind, n in counts.all()}, oldest


async def _deliveries(session: AsyncSession, now: datetime) -> tuple[int, datetime | None]:
    pending = (Delivery.status == DeliveryStatus.pending, Delivery.due_at <= now)
    capped = select(Delivery.bulletin_id).where(*pending).limit(COUNT_CAP).subquery()
    count = await session.scalar(select(func.count()).select_from(capped))
    oldest = await session.scalar(select(func.min(Delivery.due_at)).where(*pending))
    return int(count or 0), oldest


async def refresh(database: Database) -> bool:
    """Set the queue gauges from the database. On failure the by-kind family is cleared and
    the others are NaN (a gap on a graph, never a stale figure), and False is returned;
    /metrics still answers with the process's own counters."""
    now = clock.now()
    try:
        async with database.session(read_only=True) as session:
            by_kind, oldest_job = await _jobs(session, now)
            deliveries, oldest_delivery = await _deliveries(session, now)
    except Exception as exc:  # the database is down: the rest of /metrics still matters
        log.warning("queue_metrics_unavailable", error=str(exc))
        JOBS_PENDING.clear()
        for gauge in (JOBS_OLDEST_PENDING, DELIVERIES_PENDING, DELIVERIES_OLDEST_PENDING):
            gauge.set(float("nan"))
        return False
    # No await between clear and set: a concurrent scrape never sees a half-set family.
    JOBS_PENDING.clear()
    for kind, n in by_kind.items():
        JOBS_PENDING.labels(kind).set(n)
    JOBS_OLDEST_PENDING.set(_age(oldest_job, now))
    DELIVERIES_PENDING.set(deliveries)
    DELIVERIES_OLDEST_PENDING.set(_age(oldest_delivery, now))
    return True
