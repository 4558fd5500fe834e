"""Routing's reads: the holders read together with the reporter's home are exactly those the
separate lookup finds (nearest area first, only the first active membership's home)."""

from __future__ import annotations

from datetime import timedelta

from jinghutong.cases.repository import RoutingRepository
from jinghutong.models import MembershipStatus
from support.factories import grant, join, make_household, make_person


async def test_holders_read_with_the_home_match_the_separate_lookup(session, world) -> None:
    repo = RoutingRepository(session)
    # A second 联户长 on the village above, and a second, later home in another village.
    await grant(session, world.other_leader, "group_leader", world.tree.village)
    later = await make_household(session, world.tree.other_micro_grid, "下坊村2号", "方某")
    membership = await join(session, world.villager, later)
    membership.created_at += timedelta(minutes=1)  # surely later, whatever the clock's grain
    await session.flush()

    for role in ("group_leader", "area_officer", "village_police", "duty_room", "nobody"):
        found = await repo.home_of(world.villager.id, holders_of=role)
        assert found is not None
        household, area, holders = found
        assert household.id == world.household.id  # the first membership's home
        assert holders == await repo.named_holders(role, area.path)
    leaders = (await repo.home_of(world.villager.id, holders_of="group_leader"))[2]
    assert list(leaders) == [world.leader.id, world.other_leader.id]  # nearest first

    # Without a role only the home; without an active membership, nothing.
    assert (await repo.home_of(world.villager.id))[2] == {}
    stranger = await make_person(session, "过路人")
    assert await repo.home_of(stranger.id, holders_of="group_leader") is None
    pending = await make_person(session, "待审核")
    await join(session, pending, world.household, status=MembershipStatus.pending)
    assert await repo.home_of(pending.id, holders_of="group_leader") is None
