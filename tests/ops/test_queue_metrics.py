"""The queue gauges on /metrics: read from the database at scrape time, so they move as soon as
jobs are enqueued or done, whichever process did it."""

from __future__ import annotations

import math
from datetime import timedelta

from jinghutong.core import clock
from jinghutong.jobs import enqueue
from jinghutong.ops import queues
from support.metrics_text import scrape, value


async def test_pending_jobs_by_kind_and_the_oldest_ones_age(client, session):
    before = await scrape(client)
    assert value(before, "jht_jobs_pending", kind="ops.test_a") == 0

    await enqueue(session, "ops.test_a", {})
    await enqueue(session, "ops.test_a", {})
    await enqueue(session, "ops.test_b", {})
    # Scheduled for later: not a backlog, not counted.
    await enqueue(session, "ops.test_b", {}, due_at=clock.now() + timedelta(hours=1))
    await session.flush()
    clock.advance(timedelta(seconds=90))

    after = await scrape(client)
    assert value(after, "jht_jobs_pending", kind="ops.test_a") == 2
    assert value(after, "jht_jobs_pending", kind="ops.test_b") == 1
    assert value(after, "jht_jobs_oldest_pending_seconds") >= 90


async def test_done_jobs_leave_the_gauge(client, session):
    job = await enqueue(session, "ops.test_c", {})
    await session.flush()
    assert value(await scrape(client), "jht_jobs_pending", kind="ops.test_c") == 1

    assert job is not None
    job.state = "done"
    await session.flush()
    samples = await scrape(client)
    assert ("jht_jobs_pending", (("kind", "ops.test_c"),)) not in samples


async def test_the_counts_are_capped(client, session, monkeypatch):
    monkeypatch.setattr(queues, "COUNT_CAP", 3)
    for _ in range(5):
        await enqueue(session, "ops.test_d", {})
    await session.flush()
    assert value(await scrape(client), "jht_jobs_pending", kind="ops.test_d") == 3


async def test_a_database_that_is_down_blanks_the_gauges_and_metrics_still_answer(app, client):
    class Down:
        def session(self, **_kw):
            raise ConnectionError("database down")

    real = app.state.database
    app.state.database = Down()
    try:
        samples = await scrape(client)
    finally:
        app.state.database = real
    assert math.isnan(value(samples, "jht_jobs_oldest_pending_seconds"))
    assert not any(name == "jht_jobs_pending" for name, _ in samples)
    assert any(name == "jht_http_requests_total" for name, _ in samples)
