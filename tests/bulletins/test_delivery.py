"""The fan-out: feed rows for everyone, WeChat for those with quota, exactly once, at its time;
WeChat's documented errors; cancelling; a worker dying mid-send; WeChat down for a while."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.bulletins.delivery import repository as rows_repo
from jinghutong.core import clock
from jinghutong.core.db import Database
from jinghutong.models import Delivery, DeliveryStatus, SubscriptionQuota
from jinghutong.notifications.templates import BULLETIN_TEMPLATE, configure_template_ids
from support.auth import bearer, wechat_login
from support.bulletins import (
    create,
    deliver,
    delivery_loop,
    draft,
    give_quota,
    inbox,
    publish,
    run_jobs,
    staff,
)

API = "/api/v1/bulletins"


async def _sent_bulletin(client, world, **changes) -> str:
    officer = await staff(client, "officer")
    bulletin = await create(client, officer, draft([world.tree.village.id], **changes))
    response = await publish(client, officer, bulletin["id"])
    assert response.status_code == 200, response.text
    return bulletin["id"]


async def _statuses(session, bulletin_id: str) -> dict[str, str]:
    rows = await session.execute(
        select(Delivery.person_id, Delivery.status).where(Delivery.bulletin_id == bulletin_id)
    )
    return dict(rows.all())


async def test_subscribers_get_one_wechat_message_and_spend_their_quota(
    client, world, app, database, session, device
):
    bulletin_id = await _sent_bulletin(client, world)
    await deliver(app, database)

    [message] = await inbox(device, "o-p1")
    assert message["template_id"] == BULLETIN_TEMPLATE
    assert message["data"]["thing4"] == "反诈宣传"
    assert message["page"] == f"pages/bulletins/detail?id={bulletin_id}"
    assert await inbox(device, "o-p2") == []  # no quota: feed only
    assert await inbox(device, "o-p3") == []  # another village
    statuses = await _statuses(session, bulletin_id)
    assert statuses == {world.p1.id: "sent", world.p2.id: "no_quota", world.p4.id: "no_quota"}
    quota = await session.get(SubscriptionQuota, (world.p1.id, BULLETIN_TEMPLATE))
    await session.refresh(quota)
    assert quota.remaining == 0
    stats = (
        await client.get(f"{API}/{bulletin_id}/stats", headers=await staff(client, "officer"))
    ).json()
    assert stats["status"] == "sent"
    assert (stats["targeted"], stats["sent"], stats["no_quota"]) == (3, 1, 2)


async def test_the_consoles_template_id_is_what_wechat_receives(
    client, world, app, database, session, device, emulator
):
    console_id = "Blt_Console-Assigned01"
    emulator.state.templates[console_id] = dict(emulator.state.templates[BULLETIN_TEMPLATE])
    emulator.state.subscribe(world.p1.openid, [console_id], "once")  # the phone knows only it
    configure_template_ids({BULLETIN_TEMPLATE: console_id})
    try:
        await _sent_bulletin(client, world)
        await deliver(app, database)
        [message] = await inbox(device, "o-p1")
        assert message["template_id"] == console_id
    finally:
        configure_template_ids({})
        del emulator.state.templates[console_id]


async def test_a_second_drain_sends_nothing_again(client, world, app, database, device):
    await _sent_bulletin(client, world)
    await deliver(app, database)
    await deliver(app, database)
    assert len(await inbox(device, "o-p1")) == 1


class _OneSessionAtATime:
    """The test's sessions share one connection (savepoints rolled back after the test), and
    PostgreSQL cannot run two statements on one connection at once: the loop's overlapping
    sessions (the next claim while the last outcomes are recorded) take turns here, as they
    would wait for a pooled connection in production."""

    def __init__(self, database: Database) -> None:
        self._database = database
        self._lock = asyncio.Lock()
        self.dialect = database.dialect

    @asynccontextmanager
    async def session(self, *, read_only: bool = False) -> AsyncIterator[AsyncSession]:
        async with self._lock, self._database.session(read_only=read_only) as session:
            yield session


async def test_the_running_loop_sends_batch_after_batch_exactly_once(
    client, world, app, database, session, device, emulator
):
    # batch=1: every batch's last message makes the loop claim the next one while it flies.
    bulletin_id = await _sent_bulletin(client, world)
    await give_quota(session, emulator, world.p2)
    await run_jobs(app, database)
    await app.state.wechat.tokens.get()  # cached now: the token store stays off the connection
    serial = _OneSessionAtATime(database)
    loop = delivery_loop(app, serial, batch=1)
    stop = asyncio.Event()
    runner = asyncio.create_task(loop.run(stop, 0.05))
    for _ in range(200):
        async with serial.session() as watching:
            if "pending" not in (await _statuses(watching, bulletin_id)).values():
                break
        await asyncio.sleep(0.05)
    stop.set()
    await asyncio.wait_for(runner, 10)

    statuses = await _statuses(session, bulletin_id)
    assert statuses == {world.p1.id: "sent", world.p2.id: "sent", world.p4.id: "no_quota"}
    assert len(await inbox(device, "o-p1")) == 1
    assert len(await inbox(device, "o-p2")) == 1


async def test_a_scheduled_bulletin_goes_at_its_time_even_after_a_restart(
    client, world, app, database, device
):
    officer = await staff(client, "officer")
    bulletin = await create(client, officer, draft([world.tree.village.id]))
    at = clock.now() + timedelta(hours=2)
    scheduled = await publish(client, officer, bulletin["id"], at=at.isoformat())
    assert scheduled.json()["status"] == "scheduled"

    await deliver(app, database)
    assert await inbox(device, "o-p1") == []

    clock.advance(timedelta(hours=2, minutes=1))
    # A new loop object stands for a restarted worker: the schedule lives in the database.
    await deliver(app, database)
    assert len(await inbox(device, "o-p1")) == 1


async def test_cancelling_during_sending_stops_what_has_not_gone(
    client, world, app, database, session, device, emulator
):
    await give_quota_to_p2(session, emulator, world)
    bulletin_id = await _sent_bulletin(client, world)
    await run_jobs(app, database)
    loop = delivery_loop(app, database, batch=1, concurrency=1)
    async with loop.sender:
        await loop.run_once()  # one message went

    cancelled = await client.post(
        f"{API}/{bulletin_id}/cancel", headers=await staff(client, "officer")
    )
    await deliver(app, database)

    assert cancelled.json()["status"] == "cancelled"
    statuses = sorted((await _statuses(session, bulletin_id)).values())
    assert statuses == ["cancelled", "no_quota", "sent"]
    received = len(await inbox(device, "o-p1")) + len(await inbox(device, "o-p2"))
    assert received == 1
    again = await client.post(f"{API}/{bulletin_id}/cancel", headers=await staff(client, "officer"))
    assert again.status_code == 409


async def give_quota_to_p2(session, emulator, world) -> None:
    from support.bulletins import give_quota

    await give_quota(session, emulator, world.p2)


@pytest.mark.parametrize(
    ("fault", "status"),
    [
        ({"error_code": -1}, "pending"),
        ({"error_code": 45009}, "pending"),
        ({"http_status": 503}, "pending"),
        (
            {"error_code": 47003, "errmsg": "argument invalid! data.thing1.value exceeds limit"},
            "failed",
        ),
        ({"error_code": 40037}, "failed"),
    ],
)
async def test_wechat_errors_are_retried_or_recorded(
    client, world, app, database, session, device, fault, status
):
    bulletin_id = await _sent_bulletin(client, world)
    await device.post("/faults", json={"error_rate": 1, "paths": ["/cgi-bin/message"], **fault})

    await deliver(app, database)

    row = await session.get(Delivery, (bulletin_id, world.p1.id))
    await session.refresh(row)
    assert row.status == status
    assert row.attempts == 1
    assert row.error
    if status == "failed":
        assert str(fault["error_code"]) in row.error
        return
    assert row.due_at > clock.now()  # waits, then finishes
    await device.delete("/faults")
    clock.advance(timedelta(minutes=5))
    await deliver(app, database)
    await session.refresh(row)
    assert row.status == "sent"
    assert len(await inbox(device, "o-p1")) == 1


async def test_43101_is_recorded_as_refused_and_clears_our_quota(
    client, world, app, database, session, device, emulator
):
    emulator.state.quotas.clear()  # the user's quota is gone on WeChat's side
    bulletin_id = await _sent_bulletin(client, world)

    await deliver(app, database)

    row = await session.get(Delivery, (bulletin_id, world.p1.id))
    await session.refresh(row)
    assert row.status == DeliveryStatus.refused
    quota = await session.get(SubscriptionQuota, (world.p1.id, BULLETIN_TEMPLATE))
    await session.refresh(quota)
    assert quota.remaining == 0


@pytest.mark.parametrize("code", [40001, 42001])
async def test_a_rejected_token_is_refreshed_and_the_message_retried(
    client, world, app, database, device, code
):
    await _sent_bulletin(client, world)
    tokens = app.state.wechat.tokens
    await tokens.get()
    before = tokens.fetches
    # The first call answers with the token error; the retry with a fresh token goes through.
    await device.post(
        "/faults", json={"error_rate": 1, "error_code": code, "paths": ["/cgi-bin/message"]}
    )
    loop = delivery_loop(app, database)
    await run_jobs(app, database)
    real_post = loop.sender._post
    calls = 0

    async def post_once_faulty(token, body, lane):
        nonlocal calls
        calls += 1
        if calls == 2:
            await device.delete("/faults")
        return await real_post(token, body, lane)

    loop.sender._post = post_once_faulty  # type: ignore[method-assign]
    await loop.drain()

    assert tokens.fetches > before
    assert len(await inbox(device, "o-p1")) == 1


async def test_a_timeout_is_retried(client, world, app, database, session, device):
    bulletin_id = await _sent_bulletin(client, world)
    await device.post("/faults", json={"latency_ms": 600, "paths": ["/cgi-bin/message"]})

    await run_jobs(app, database)
    await delivery_loop(app, database, timeout=0.2).drain()

    row = await session.get(Delivery, (bulletin_id, world.p1.id))
    await session.refresh(row)
    assert row.status == "pending"
    assert "Timeout" in row.error


async def test_a_worker_killed_mid_send_is_finished_by_another_and_nobody_gets_two(
    client, world, app, database, session, device, emulator
):
    await give_quota_to_p2(session, emulator, world)
    bulletin_id = await _sent_bulletin(client, world)
    await run_jobs(app, database)
    # The dead worker claimed both rows, sent p1's message and recorded it, then died.
    dead = delivery_loop(app, database)
    async with database.session() as s:
        now = clock.now()
        claimed = await rows_repo.claim(s, now, now + timedelta(minutes=2), 10, BULLETIN_TEMPLATE)
    assert {c.person_id for c in claimed} == {world.p1.id, world.p2.id}
    first = next(c for c in claimed if c.person_id == world.p1.id)
    async with dead.sender:
        outcome = await dead.sender.send(await _body(dead, first))
    await dead._record([(first, outcome)])

    assert await delivery_loop(app, database).drain() == 0  # the lease still holds
    clock.advance(timedelta(minutes=3))
    await delivery_loop(app, database).drain()

    assert len(await inbox(device, "o-p1")) == 1
    assert len(await inbox(device, "o-p2")) == 1
    statuses = await _statuses(session, bulletin_id)
    assert statuses[world.p1.id] == statuses[world.p2.id] == "sent"


async def _body(loop, row):
    async with loop.db.session() as s:
        [bulletin] = await rows_repo.bulletin_heads(s, [row.bulletin_id])
    loop._heads[bulletin.id] = loop._message(bulletin)
    return loop._body(row)


async def test_wechat_down_for_a_minute_delays_but_loses_nothing(
    client, world, app, database, session, device
):
    bulletin_id = await _sent_bulletin(client, world)
    await device.post("/faults", json={"error_rate": 1, "http_status": 503})

    await deliver(app, database)
    clock.advance(timedelta(seconds=30))
    await deliver(app, database)
    assert await inbox(device, "o-p1") == []

    await device.delete("/faults")
    clock.advance(timedelta(minutes=1))
    await deliver(app, database)

    assert len(await inbox(device, "o-p1")) == 1
    row = await session.get(Delivery, (bulletin_id, world.p1.id))
    await session.refresh(row)
    assert row.status == "sent"


async def test_banning_the_template_on_the_phone_ends_the_quota(client, device, world, session):
    villager = bearer(await wechat_login(client, device, "o-p1"))
    response = await client.post(
        "/api/v1/subscriptions", json={"results": {BULLETIN_TEMPLATE: "ban"}}, headers=villager
    )
    assert response.json()["quotas"] == [
        {"template_id": BULLETIN_TEMPLATE, "remaining": 0, "long_term": False}
    ]


async def test_an_idle_delivery_loop_does_not_finish_a_bulletin_before_its_release(
    client, world, app, database, session, device
):
    bulletin_id = await _sent_bulletin(client, world)

    await delivery_loop(app, database).drain()  # the loop runs before the release job
    await deliver(app, database)

    assert len(await inbox(device, "o-p1")) == 1
    stats = await client.get(f"{API}/{bulletin_id}/stats", headers=await staff(client, "officer"))
    assert (stats.json()["status"], stats.json()["sent"]) == ("sent", 1)
