"""The one permission rule: role R on an area that contains X."""

from __future__ import annotations

from jinghutong.identity.access import has_role_over, scope_paths
from jinghutong.models import Role
from support.factories import grant, make_person, make_tree


async def test_a_grant_on_a_village_covers_what_lies_under_it(session):
    tree = await make_tree(session)
    officer = await make_person(session, "王建国")
    await grant(session, officer, Role.area_officer, tree.village)

    assert await has_role_over(session, officer.id, [Role.area_officer], tree.micro_grid.path)
    assert await has_role_over(session, officer.id, [Role.area_officer], tree.village.path)


async def test_a_grant_does_not_cover_the_neighbouring_village_or_the_area_above(session):
    tree = await make_tree(session)
    officer = await make_person(session, "王建国")
    await grant(session, officer, Role.area_officer, tree.village)

    assert not await has_role_over(
        session, officer.id, [Role.area_officer], tree.other_micro_grid.path
    )
    assert not await has_role_over(session, officer.id, [Role.area_officer], tree.township.path)


async def test_the_role_must_match(session):
    tree = await make_tree(session)
    leader = await make_person(session, "余春花")
    await grant(session, leader, Role.group_leader, tree.micro_grid)

    assert await has_role_over(session, leader.id, [Role.group_leader], tree.micro_grid.path)
    assert not await has_role_over(session, leader.id, [Role.chief], tree.micro_grid.path)


async def test_scope_paths_keep_only_the_outermost_areas(session):
    tree = await make_tree(session)
    person = await make_person(session, "徐卫东")
    await grant(session, person, Role.admin, tree.station)
    await grant(session, person, Role.admin, tree.village)
    await grant(session, person, Role.group_leader, tree.other_micro_grid)

    assert await scope_paths(session, person.id, [Role.admin]) == [tree.station.path]
    assert await scope_paths(session, person.id, [Role.area_officer]) == []
