"""The world the joining tests share: a micro-grid with its 联户长, a 村警, and a household
whose code exists (plus the neighbouring village's). Each conftest that needs it re-exports
`world`."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from jinghutong.households.codes.service import ensure_codes
from jinghutong.models import Household, Person, Role
from support.factories import Tree, grant, make_household, make_person, make_tree


@dataclass
class World:
    tree: Tree
    household: Household
    other_household: Household
    leader: Person
    other_leader: Person
    village_police: Person


@pytest.fixture
async def world(session) -> World:
    tree = await make_tree(session)
    leader = await make_person(session, "余春花", openid="o-leader")
    other_leader = await make_person(session, "方志强", openid="o-other-leader")
    police = await make_person(session, "陈建国", openid="o-village-police")
    await grant(session, leader, Role.group_leader, tree.micro_grid)
    await grant(session, other_leader, Role.group_leader, tree.other_micro_grid)
    await grant(session, police, Role.village_police, tree.village)
    household = await make_household(session, tree.micro_grid)
    other = await make_household(session, tree.other_micro_grid, "桐坑源村3号", "方有才")
    await ensure_codes(session, [household.id, other.id])
    return World(tree, household, other, leader, other_leader, police)
