"""The delivery loop: every worker process runs one next to the job loop.

Why not one job per message: the generic `jobs` table would hold 100k rows per bulletin and a
worker would claim, run and commit each on its own — far too slow, and the engine claims up to
100 jobs at once per worker, so two workers would not share one bulletin evenly. Instead the
delivery rows ARE the queue: each loop claims a batch of due rows (`FOR UPDATE SKIP LOCKED` on
PostgreSQL, so any number of workers share a bulletin; BEGIN IMMEDIATE serialises the single
SQLite writer), leases them by moving `due_at` forward, sends them through one pooled async
httpx client at bounded concurrency behind the shared rate limiter, and records outcomes in
small set-based flushes while the rest of the batch is still in flight.

Exactly once: a row is claimed only while pending and due, and recorded only from pending, so
a recorded row is never sent again. A worker that dies leaves its lease to lapse and the rows
are claimed again; the only window for a second message is a send WeChat accepted whose
outcome was not yet flushed (at most one flush plus the messages in flight) — and a person on a
one-time quota then gets 43101 rather than a second message."""

from __future__ import annotations

import asyncio
import contextlib
import random
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from jinghutong.bulletins.delivery import repository as rows_repo
from jinghutong.bulletins.delivery.repository import Claimed
from jinghutong.bulletins.delivery.sender import Outcome, SubscribeSender
from jinghutong.bulletins.repository import BulletinRepository
from jinghutong.core import clock
from jinghutong.core.config import Settings
from jinghutong.core.db import Database
from jinghutong.core.logging import get_logger
from jinghutong.core.metrics import DELIVERIES
from jinghutong.integrations.wechat.ratelimit import shared_limiter
from jinghutong.integrations.wechat.service import WechatService
from jinghutong.jobs import JobContext
from jinghutong.models import Bulletin, DeliveryStatus
from jinghutong.notifications.templates import (
    BULLETIN_TEMPLATE,
    bulletin_data,
    wechat_template_id,
)

log = get_logger("jinghutong.bulletins.delivery")

LEASE = timedelta(minutes=2)
MAX_ATTEMPTS = 10
FLUSH_EVERY = 250
BATCH = {"postgresql": 1000, "sqlite": 200}
REFUSED = "43101 用户未订阅或订阅次数已用完"


def retry_delay(attempts: int, hint: float | None) -> timedelta:
    """WeChat's hint (45009: a minute) or exponential from 5 s, jittered, capped at 30 min."""
    base = hint if hint else min(1800.0, 5.0 * 2 ** max(0, attempts - 1))
    return timedelta(seconds=base * random.uniform(0.9, 1.3))  # noqa: S311 - jitter


class DeliveryLoop:
    def __init__(
        self,
        db: Database,
        wechat: WechatService,
        settings: Settings,
        *,
        concurrency: int | None = None,
        batch: int | None = None,
        timeout: float | None = None,
    ) -> None:
        self.db = db
        self.settings = settings
        self.batch = batch or BATCH.get(db.dialect, 200)
        self.sender = SubscribeSender(
            wechat.base_url,
            wechat.tokens,
            shared_limiter(settings.redis_url, settings.wechat.rate_per_second),
            concurrency=concurrency or settings.bulletin_concurrency,
            timeout=timeout or settings.wechat.timeout_seconds,
        )
        self._heads: dict[str, dict[str, Any]] = {}

    # -- one batch ------------------------------------------------------------------------------
    async def _claim(self) -> list[Claimed]:
        now = clock.now()
        async with self.db.session() as session:
            claimed = await rows_repo.claim(
                session, now, now + LEASE, self.batch, BULLETIN_TEMPLATE
            )
            missing = list({c.bulletin_id for c in claimed} - set(self._heads))
            for bulletin in await rows_repo.bulletin_heads(session, missing):
                self._heads[bulletin.id] = self._message(bulletin)
        return claimed

    def _message(self, bulletin: Bulletin) -> dict[str, Any]:
        published = bulletin.published_at or bulletin.created_at
        return {
            "template_id": wechat_template_id(BULLETIN_TEMPLATE),
            "page": f"pages/bulletins/detail?id={bulletin.id}",
            "data": bulletin_data(
                bulletin.title, bulletin.category, published, self.settings.station_name
            ),
            "miniprogram_state": "formal",
            "lang": "zh_CN",
        }

    def _body(self, row: Claimed) -> dict[str, Any]:
        return {"touser": row.openid, **self._heads[row.bulletin_id]}

    @staticmethod
    def _row_outcome(row: Claimed, outcome: Outcome, now: Any) -> dict[str, Any]:
        """A retry (due later) or a failure with its reason, as one executemany item."""
        status, due, error = DeliveryStatus.failed, None, outcome.error or ""
        if outcome.kind == "retry":
            if row.attempts + 1 < MAX_ATTEMPTS:
                status = DeliveryStatus.pending
                due = now + retry_delay(row.attempts + 1, outcome.retry_after)
            else:
                error = f"多次重试仍失败：{error}"
        return {
            "b_": row.bulletin_id,
            "p_": row.person_id,
            "s_": str(status),
            "e_": error[:200],
            "d_": due,
        }

    async def _record(self, outcomes: list[tuple[Claimed, Outcome]]) -> None:
        now = clock.now()
        sent = [row for row, o in outcomes if o.kind == "sent"]
        refused = [row for row, o in outcomes if o.kind == "refused"]
        each = [
            self._row_outcome(row, o, now) for row, o in outcomes if o.kind in ("retry", "failed")
        ]
        async with self.db.session() as session:
            await rows_repo.mark(session, sent, DeliveryStatus.sent, now)
            await rows_repo.spend_quotas(session, [r.person_id for r in sent], BULLETIN_TEMPLATE)
            await rows_repo.mark(session, refused, DeliveryStatus.refused, now, REFUSED)
            await rows_repo.clear_quotas(session, [r.person_id for r in refused], BULLETIN_TEMPLATE)
            await rows_repo.mark_each(session, each)
        for item in each:
            DELIVERIES.labels("wechat", "retry" if item["d_"] else "failed").inc()
        DELIVERIES.labels("wechat", "sent").inc(len(sent))
        DELIVERIES.labels("wechat", "refused").inc(len(refused))

    async def run_once(self) -> int:
        """Claim one batch, send it, record every outcome. Returns how many rows were claimed."""
        return await self._deliver(await self._claim())

    async def _deliver(
        self, claimed: list[Claimed], on_dispatched: Callable[[], None] | None = None
    ) -> int:
        """Send `claimed` and record every outcome. `on_dispatched` runs once the last message
        has left the queue (the tail is still in flight): the loop claims the next batch then,
        so the senders do not stand idle between batches."""
        if not claimed:
            return 0
        sendable = [c for c in claimed if c.openid and c.has_quota]
        unreachable = [c for c in claimed if not (c.openid and c.has_quota)]
        if unreachable:
            async with self.db.session() as session:
                await rows_repo.mark(session, unreachable, DeliveryStatus.no_quota, clock.now())
            DELIVERIES.labels("wechat", "no_quota").inc(len(unreachable))
        pending: list[tuple[Claimed, Outcome]] = []
        lock = asyncio.Lock()

        async def flush() -> None:
            async with lock:
                batch, pending[:] = list(pending), []
                if batch:
                    await self._record(batch)

        async def done(row: Claimed, outcome: Outcome) -> None:
            pending.append((row, outcome))
            if len(pending) >= FLUSH_EVERY and not lock.locked():
                await flush()

        await self.sender.map(sendable, self._body, done, on_dispatched)
        await flush()
        await self.finish({c.bulletin_id for c in claimed})
        return len(claimed)

    async def finish(self, ids: set[str] | None = None) -> None:
        async with self.db.session() as session:
            await BulletinRepository(session).finish_done(clock.now(), list(ids) if ids else None)

    # -- loops ----------------------------------------------------------------------------------
    async def drain(self) -> int:
        """Send everything due now (tests, scripts). Returns how many rows were handled."""
        total = 0
        async with self.sender:
            while n := await self.run_once():
                total += n
        await self.finish()
        return total

    async def run(self, stop: asyncio.Event, poll_seconds: float) -> None:
        async with self.sender:
            upcoming: asyncio.Task[list[Claimed]] | None = None

            def claim_next() -> None:
                nonlocal upcoming
                upcoming = asyncio.create_task(self._claim())

            while not stop.is_set():
                try:
                    task, upcoming = upcoming, None
                    claimed = await task if task is not None else await self._claim()
                    handled = await self._deliver(claimed, claim_next)
                    if not handled:
                        await self.finish()
                except Exception:
                    log.exception("delivery batch failed; retrying")
                    handled = 0
                if not handled:
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(stop.wait(), timeout=poll_seconds)
            if upcoming is not None:
                # Claimed but not sent: the lease lapses and another pass sends them.
                with contextlib.suppress(Exception):
                    await upcoming


async def run(ctx: JobContext, stop: asyncio.Event) -> None:
    """The worker's entry point (see worker.py SERVICE_LOOPS)."""
    settings: Settings = ctx["settings"]
    loop = DeliveryLoop(ctx.db, ctx["wechat"], settings)  # settings.bulletin_concurrency
    log.info("delivery loop started", batch=loop.batch, concurrency=loop.sender.concurrency)
    await loop.run(stop, settings.worker_poll_seconds)
