"""Bulletins under the day's WeChat budget: warnings first when it is short, the routine push
stopping short of the warnings' reserve, waiting rows sent the next day and only once,
feed_only bulletins, the stats, and the new field through the API."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from jinghutong.bulletins.reading.repository import ReadingRepository
from jinghutong.core import clock
from jinghutong.core.config import WechatSettings
from jinghutong.integrations.wechat.quota import Priority, next_day_start, quota_day, resume_at
from jinghutong.models import Delivery, SubscriptionQuota, WechatQuotaDay
from jinghutong.notifications.templates import BULLETIN_TEMPLATE
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
from support.factories import join, make_household, make_person
from support.metrics_text import scrape, value

API = "/api/v1/bulletins"
# Six messages a day, half of them held for warnings until warnings use them.
BUDGET = 6


@pytest.fixture
def app_settings(settings, emulator):
    wechat = WechatSettings(
        api_base=emulator.url,
        daily_quota=BUDGET,
        quota_reserve_warning=0.5,
        quota_reserve_progress=0,
    )
    return settings.model_copy(update={"wechat": wechat})


@pytest.fixture
async def villagers(session, emulator, world):
    """Five people of 上坊村 on WeChat, each allowing two bulletin messages."""
    people = [world.p1]
    for n in range(4):
        household = await make_household(session, world.tree.micro_grid, f"上坊村下坞{20 + n}号")
        person = await make_person(session, f"村民{n}", openid=f"o-q{n}")
        await join(session, person, household)
        people.append(person)
    for person in people[1:]:
        await give_quota(session, emulator, person, 2)
    emulator.state.subscribe(world.p1.openid, [BULLETIN_TEMPLATE], "once")  # a second one
    quota = await session.get(SubscriptionQuota, (world.p1.id, BULLETIN_TEMPLATE))
    quota.remaining = 2
    await session.flush()
    return people


async def _publish(client, world, **changes) -> str:
    officer = await staff(client, "officer")
    bulletin = await create(client, officer, draft([world.tree.village.id], **changes))
    response = await publish(client, officer, bulletin["id"])
    assert response.status_code == 200, response.text
    return bulletin["id"]


async def _counts(session, bulletin_id: str) -> dict[str, int]:
    rows = (
        await session.execute(select(Delivery.status).where(Delivery.bulletin_id == bulletin_id))
    ).all()
    out: dict[str, int] = {}
    for (status,) in rows:
        out[status] = out.get(status, 0) + 1
    return out


async def _spent(session) -> tuple[int, int, int]:
    row = await session.get(WechatQuotaDay, quota_day(clock.now()))
    if row is None:
        return (0, 0, 0)
    await session.refresh(row)
    return (row.warning, row.progress, row.routine)


async def _messages(device, people) -> dict[str, list[str]]:
    """Each person's inbox: the bulletin ids their messages open."""
    return {
        p.openid: [m["page"].rsplit("=", 1)[-1] for m in await inbox(device, p.openid)]
        for p in people
    }


async def test_when_a_warning_and_a_routine_push_compete_the_warning_goes_first(
    client, world, villagers, app, database, session, device
):
    routine = await _publish(client, world)
    warning = await _publish(client, world, category="风险提示", title="山洪预警：请转移")
    await deliver(app, database)

    # Five warnings (warnings may spend all that is left), one routine message.
    assert await _counts(session, warning) == {"sent": 5, "no_quota": 2}
    assert await _counts(session, routine) == {"sent": 1, "waiting_for_quota": 4, "no_quota": 2}
    assert await _spent(session) == (5, 0, 1)
    inboxes = await _messages(device, villagers)
    assert all(warning in got for got in inboxes.values())
    assert sum(len(got) for got in inboxes.values()) == BUDGET  # never over


async def test_a_routine_push_that_came_first_leaves_the_warnings_reserve(
    client, world, villagers, app, database, session, device
):
    routine = await _publish(client, world)
    await deliver(app, database)
    assert await _counts(session, routine) == {"sent": 3, "waiting_for_quota": 2, "no_quota": 2}

    warning = await _publish(client, world, category="风险提示", title="山洪预警：请转移")
    await deliver(app, database)
    assert await _counts(session, warning) == {"sent": 3, "waiting_for_quota": 2, "no_quota": 2}
    assert await _spent(session) == (3, 0, 3)
    # A warning that had to wait goes from the new day's first minute, not at 08:00.
    due = await session.scalars(
        select(Delivery.due_at).where(
            Delivery.bulletin_id == warning, Delivery.status == "waiting_for_quota"
        )
    )
    assert set(due.all()) == {next_day_start(clock.now())}


async def test_waiting_rows_go_the_next_morning_and_nothing_goes_twice(
    client, world, villagers, app, database, session, device, app_settings
):
    routine = await _publish(client, world)
    warning = await _publish(client, world, category="风险提示", title="山洪预警：请转移")
    await deliver(app, database)
    waiting = (
        await session.scalars(
            select(Delivery.due_at).where(
                Delivery.bulletin_id == routine, Delivery.status == "waiting_for_quota"
            )
        )
    ).all()
    morning = resume_at(clock.now(), Priority.routine, app_settings.wechat.quota_resume_hour)
    assert set(waiting) == {morning} and morning == next_day_start(clock.now()) + timedelta(hours=8)

    clock.advance(timedelta(hours=1))  # still the same day (or its budget is spent anyway)
    if quota_day(clock.now()) == quota_day(clock.now() - timedelta(hours=1)):
        await deliver(app, database)
        assert (await _counts(session, routine))["waiting_for_quota"] == 4

    midnight = morning - timedelta(hours=8)  # station time
    if clock.now() < midnight:
        clock.advance(midnight - clock.now())
        await deliver(app, database)
        assert (await _counts(session, routine))["waiting_for_quota"] == 4  # 宣传 waits for 08:00
    clock.advance(morning - clock.now())
    await deliver(app, database)
    # The new day's budget, less the warnings' reserve: three of the four.
    assert await _counts(session, routine) == {"sent": 4, "waiting_for_quota": 1, "no_quota": 2}
    assert await _spent(session) == (0, 0, 3)
    clock.advance(resume_at(clock.now(), Priority.routine, 8) - clock.now())
    await deliver(app, database)
    assert await _counts(session, routine) == {"sent": 5, "no_quota": 2}
    assert await _spent(session) == (0, 0, 1)
    await deliver(app, database)  # again: nothing left to send
    inboxes = await _messages(device, villagers)
    for got in inboxes.values():
        assert sorted(got) == sorted([routine, warning])  # each bulletin exactly once
    stats = (
        await client.get(f"{API}/{routine}/stats", headers=await staff(client, "officer"))
    ).json()
    assert stats["status"] == "sent"
    assert (stats["sent"], stats["waiting_for_quota"], stats["feed_only"]) == (5, 0, 0)


async def test_a_bulletin_marked_feed_only_when_short_ends_in_the_feed(
    client, world, villagers, app, database, session, device
):
    officer = await staff(client, "officer")
    first = await _publish(client, world, feed_only_when_short=True)
    await deliver(app, database)
    assert await _counts(session, first) == {"sent": 3, "feed_only": 2, "no_quota": 2}

    stats = (await client.get(f"{API}/{first}/stats", headers=officer)).json()
    assert stats["status"] == "sent"  # nothing left to send: finished
    assert (stats["sent"], stats["waiting_for_quota"], stats["feed_only"]) == (3, 0, 2)
    assert stats["by_village"][0]["feed_only"] == 2
    # The feed still shows it to those the budget did not reach.
    short = (
        await session.scalars(
            select(Delivery.person_id).where(
                Delivery.bulletin_id == first, Delivery.status == "feed_only"
            )
        )
    ).all()
    people = {p.id: p for p in villagers}
    for person_id in short:
        [(shown, _read)] = await ReadingRepository(session).feed(person_id, None, 10)
        assert shown.id == first
        assert await inbox(device, people[person_id].openid) == []
    clock.advance(timedelta(days=1))
    await deliver(app, database)
    for person_id in short:
        assert await inbox(device, people[person_id].openid) == []  # feed_only is final


async def test_stats_count_waiting_rows(client, world, villagers, app, database, session):
    routine = await _publish(client, world)
    await deliver(app, database)
    stats = (
        await client.get(f"{API}/{routine}/stats", headers=await staff(client, "officer"))
    ).json()
    assert stats["status"] == "sending"  # waiting rows keep it going
    assert (stats["sent"], stats["waiting_for_quota"], stats["feed_only"]) == (3, 2, 0)
    assert stats["targeted"] == 7


async def test_the_api_takes_and_shows_feed_only_when_short(client, world):
    officer = await staff(client, "officer")
    made = await create(client, officer, draft([world.tree.village.id]))
    assert made["feed_only_when_short"] is False
    for bad in ("yes", None, 1.5, [True]):
        response = await client.post(
            API, json=draft([world.tree.village.id], feed_only_when_short=bad), headers=officer
        )
        assert response.status_code == 422, (bad, response.text)
        response = await client.patch(
            f"{API}/{made['id']}", json={"feed_only_when_short": bad}, headers=officer
        )
        assert response.status_code == 422, (bad, response.text)
    response = await client.patch(
        f"{API}/{made['id']}", json={"feed_only_when_short": True}, headers=officer
    )
    assert response.status_code == 200, response.text
    assert response.json()["feed_only_when_short"] is True
    response = await client.patch(f"{API}/{made['id']}", json={"title": "新标题"}, headers=officer)
    assert response.json()["feed_only_when_short"] is True  # not named: unchanged


async def test_metrics_show_the_quota_left_by_priority(
    client, world, villagers, app, database, session
):
    before = await scrape(client)
    assert value(before, "jht_wechat_quota_left", priority="warning") == BUDGET
    assert value(before, "jht_wechat_quota_left", priority="routine") == BUDGET // 2
    await _publish(client, world)
    await deliver(app, database)
    after = await scrape(client)
    assert value(after, "jht_wechat_quota_left", priority="warning") == 3
    assert value(after, "jht_wechat_quota_left", priority="routine") == 0


async def test_a_full_batch_is_claimed_from_the_warnings_rows_first(
    client, world, villagers, app, database, session
):
    routine = await _publish(client, world)  # older: first by due time alone
    warning = await _publish(client, world, category="风险提示", title="山洪预警：请转移")
    await run_jobs(app, database)  # the releases
    loop = delivery_loop(app, database, batch=4)
    async with loop.sender:
        assert await loop.run_once() == 4
    assert await _counts(session, routine) == {"pending": 5, "no_quota": 2}  # untouched
    assert await _counts(session, warning) == {"sent": 4, "pending": 1, "no_quota": 2}


async def test_a_budget_out_of_reach_at_give_back_keeps_the_recorded_outcomes(
    client, world, villagers, app, database, session, device, emulator, monkeypatch
):
    # One villager withdrew the permission on the phone: WeChat refuses her message, so its
    # share would go back to the budget — which is out of reach (Redis down, say).
    emulator.state.quotas[(villagers[1].openid, BULLETIN_TEMPLATE)] = 0
    loop = delivery_loop(app, database)

    async def unreachable(*args, **kwargs):
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(loop.budget, "give_back", unreachable)
    warning = await _publish(client, world, category="风险提示", title="山洪预警：请转移")
    await run_jobs(app, database)
    await loop.drain()
    await loop.drain()  # again: nothing is sent a second time

    assert await _counts(session, warning) == {"sent": 4, "refused": 1, "no_quota": 2}
    inboxes = await _messages(device, villagers)
    assert sum(len(got) for got in inboxes.values()) == 4
    assert all(len(got) <= 1 for got in inboxes.values())
    assert await _spent(session) == (5, 0, 0)  # the refused one's share stayed spent
