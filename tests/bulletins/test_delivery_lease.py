"""A worker that hung with a claimed batch (SIGSTOP, a paused VM) and wakes after its lease
passed and another worker sent the rows must not send them again — even to a phone that would
accept a second message (seen in the topology harness: a worker woken by SIGCONT went on
sending the rest of its batch)."""

from __future__ import annotations

import time
from datetime import timedelta

from sqlalchemy import select

from jinghutong.bulletins.delivery import loop as loop_module
from jinghutong.core import clock
from jinghutong.models import Delivery
from jinghutong.notifications.templates import BULLETIN_TEMPLATE
from support.bulletins import create, delivery_loop, draft, give_quota, inbox, publish, run_jobs
from support.bulletins import staff as staff_headers


async def test_a_worker_woken_after_its_lease_sends_nothing_twice(
    client, world, app, database, session, device, emulator, monkeypatch
):
    await give_quota(session, emulator, world.p2)
    for person in (world.p1, world.p2):  # phones that would take a second message
        emulator.state.subscribe(person.openid, [BULLETIN_TEMPLATE], "once")
    await session.commit()
    officer = await staff_headers(client, "officer")
    bulletin = await create(client, officer, draft([world.tree.village.id]))
    assert (await publish(client, officer, bulletin["id"])).status_code == 200
    await run_jobs(app, database)

    hung = delivery_loop(app, database)
    claimed = await hung._claim()  # … and then the process stopped
    assert {c.person_id for c in claimed} == {world.p1.id, world.p2.id}

    lease = hung.lease + timedelta(seconds=1)
    clock.advance(lease)
    assert await delivery_loop(app, database).drain() == 2  # the other worker took them over
    woke = time.monotonic() + lease.total_seconds()
    monkeypatch.setattr(loop_module, "monotonic", lambda: woke)
    async with hung.sender:
        await hung._deliver(claimed)  # SIGCONT: the batch it held

    assert len(await inbox(device, "o-p1")) == 1
    assert len(await inbox(device, world.p2.openid)) == 1
    statuses = await session.scalars(
        select(Delivery.status).where(
            Delivery.bulletin_id == bulletin["id"], Delivery.channel == "wechat"
        )
    )
    assert set(statuses) == {"sent"}


async def test_a_batch_sent_within_its_lease_goes_out(
    client, world, app, database, session, device, emulator
):
    officer = await staff_headers(client, "officer")
    bulletin = await create(client, officer, draft([world.tree.village.id]))
    assert (await publish(client, officer, bulletin["id"])).status_code == 200
    await run_jobs(app, database)

    loop = delivery_loop(app, database)
    claimed = await loop._claim()
    async with loop.sender:
        await loop._deliver(claimed)

    assert len(await inbox(device, "o-p1")) == 1
