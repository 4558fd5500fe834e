"""In-app notifications always; a WeChat subscribe message where the person granted quota."""

from __future__ import annotations

from sqlalchemy import select

from jinghutong.households.codes.scenes import scene_for
from jinghutong.households.codes.service import ensure_codes
from jinghutong.jobs import JobContext, run_due_jobs
from jinghutong.models import Job, JobState, Person, SubscriptionQuota
from jinghutong.notifications.service import PUSH_JOB, notify
from jinghutong.notifications.templates import MEMBERSHIP_TEMPLATE, configure_template_ids
from support.auth import bearer, wechat_login
from support.factories import make_household, make_person

BIND = "/api/v1/households/bind"


async def _login(client, device, openid: str) -> dict[str, str]:
    return bearer(await wechat_login(client, device, openid))


async def _subscribe(client, device, openid: str, headers: dict[str, str]) -> None:
    """What the mini-program does: the user taps allow, the answer is posted to us."""
    answer = (
        await device.post(
            "/device/subscribe", json={"openid": openid, "template_ids": [MEMBERSHIP_TEMPLATE]}
        )
    ).json()
    results = {MEMBERSHIP_TEMPLATE: answer[MEMBERSHIP_TEMPLATE]}
    response = await client.post(
        "/api/v1/subscriptions", json={"results": results}, headers=headers
    )
    assert response.status_code == 200, response.text


async def _run_jobs(app, database) -> None:
    await run_due_jobs(JobContext(database, {"wechat": app.state.wechat}))


async def _approve_flow(client, device, world, household=None) -> dict[str, str]:
    household = household or world.household
    villager = await _login(client, device, "o-villager")
    await _subscribe(client, device, "o-villager", villager)
    bound = await client.post(BIND, json={"scene": scene_for(household.id, 0)}, headers=villager)
    leader = await _login(client, device, "o-leader")
    await client.post(f"/api/v1/memberships/{bound.json()['id']}/approve", headers=leader)
    return villager


async def test_the_applicant_gets_a_subscribe_message_and_spends_the_quota(
    app, client, device, session, database, world
):
    await _approve_flow(client, device, world)
    await _run_jobs(app, database)

    inbox = (await device.get("/device/inbox/o-villager")).json()["messages"]
    [message] = inbox
    assert message["template_id"] == MEMBERSHIP_TEMPLATE
    assert message["data"]["phrase2"] == "已通过"
    assert message["page"] == "pages/join/join"
    person = await session.scalar(select(Person).where(Person.openid == "o-villager"))
    quota = await session.get(SubscriptionQuota, (person.id, MEMBERSHIP_TEMPLATE))
    assert quota.remaining == 0


async def test_long_addresses_are_shortened_so_wechat_accepts_the_fields(
    app, client, device, session, database, world
):
    long_one = await make_household(
        session,
        world.tree.micro_grid,
        "上坊村下坞自然村后山脚第十二组一百二十三号东边第二间",
        "方某",
    )
    await ensure_codes(session, [long_one.id])
    await _approve_flow(client, device, world, long_one)
    await _run_jobs(app, database)

    [message] = (await device.get("/device/inbox/o-villager")).json()["messages"]
    assert len(message["data"]["thing4"]) <= 20
    jobs = (await session.scalars(select(Job).where(Job.kind == PUSH_JOB))).all()
    assert [j.state for j in jobs] == [JobState.done]


async def test_the_leader_is_told_in_app_without_quota_and_no_push_is_queued(
    client, device, session, world
):
    villager = await _login(client, device, "o-villager")
    await client.post(BIND, json={"scene": scene_for(world.household.id, 0)}, headers=villager)
    leader = await _login(client, device, "o-leader")

    page = (await client.get("/api/v1/notifications", headers=leader)).json()

    [item] = page["items"]
    assert item["kind"] == "membership.requested"
    assert item["read_at"] is None
    assert await session.scalar(select(Job).where(Job.kind == PUSH_JOB)) is None


async def test_wechat_refusing_clears_our_quota(app, client, device, session, database, world):
    villager = await make_person(session, "方桂英", openid="o-no-wechat-quota")
    session.add(
        SubscriptionQuota(person_id=villager.id, template_id=MEMBERSHIP_TEMPLATE, remaining=3)
    )
    await session.flush()
    await device.post("/device/login", json={"openid": "o-no-wechat-quota"})
    await notify(session, [villager.id], "membership.approved", "家庭成员申请已通过", "您已加入")
    await session.commit()

    await _run_jobs(app, database)

    quota = await session.get(SubscriptionQuota, (villager.id, MEMBERSHIP_TEMPLATE))
    await session.refresh(quota)
    assert (quota.remaining, quota.long_term) == (0, False)
    job = await session.scalar(select(Job).where(Job.kind == PUSH_JOB))
    assert job.state == JobState.done


async def test_a_busy_wechat_is_retried_and_the_quota_kept(
    app, client, device, session, database, world
):
    await _approve_flow(client, device, world)
    await device.post("/faults", json={"error_rate": 1, "error_code": -1})
    try:
        await _run_jobs(app, database)
    finally:
        await device.delete("/faults")

    job = await session.scalar(select(Job).where(Job.kind == PUSH_JOB))
    await session.refresh(job)
    assert (job.state, job.attempts) == (JobState.pending, 1)
    person = await session.scalar(select(Person).where(Person.openid == "o-villager"))
    quota = await session.get(SubscriptionQuota, (person.id, MEMBERSHIP_TEMPLATE))
    await session.refresh(quota)
    assert quota.remaining == 1


async def test_my_notifications_page_and_are_marked_read(client, device, session, world):
    me = await make_person(session, "方桂英", openid="o-reader")
    someone = await make_person(session, "别人", openid="o-someone")
    for n in range(3):
        await notify(session, [me.id], "test.note", f"通知{n}")
    [theirs] = await notify(session, [someone.id], "test.note", "别人的通知")
    headers = await _login(client, device, "o-reader")

    first = (await client.get("/api/v1/notifications?limit=2", headers=headers)).json()
    rest = (
        await client.get(
            f"/api/v1/notifications?limit=2&cursor={first['next_cursor']}", headers=headers
        )
    ).json()
    read = await client.post(
        f"/api/v1/notifications/{first['items'][0]['id']}/read", headers=headers
    )
    again = await client.post(
        f"/api/v1/notifications/{first['items'][0]['id']}/read", headers=headers
    )
    not_mine = await client.post(f"/api/v1/notifications/{theirs}/read", headers=headers)

    # Newest first by id; ids made within the same millisecond have no defined order.
    titles = [i["title"] for i in first["items"] + rest["items"]]
    assert sorted(titles) == ["通知0", "通知1", "通知2"]
    assert rest["next_cursor"] is None
    assert read.json()["read_at"] is not None
    assert again.json()["read_at"] == read.json()["read_at"]
    assert not_mine.status_code == 404


async def test_subscription_answers_are_recorded(client, device, session, world):
    headers = await _login(client, device, "o-villager")
    body = {"results": {MEMBERSHIP_TEMPLATE: "accept", "tmpl_bulletin": "reject"}}

    await client.post("/api/v1/subscriptions", json=body, headers=headers)
    second = await client.post("/api/v1/subscriptions", json=body, headers=headers)
    bad = await client.post(
        "/api/v1/subscriptions", json={"results": {"no spaces!": "accept"}}, headers=headers
    )
    wrong = await client.post(
        "/api/v1/subscriptions", json={"results": {"t": "maybe"}}, headers=headers
    )

    quotas = {q["template_id"]: q["remaining"] for q in second.json()["quotas"]}
    assert quotas == {MEMBERSHIP_TEMPLATE: 2, "tmpl_bulletin": 0}
    assert (bad.status_code, wrong.status_code) == (422, 422)


async def test_the_consoles_template_ids_are_used_with_wechat_and_our_names_inside(
    app, client, device, emulator, session, database, world
):
    """A real mini-program has template ids the console assigned: the phone answers with them,
    we keep quotas under our own name, and send WeChat the console's id."""
    console_id = "Mbr_Console-Assigned01"
    emulator.state.templates[console_id] = dict(emulator.state.templates[MEMBERSHIP_TEMPLATE])
    configure_template_ids({MEMBERSHIP_TEMPLATE: console_id})
    try:
        villager = await _login(client, device, "o-villager")
        answer = (
            await device.post(
                "/device/subscribe", json={"openid": "o-villager", "template_ids": [console_id]}
            )
        ).json()
        recorded = await client.post(
            "/api/v1/subscriptions",
            json={"results": {console_id: answer[console_id]}},
            headers=villager,
        )
        assert recorded.json()["quotas"][0]["template_id"] == console_id
        person = await session.scalar(select(Person).where(Person.openid == "o-villager"))
        assert (await session.get(SubscriptionQuota, (person.id, MEMBERSHIP_TEMPLATE))).remaining
        assert await session.get(SubscriptionQuota, (person.id, console_id)) is None

        bound = await client.post(
            BIND, json={"scene": scene_for(world.household.id, 0)}, headers=villager
        )
        leader = await _login(client, device, "o-leader")
        await client.post(f"/api/v1/memberships/{bound.json()['id']}/approve", headers=leader)
        await _run_jobs(app, database)

        [message] = (await device.get("/device/inbox/o-villager")).json()["messages"]
        assert message["template_id"] == console_id
    finally:
        configure_template_ids({})
        del emulator.state.templates[console_id]
