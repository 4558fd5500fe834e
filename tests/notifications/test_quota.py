"""Progress notices (the push jobs) under the day's WeChat budget: a spent day makes the push
wait for the next day's start with the person's quota kept; a message WeChat did not take
gives its share back; the next day it goes, once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from jinghutong.core import clock
from jinghutong.core.config import WechatSettings
from jinghutong.integrations.wechat.quota import (
    Priority,
    budget_for,
    next_day_start,
    quota_day,
    resume_at,
)
from jinghutong.jobs import JobContext, run_due_jobs
from jinghutong.models import Job, JobState, SubscriptionQuota
from jinghutong.notifications.service import PUSH_JOB, notify
from jinghutong.notifications.templates import MEMBERSHIP_TEMPLATE
from support.factories import make_person


@pytest.fixture
def app_settings(settings, emulator):
    wechat = WechatSettings(
        api_base=emulator.url, daily_quota=2, quota_reserve_warning=0, quota_reserve_progress=0
    )
    return settings.model_copy(update={"wechat": wechat})


async def _run_jobs(app, database) -> None:
    ctx = JobContext(database, {"wechat": app.state.wechat, "settings": app.state.settings})
    await run_due_jobs(ctx)


async def _villager(session, device, emulator, openid: str):
    person = await make_person(session, "方桂英", openid=openid)
    session.add(
        SubscriptionQuota(person_id=person.id, template_id=MEMBERSHIP_TEMPLATE, remaining=1)
    )
    await session.flush()
    await device.post("/device/login", json={"openid": openid})
    emulator.state.subscribe(openid, [MEMBERSHIP_TEMPLATE], "once")
    return person


async def _spent(app, session) -> tuple[int, int, int]:
    return await budget_for(app.state.settings).spent(session, quota_day(clock.now()))


async def test_a_spent_day_makes_the_push_wait_for_the_next_day(
    app, session, database, device, emulator
):
    villager = await _villager(session, device, emulator, "o-quota-wait")
    budget = budget_for(app.state.settings)
    assert await budget.take(session, Priority.routine, 2, quota_day(clock.now())) == 2
    await notify(session, [villager.id], "membership.approved", "家庭成员申请已通过", "您已加入")
    await session.commit()

    await _run_jobs(app, database)
    job = await session.scalar(select(Job).where(Job.kind == PUSH_JOB))
    await session.refresh(job)
    assert job.state == JobState.pending
    start = resume_at(clock.now(), Priority.progress, 8)  # the next day at 08:00
    assert start == next_day_start(clock.now()) + timedelta(hours=8)
    assert start <= job.due_at < start + timedelta(seconds=5)  # the engine adds its own now
    assert "额度" in (job.last_error or "")
    quota = await session.get(SubscriptionQuota, (villager.id, MEMBERSHIP_TEMPLATE))
    await session.refresh(quota)
    assert quota.remaining == 1  # kept for the message that has not gone
    assert (await device.get("/device/inbox/o-quota-wait")).json()["messages"] == []

    clock.advance(start - clock.now() + timedelta(seconds=1))
    await _run_jobs(app, database)
    await _run_jobs(app, database)
    [message] = (await device.get("/device/inbox/o-quota-wait")).json()["messages"]
    assert message["template_id"] == MEMBERSHIP_TEMPLATE
    assert await _spent(app, session) == (0, 1, 0)


async def test_a_message_wechat_did_not_take_gives_its_share_back(
    app, session, database, device, emulator
):
    villager = await _villager(session, device, emulator, "o-quota-busy")
    await notify(session, [villager.id], "membership.approved", "家庭成员申请已通过", "您已加入")
    await session.commit()
    await device.post("/faults", json={"error_rate": 1, "error_code": -1})
    try:
        await _run_jobs(app, database)
    finally:
        await device.delete("/faults")
    assert await _spent(app, session) == (0, 0, 0)
