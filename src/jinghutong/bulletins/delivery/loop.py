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
one-time quota then gets 43101 rather than a second message.

The day's WeChat budget (integrations/wechat/quota.py): each claim takes its sendable rows'
messages from the shared counter, warnings' rows first; what the budget cannot carry waits
(`waiting_for_quota`, due the next day at `quota.resume_at`, then claimed like any due row) or
ends `feed_only`. A waiting row is claimed only from that state and a sent row never, so crossing
midnight sends nothing twice."""

from __future__ import annotations

import asyncio
import contextlib
import random
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from time import monotonic
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.bulletins.delivery import repository as rows_repo
from jinghutong.bulletins.delivery.repository import Claimed, Sending
from jinghutong.bulletins.delivery.sender import Outcome, SubscribeSender
from jinghutong.bulletins.repository import BulletinRepository
from jinghutong.core import clock
from jinghutong.core.config import Settings
from jinghutong.core.db import Database
from jinghutong.core.logging import get_logger
from jinghutong.core.metrics import DELIVERIES
from jinghutong.integrations.wechat import quota
from jinghutong.integrations.wechat.quota import Priority
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

LEASE = timedelta(minutes=2)  # the default of JHT_DELIVERY_LEASE_SECONDS
# A batch stops sending once less than this share of its lease is left: a worker that hung
# (SIGSTOP, a VM paused) and wakes after another took its rows must not send them again, and
# the other's clock may run a few seconds ahead of ours.
LEASE_STOP_SHARE = 0.25
MAX_ATTEMPTS = 10
FLUSH_EVERY = 250
BATCH = {"postgresql": 1000, "sqlite": 200}
REFUSED = "43101 用户未订阅或订阅次数已用完"


def retry_delay(attempts: int, hint: float | None) -> timedelta:
    """WeChat's hint (45009: a minute) or exponential from 5 s, jittered, capped at 30 min."""
    base = hint if hint else min(1800.0, 5.0 * 2 ** max(0, attempts - 1))
    return timedelta(seconds=base * random.uniform(0.9, 1.3))  # noqa: S311 - jitter


class Leased(list[Claimed]):
    """A claimed batch and the moment (this process's monotonic clock) its lease is spent."""

    def __init__(self, rows: list[Claimed], until: float) -> None:
        super().__init__(rows)
        self.until = until


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
        self.budget = quota.budget_for(settings)
        self.resume_hour = settings.wechat.quota_resume_hour
        self.lease = timedelta(seconds=settings.delivery_lease_seconds)

    # -- one batch ------------------------------------------------------------------------------
    async def _claim(self) -> Leased:
        """Due rows, warnings' first (a claim per priority while the batch has room; one
        claim when every sending bulletin has the same priority), each message taken from the
        day's budget; what the budget cannot carry is set aside (`_set_aside`)."""
        now = clock.now()
        lease_until = now + self.lease
        usable = self.lease.total_seconds() * (1 - LEASE_STOP_SHARE)
        until = monotonic() + usable
        async with self.db.session() as session:
            bulletins = {b.id: b for b in await rows_repo.sending(session)}
            priorities = sorted({b.priority for b in bulletins.values()})
            claimed: list[Claimed] = []
            for priority in priorities:
                if len(claimed) >= self.batch:
                    break
                ids = None
                if len(priorities) > 1:
                    ids = [b.id for b in bulletins.values() if b.priority == priority]
                claimed += await rows_repo.claim(
                    session, now, lease_until, self.batch - len(claimed), BULLETIN_TEMPLATE, ids
                )
            claimed = await self._spend(session, claimed, bulletins, now)
            missing = list({c.bulletin_id for c in claimed} - set(self._heads))
            for bulletin in await rows_repo.bulletin_heads(session, missing):
                self._heads[bulletin.id] = self._message(bulletin)
        return Leased(claimed, until)

    async def _spend(
        self,
        session: AsyncSession,
        claimed: list[Claimed],
        bulletins: dict[str, Sending],
        now: datetime,
    ) -> list[Claimed]:
        """Take each sendable row's message from the day's budget, by priority (highest
        first, as claimed). Rows it cannot carry wait for the next day's start, or end
        feed_only where their bulletin says so. Returns the rows to go on with (the sendable
        ones granted, and the unreachable ones, which cost nothing)."""
        if not claimed:
            return claimed
        day = quota.quota_day(now)
        kept: list[Claimed] = []
        for priority in sorted({self._priority(c, bulletins) for c in claimed}):
            rows = [c for c in claimed if self._priority(c, bulletins) == priority]
            sendable = [c for c in rows if c.openid and c.has_quota]
            granted = await self.budget.take(session, priority, len(sendable), day)
            kept += [c for c in rows if not (c.openid and c.has_quota)]
            kept += [replace(c, priority=priority, quota_day=day) for c in sendable[:granted]]
            short = sendable[granted:]
            feed_only = [c for c in short if self._feed_only(c, bulletins)]
            waiting = [c for c in short if not self._feed_only(c, bulletins)]
            due = quota.resume_at(now, priority, self.resume_hour)
            await rows_repo.set_aside(session, feed_only, DeliveryStatus.feed_only, None)
            await rows_repo.set_aside(session, waiting, DeliveryStatus.waiting_for_quota, due)
            DELIVERIES.labels("wechat", "feed_only").inc(len(feed_only))
            DELIVERIES.labels("wechat", "waiting_for_quota").inc(len(waiting))
        await quota.refresh_gauge(self.budget, session, now)
        return kept

    @staticmethod
    def _priority(row: Claimed, bulletins: dict[str, Sending]) -> Priority:
        found = bulletins.get(row.bulletin_id)
        return found.priority if found is not None else Priority.routine

    @staticmethod
    def _feed_only(row: Claimed, bulletins: dict[str, Sending]) -> bool:
        found = bulletins.get(row.bulletin_id)
        return found is not None and found.feed_only_when_short

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
        await self._give_back([row for row, o in outcomes if o.kind != "sent"])
        for item in each:
            DELIVERIES.labels("wechat", "retry" if item["d_"] else "failed").inc()
        DELIVERIES.labels("wechat", "sent").inc(len(sent))
        DELIVERIES.labels("wechat", "refused").inc(len(refused))

    async def _give_back(self, unsent: list[Claimed]) -> None:
        """Messages taken from the budget that WeChat did not take (busy, refused, our
        error) go back to the day they were taken from; a retry takes again when it goes.

        After the outcomes are recorded, in a unit of work of its own, and best effort: a budget
        out of reach (Redis down) leaves the day under-spent by these messages, which the rule
        allows; it must never undo the recorded outcomes, or the sent messages would be sent
        again after the lease (bench/topology.py, Redis stopped mid-fan-out, found that)."""
        counts: dict[tuple[Priority, str], int] = {}
        for row in unsent:
            if row.quota_day:
                key = (row.priority, row.quota_day)
                counts[key] = counts.get(key, 0) + 1
        if not counts:
            return
        try:
            async with self.db.session() as session:
                for (priority, day), count in counts.items():
                    await self.budget.give_back(session, priority, count, day)
        except Exception as exc:  # any failure here only under-spends the day
            log.warning("budget give-back failed", messages=sum(counts.values()), error=str(exc))

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

        until = claimed.until if isinstance(claimed, Leased) else float("inf")
        lapsed: list[Claimed] = []

        def still_ours(row: Claimed) -> bool:
            if monotonic() < until:
                return True
            lapsed.append(row)  # stays pending: whoever holds it after the lease sends it
            return False

        await self.sender.map(sendable, self._body, done, on_dispatched, still_ours)
        await flush()
        if lapsed:
            log.warning("lease spent before the batch was sent", left_unsent=len(lapsed))
            await self._give_back(lapsed)
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
