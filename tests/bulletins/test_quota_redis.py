"""The delivery loop's budget in Redis (when configured): the same warning-first day, counted
in Redis with the database's row as its copy. Run when JHT_TEST_REDIS_URL is set."""

from __future__ import annotations

import os

import pytest
from redis.asyncio import Redis

from jinghutong.core import clock
from jinghutong.core.config import WechatSettings
from jinghutong.integrations.wechat.quota import REDIS_KEY, DatabaseBudget, budget_for, quota_day
from support.bulletins import create, deliver, draft, give_quota, publish, staff
from support.factories import join, make_household, make_person

REDIS_URL = os.environ.get("JHT_TEST_REDIS_URL")
pytestmark = pytest.mark.skipif(not REDIS_URL, reason="JHT_TEST_REDIS_URL is not set")


@pytest.fixture
async def app_settings(settings, emulator):
    wechat = WechatSettings(
        api_base=emulator.url, daily_quota=4, quota_reserve_warning=0.5, quota_reserve_progress=0
    )
    redis = Redis.from_url(REDIS_URL)
    key = f"{REDIS_KEY}:{quota_day(clock.now())}"
    await redis.delete(key)
    # A token another run saved under another secret key cannot be read with the suite's.
    async for stale in redis.scan_iter(match="jht:wechat:access_token:*"):
        await redis.delete(stale)
    yield settings.model_copy(update={"wechat": wechat, "redis_url": REDIS_URL})
    await redis.delete(key)
    await redis.aclose()


async def test_the_redis_budget_sends_the_warning_first_and_keeps_the_copy(
    client, world, app, database, session, emulator
):
    for n in range(3):
        household = await make_household(session, world.tree.micro_grid, f"上坊村下坞{30 + n}号")
        person = await make_person(session, f"村民{n}", openid=f"o-r{n}")
        await join(session, person, household)
        await give_quota(session, emulator, person, 2)
    await give_quota(session, emulator, world.p2, 2)  # five people in all, with p1
    officer = await staff(client, "officer")
    ids = []
    for changes in ({}, {"category": "风险提示", "title": "山洪预警：请转移"}):
        made = await create(client, officer, draft([world.tree.village.id], **changes))
        assert (await publish(client, officer, made["id"])).status_code == 200
        ids.append(made["id"])
    await deliver(app, database)

    budget = budget_for(app.state.settings)
    day = quota_day(clock.now())
    assert await budget.spent(session, day) == (4, 0, 0)  # warnings may take it all
    assert await DatabaseBudget(budget.rule).spent(session, day) == (4, 0, 0)
    stats = [
        (await client.get(f"/api/v1/bulletins/{i}/stats", headers=officer)).json() for i in ids
    ]
    assert (stats[0]["sent"], stats[0]["waiting_for_quota"]) == (0, 5)
    assert (stats[1]["sent"], stats[1]["waiting_for_quota"]) == (4, 1)
