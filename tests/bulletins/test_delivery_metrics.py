"""/metrics counts the delivery loop's outcomes by channel and status, and the pending
deliveries' gauge empties as the loop drains them."""

from __future__ import annotations

from support.bulletins import create, delivery_loop, draft, publish, run_jobs, staff
from support.metrics_text import scrape, value


async def test_outcomes_are_counted_and_the_backlog_drains(client, world, app, database):
    before = await scrape(client)
    officer = await staff(client, "officer")
    bulletin = await create(client, officer, draft([world.tree.village.id]))
    assert (await publish(client, officer, bulletin["id"])).status_code == 200
    await run_jobs(app, database)  # the release: p1 (quota) pending on WeChat, p2/p4 feed only

    released = await scrape(client)
    assert value(released, "jht_deliveries_pending") == 1

    await delivery_loop(app, database).drain()
    after = await scrape(client)
    sent = value(after, "jht_deliveries_total", channel="wechat", status="sent")
    assert sent - value(before, "jht_deliveries_total", channel="wechat", status="sent") == 1
    assert value(after, "jht_deliveries_pending") == 0
    assert value(after, "jht_deliveries_oldest_pending_seconds") == 0


async def test_a_refusal_is_counted_as_refused(client, world, app, database, emulator):
    emulator.state.reset()  # the phone no longer holds p1's quota: WeChat answers 43101
    emulator.state.login("o-p1")
    before = await scrape(client)
    officer = await staff(client, "officer")
    bulletin = await create(client, officer, draft([world.tree.village.id]))
    assert (await publish(client, officer, bulletin["id"])).status_code == 200
    await run_jobs(app, database)
    await delivery_loop(app, database).drain()

    after = await scrape(client)
    refused = ("jht_deliveries_total", {"channel": "wechat", "status": "refused"})
    grew = value(after, refused[0], **refused[1]) - value(before, refused[0], **refused[1])
    assert grew == 1
