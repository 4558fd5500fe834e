"""A small jurisdiction with people in every role the register cares about."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from jinghutong.models import Household, HouseholdTag, Person, Role
from support.auth import bearer, password_login, wechat_login
from support.factories import (
    STAFF_PASSWORD,
    Tree,
    grant,
    join,
    make_household,
    make_person,
    make_tree,
)


@dataclass
class World:
    tree: Tree
    home: Household  # in tree.micro_grid (上坊村)
    away: Household  # in tree.other_micro_grid (桐坑源村)
    villager: Person
    police: Person  # 村警 of 上坊村
    leader: Person  # 联户长 of 上坊村第1微网格
    admin: Person  # 管理员 of the station


@pytest.fixture
async def world(session) -> World:
    tree = await make_tree(session)
    home = await make_household(session, tree.micro_grid, "上坊村下坞12号", "方桂英")
    away = await make_household(session, tree.other_micro_grid, "桐坑源村3号", "余春花")
    session.add(HouseholdTag(household_id=home.id, tag="独居老人"))
    villager = await make_person(session, "方桂英", openid="o-villager", phone="13905710001")
    await join(session, villager, home)
    police = await make_person(session, "郑卫东", username="police")
    await grant(session, police, Role.village_police, tree.village)
    leader = await make_person(session, "余建国", openid="o-leader", username="leader")
    await grant(session, leader, Role.group_leader, tree.micro_grid)
    admin = await make_person(session, "管理员", username="admin")
    await grant(session, admin, Role.admin, tree.station)
    await session.commit()
    return World(tree, home, away, villager, police, leader, admin)


@pytest.fixture
def as_staff(client):
    async def login(username: str) -> dict[str, str]:
        return bearer(await password_login(client, username, STAFF_PASSWORD))

    return login


@pytest.fixture
def as_villager(client, device):
    async def login(openid: str = "o-villager") -> dict[str, str]:
        return bearer(await wechat_login(client, device, openid))

    return login
