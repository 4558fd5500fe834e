"""One station, two villages: an area officer of 上坊村, the chief, a 联户长, villagers in three
households (some on WeChat with a subscribe quota for bulletins, one without WeChat)."""

from __future__ import annotations

import pytest

from jinghutong.models import HouseholdTag, Role
from support.bulletins import OTHER_VILLAGE_CODE, VILLAGE_CODE, World, give_quota
from support.factories import grant, join, make_household, make_person, make_tree


@pytest.fixture
async def world(session, emulator, device) -> World:
    tree = await make_tree(session)
    tree.village.code, tree.other_village.code = VILLAGE_CODE, OTHER_VILLAGE_CODE
    officer = await make_person(session, "陈建国", username="officer")
    chief = await make_person(session, "王所长", username="chief")
    leader = await make_person(session, "余春花", openid="o-leader")
    await grant(session, officer, Role.area_officer, tree.village)
    await grant(session, chief, Role.chief, tree.station)
    await grant(session, leader, Role.group_leader, tree.micro_grid)
    h1 = await make_household(session, tree.micro_grid, "上坊村下坞1号", "方桂英")
    h2 = await make_household(session, tree.micro_grid, "上坊村下坞2号", "余土根")
    h3 = await make_household(session, tree.other_micro_grid, "桐坑源村3号", "方有才")
    session.add(HouseholdTag(household_id=h1.id, tag="独居老人"))
    p1 = await make_person(session, "方桂英", openid="o-p1")
    p2 = await make_person(session, "余土根", openid="o-p2")
    p3 = await make_person(session, "方有才", openid="o-p3")
    p4 = await make_person(session, "方小妹")
    for person, household in ((p1, h1), (p2, h2), (p3, h3), (p4, h1)):
        await join(session, person, household)
    emulator.state.login("o-p2")
    await give_quota(session, emulator, p1)
    await give_quota(session, emulator, p3)
    return World(tree, officer, chief, leader, h1, h2, h3, p1, p2, p3, p4)
