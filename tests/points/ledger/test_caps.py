"""Caps: per kind per person per month, and the book's total. An award past a cap is still
written (the trail) with the points it can carry, possibly 0, and says so."""

from __future__ import annotations

from datetime import timedelta

from jinghutong.core import clock
from jinghutong.points.rules.defaults import DEFAULT_RULES
from support.auth import bearer, wechat_login
from support.points_world import API, NEAR_THE_LEADER, entries_of, later


async def _small_caps(client, as_, world) -> None:
    rules = [
        {"event_kind": r.event_kind, "points": r.points, "monthly_cap": r.monthly_cap}
        for r in DEFAULT_RULES
    ]
    for r in rules:
        if r["event_kind"] == "dispatch_feedback":
            r["monthly_cap"] = 30
    body = {"rules": rules, "monthly_cap": 45}
    response = await client.put(f"{API}/points/rules", json=body, headers=await as_(world.chief))
    assert response.status_code == 200, response.text


async def _dispatch(client, as_, act, world) -> None:
    body = {"summary": "家庭纠纷", "kind": "dispute", "location": NEAR_THE_LEADER}
    case = (await client.post(f"{API}/dispatches", json=body, headers=await as_(world.duty))).json()
    leader = await as_(world.leader)
    assert (await act(leader, case["id"], "accept")).status_code == 200
    assert (await act(leader, case["id"], "feedback", {"text": "已处置"})).status_code == 200


async def test_awards_past_the_kind_cap_are_written_with_what_is_left(
    client, as_, act, world, run_jobs, database
):
    await _small_caps(client, as_, world)
    for _ in range(3):
        await _dispatch(client, as_, act, world)
        later()
        await run_jobs()

    entries = await entries_of(database, world.leader)
    assert [e.points for e in entries] == [20, 10, 0]
    assert entries[0].reason.endswith("）")  # nothing said when the award is whole
    assert "（本月该项积分已达上限30分，本次记10分）" in entries[1].reason
    assert "（本月该项积分已达上限30分，本次记0分）" in entries[2].reason
    me = (await client.get(f"{API}/points/me", headers=await as_(world.leader))).json()
    assert (me["balance"], me["month_earned"], me["month_cap"], me["month_left"]) == (
        30,
        30,
        45,
        15,
    )


async def test_the_total_cap_binds_claims_too_and_a_new_month_starts_afresh(
    client, device, as_, act, world, run_jobs, database
):
    await _small_caps(client, as_, world)
    for _ in range(2):
        await _dispatch(client, as_, act, world)
        later()
        await run_jobs()  # 20 + 10: the dispatch cap
    leader = await as_(world.leader)
    claim = await client.post(
        f"{API}/points/claims",
        json={"text": "夜里送邻居去医院", "happened_on": clock.now().date().isoformat()},
        headers=leader,
    )
    assert claim.status_code == 201, claim.text

    approved = await client.post(
        f"{API}/points/claims/{claim.json()['id']}/approve",
        json={"points": 50},
        headers=await as_(world.village_police),
    )

    assert approved.status_code == 200, approved.text
    assert approved.json()["points"] == 15  # 45 total, 30 already earned
    [*_, entry] = await entries_of(database, world.leader)
    assert "本月积分已达总上限45分，本次记15分" in entry.reason
    clock.advance(timedelta(days=32))
    again = bearer(await wechat_login(client, device, world.leader.openid))  # a new login
    me = (await client.get(f"{API}/points/me", headers=again)).json()
    assert (me["balance"], me["month_earned"], me["month_left"]) == (45, 0, 45)
