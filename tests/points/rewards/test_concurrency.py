"""Redemptions at the same moment, on a real engine with committed data (each request its own
session and connection; on PostgreSQL truly concurrent transactions), cleaned up afterwards:
the last item goes to exactly one person, and one person's points are never spent twice."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import httpx
import pytest
from sqlalchemy import delete, func, select

from jinghutong.app import create_app
from jinghutong.core.db import Database
from jinghutong.models import (
    ApiToken,
    Area,
    AreaLevel,
    Household,
    IdempotencyRecord,
    Membership,
    Person,
    PointsEntry,
    Redemption,
    Reward,
    Role,
    RoleGrant,
)
from jinghutong.points.ledger.api import append_entry, balance
from support.auth import bearer, wechat_login
from support.rewards import API

OPENIDS = ("o-rush-a", "o-rush-b")


@dataclass
class Rush:
    areas: list[str]  # deepest first
    people: list[str]
    households: list[str]
    reward_id: str


async def _area(s, name: str, level: AreaLevel, parent: Area | None) -> Area:
    area = Area(level=level, name=name, path="/", depth=parent.depth + 1 if parent else 0)
    area.parent_id = parent.id if parent else None
    s.add(area)
    await s.flush()
    area.path = (parent.path if parent else "/") + area.id + "/"
    await s.flush()
    return area


async def _arrange(
    db: Database, points: int, reward_points: int, stock: int, *, homes: bool = True
) -> Rush:
    """A station with two villagers in a household each (`homes`; else two 联户长 of its
    micro-grid, in no household), each holding `points`, and one reward."""
    async with db.session() as s:
        station = await _area(s, "并发兑换派出所", AreaLevel.station, None)
        village = await _area(s, "抢兑村", AreaLevel.village, station)
        micro = await _area(s, "抢兑村第1微网格", AreaLevel.micro_grid, village)
        people, homes = [], []
        for n, openid in enumerate(OPENIDS):
            person = Person(name=f"村民{n}", openid=openid)
            home = Household(area_id=micro.id, area_path=micro.path, address=f"抢兑村{n}号")
            home.head_name = person.name
            s.add_all([person, home])
            await s.flush()
            if homes:
                s.add(Membership(person_id=person.id, household_id=home.id, status="active"))
            else:
                s.add(RoleGrant(person_id=person.id, role=Role.group_leader, area_id=micro.id))
            await s.flush()
            await append_entry(
                s,
                person_id=person.id,
                event_kind="dispatch_feedback",
                points=points,
                source_type="case",
                source_id=person.id,
                reason="接警到场并反馈",
                award_key=f"rush:{person.id}",
            )
            people.append(person.id)
            homes.append(home.id)
        reward = Reward(station_id=station.id, name="毛巾", points=reward_points, stock=stock)
        s.add(reward)
        await s.flush()
        return Rush([micro.id, village.id, station.id], people, homes, reward.id)


async def _clean(db: Database, rush: Rush) -> None:
    async with db.session() as s:
        await s.execute(delete(Redemption).where(Redemption.reward_id == rush.reward_id))
        await s.execute(delete(PointsEntry).where(PointsEntry.person_id.in_(rush.people)))
        await s.execute(
            delete(IdempotencyRecord).where(IdempotencyRecord.person_id.in_(rush.people))
        )
        await s.execute(delete(ApiToken).where(ApiToken.person_id.in_(rush.people)))
        await s.execute(delete(Membership).where(Membership.person_id.in_(rush.people)))
        await s.execute(delete(RoleGrant).where(RoleGrant.person_id.in_(rush.people)))
        await s.execute(delete(Household).where(Household.id.in_(rush.households)))
        await s.execute(delete(Reward).where(Reward.id == rush.reward_id))
        await s.execute(delete(Person).where(Person.id.in_(rush.people)))
        for area_id in rush.areas:
            await s.execute(delete(Area).where(Area.id == area_id))


async def _redeem(client: httpx.AsyncClient, headers, reward_id: str, key: str):
    return await client.post(
        f"{API}/redemptions",
        json={"reward_id": reward_id, "pool": "mine"},
        headers={**headers, "Idempotency-Key": key},
    )


async def test_two_people_redeem_the_last_towel_at_once_and_one_gets_it(
    app_settings, database_url, device
):
    db = Database(database_url)
    app = create_app(app_settings, database=db, mount_emulator=False)
    rush = await _arrange(db, points=100, reward_points=20, stock=1)
    try:
        transport = httpx.ASGITransport(app=app)
        async with (
            httpx.AsyncClient(transport=transport, base_url="http://testserver") as first,
            httpx.AsyncClient(transport=transport, base_url="http://testserver") as second,
        ):
            a = bearer(await wechat_login(first, device, OPENIDS[0]))
            b = bearer(await wechat_login(second, device, OPENIDS[1]))
            answers = await asyncio.gather(
                _redeem(first, a, rush.reward_id, "last-a"),
                _redeem(second, b, rush.reward_id, "last-b"),
            )

        assert sorted(r.status_code for r in answers) == [201, 409], [r.text for r in answers]
        assert [r.json()["error"] for r in answers if r.status_code == 409] == ["OutOfStock"]
        async with db.session() as s:
            stock = await s.scalar(select(Reward.stock).where(Reward.id == rush.reward_id))
            made = await s.scalar(
                select(func.count())
                .select_from(Redemption)
                .where(Redemption.reward_id == rush.reward_id)
            )
            balances = sorted([await balance(s, p) for p in rush.people])
        assert stock == 0
        assert made == 1
        assert balances == [80, 100]  # the loser's points untouched
    finally:
        await _clean(db, rush)
        await app.state.wechat.aclose()
        await db.dispose()


@pytest.mark.parametrize("homes", [True, False], ids=["villager", "leader-without-household"])
async def test_one_person_redeeming_at_once_spends_no_more_than_they_have(
    app_settings, database_url, device, homes
):
    db = Database(database_url)
    app = create_app(app_settings, database=db, mount_emulator=False)
    rush = await _arrange(db, points=50, reward_points=20, stock=10, homes=homes)
    tries = 6
    try:
        transport = httpx.ASGITransport(app=app)
        clients = [
            httpx.AsyncClient(transport=transport, base_url="http://testserver")
            for _ in range(tries)
        ]
        try:
            headers = bearer(await wechat_login(clients[0], device, OPENIDS[0]))
            answers = await asyncio.gather(
                *(_redeem(c, headers, rush.reward_id, f"many-{n}") for n, c in enumerate(clients))
            )
        finally:
            for c in clients:
                await c.aclose()

        codes = sorted(r.status_code for r in answers)
        assert codes == [201, 201] + [409] * (tries - 2), [r.text for r in answers]
        assert {r.json()["error"] for r in answers if r.status_code == 409} == {"NotEnoughPoints"}
        async with db.session() as s:
            left = await balance(s, rush.people[0])
            stock = await s.scalar(select(Reward.stock).where(Reward.id == rush.reward_id))
        assert left == 10
        assert stock == 8
    finally:
        await _clean(db, rush)
        await app.state.wechat.aclose()
        await db.dispose()
