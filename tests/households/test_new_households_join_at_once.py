"""A household added by hand or by import can be joined with its printed code straight away:
its code exists from the moment it is created."""

from __future__ import annotations

import io

from sqlalchemy import select

from jinghutong.households.codes.scenes import scene_for
from jinghutong.models import Household, Role
from support.auth import bearer, password_login, wechat_login
from support.factories import STAFF_PASSWORD, grant, make_person, make_tree


async def _bind(client, device, openid: str, scene: str) -> int:
    villager = bearer(await wechat_login(client, device, openid))
    response = await client.post("/api/v1/households/bind", json={"scene": scene}, headers=villager)
    return response.status_code


async def test_a_household_created_in_the_register_joins_with_its_code(client, device, session):
    tree = await make_tree(session)
    police = await make_person(session, "陈建国", username="cj-test")
    await grant(session, police, Role.village_police, tree.village)
    staff = bearer(await password_login(client, "cj-test", STAFF_PASSWORD))

    created = await client.post(
        "/api/v1/households",
        json={"area_id": tree.micro_grid.id, "address": "上坊村新屋1号", "head_name": "方新民"},
        headers=staff,
    )
    assert created.status_code == 201, created.text

    assert await _bind(client, device, "o-new-1", scene_for(created.json()["id"], 0)) == 201


async def test_an_imported_household_joins_with_its_code(client, device, session):
    tree = await make_tree(session)
    police = await make_person(session, "陈建国", username="cj-test")
    await grant(session, police, Role.village_police, tree.village)
    staff = bearer(await password_login(client, "cj-test", STAFF_PASSWORD))
    csv = "微网格,门牌地址,户主姓名,人口数\n上坊村第1微网格,上坊村新屋2号,方旧民,3\n"

    imported = await client.post(
        "/api/v1/households/import",
        data={"area_id": tree.village.id},
        files={"file": ("户籍.csv", io.BytesIO(csv.encode()), "text/csv")},
        headers=staff,
    )
    assert imported.status_code == 200, imported.text
    assert imported.json()["created"] == 1

    household_id = await session.scalar(
        select(Household.id).where(Household.address == "上坊村新屋2号")
    )
    assert await _bind(client, device, "o-new-2", scene_for(household_id, 0)) == 201
