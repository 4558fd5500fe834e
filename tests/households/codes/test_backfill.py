"""Every household gets its current code hash up front (the demo loader leaves them empty)."""

from __future__ import annotations

import time

from sqlalchemy import func, insert, select

from jinghutong.core import clock
from jinghutong.core.ids import new_id
from jinghutong.households.codes.scenes import scene_for, scene_hash
from jinghutong.households.codes.service import ensure_all_codes, ensure_codes
from jinghutong.models import Household
from support.auth import bearer, wechat_login
from support.factories import make_person

MANY = 5_000


async def test_ensure_all_codes_fills_thousands_of_households_in_bulk(database, session, world):
    micro = world.tree.micro_grid
    rows = [
        {
            "id": new_id(),
            "area_id": micro.id,
            "area_path": micro.path,
            "address": f"上坊村{i}号",
            "head_name": "方某",
            "member_count": 1,
            "code_version": i % 3,
            "created_at": clock.now(),
            "updated_at": clock.now(),
        }
        for i in range(MANY)
    ]
    await session.execute(insert(Household.__table__), rows)  # type: ignore[arg-type]
    await session.commit()

    started = time.perf_counter()
    filled = await ensure_all_codes(database)
    print(f"\nensure_all_codes: {filled} households in {time.perf_counter() - started:.2f} s")

    assert filled == MANY
    missing = select(func.count()).where(Household.code_hash.is_(None))
    assert await session.scalar(missing) == 0
    sample = await session.get(Household, rows[7]["id"])
    assert sample is not None
    assert sample.code_hash == scene_hash(scene_for(sample.id, sample.code_version))
    assert await ensure_all_codes(database) == 0  # idempotent


async def test_a_printed_scene_binds_once_the_household_is_backfilled(
    client, device, session, world
):
    world.household.code_hash = None
    await session.flush()
    await make_person(session, "方小军", openid="o-applicant")
    headers = bearer(await wechat_login(client, device, "o-applicant"))
    scene = scene_for(world.household.id, world.household.code_version)

    before = await client.post("/api/v1/households/bind", json={"scene": scene}, headers=headers)
    await ensure_codes(session, [world.household.id])
    await session.commit()
    after = await client.post("/api/v1/households/bind", json={"scene": scene}, headers=headers)

    assert before.status_code == 404
    assert after.status_code == 201
    assert after.json()["household_id"] == world.household.id
