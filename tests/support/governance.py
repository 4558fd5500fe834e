"""A small world for the governance tests: one station, two villages, and the people who record
and decide — logged in the way they log in (staff by password, the 联户长 through WeChat)."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from jinghutong.models import Household, Person, Role
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

API = "/api/v1"


@dataclass
class GovernanceWorld:
    tree: Tree
    leader: Person  # 联户长 of tree.micro_grid (WeChat o-gov-leader)
    village_police: Person  # 村警 of tree.village (password cj-gov)
    officer: Person  # 防区民警 of tree.village (password mj-gov)
    chief: Person  # 所长 of the station (password chief-gov)
    admin: Person  # 管理员 of the station (password admin-gov)
    other_police: Person  # 村警 of tree.other_village (password cj-other)
    villager: Person  # a member of h1 (WeChat o-gov-villager)
    h1: Household  # tree.micro_grid
    h2: Household  # tree.micro_grid
    h3: Household  # tree.other_micro_grid


async def make_governance_world(session, emulator) -> GovernanceWorld:
    tree = await make_tree(session)
    leader = await make_person(session, "余春花", openid="o-gov-leader", phone="13900000001")
    village_police = await make_person(session, "方建军", username="cj-gov", phone="13900000002")
    officer = await make_person(session, "陈建国", username="mj-gov", phone="13900000003")
    chief = await make_person(session, "王所长", username="chief-gov")
    admin = await make_person(session, "管理员", username="admin-gov")
    other_police = await make_person(session, "汪小林", username="cj-other")
    villager = await make_person(session, "叶土根", openid="o-gov-villager")
    await grant(session, leader, Role.group_leader, tree.micro_grid)
    await grant(session, village_police, Role.village_police, tree.village)
    await grant(session, officer, Role.area_officer, tree.village)
    await grant(session, chief, Role.chief, tree.station)
    await grant(session, admin, Role.admin, tree.station)
    await grant(session, other_police, Role.village_police, tree.other_village)
    h1 = await make_household(session, tree.micro_grid, "桃林村下坞1号", "叶土根")
    h2 = await make_household(session, tree.micro_grid, "桃林村下坞2号", "叶春生")
    h3 = await make_household(session, tree.other_micro_grid, "桐坑源村3号", "方有才")
    await join(session, villager, h1)
    emulator.state.login("o-gov-leader")
    return GovernanceWorld(
        tree, leader, village_police, officer, chief, admin, other_police, villager, h1, h2, h3
    )


async def staff_headers(client: httpx.AsyncClient, username: str) -> dict[str, str]:
    return bearer(await password_login(client, username, STAFF_PASSWORD))


async def wechat_headers(
    client: httpx.AsyncClient, device: httpx.AsyncClient, openid: str
) -> dict[str, str]:
    return bearer(await wechat_login(client, device, openid))
