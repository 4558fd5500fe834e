"""The ledger's api as the rewards and leaderboard packages call it."""

from __future__ import annotations

from jinghutong.points.ledger.api import append_entry, balance, household_balance


async def test_an_entry_with_the_same_award_key_is_written_once(session, gov):
    first = await append_entry(
        session,
        person_id=gov.villager.id,
        event_kind="redemption",
        points=-30,
        source_type="redemption",
        source_id=gov.h1.id,
        reason="兑换洗衣粉一袋",
        award_key="redemption:r1",
    )
    again = await append_entry(
        session,
        person_id=gov.villager.id,
        event_kind="redemption",
        points=-30,
        source_type="redemption",
        source_id=gov.h1.id,
        reason="兑换洗衣粉一袋",
        award_key="redemption:r1",
    )
    assert again.id == first.id
    assert first.household_id == gov.h1.id
    assert first.area_path == gov.tree.micro_grid.path
    assert await balance(session, gov.villager.id) == -30
    assert await household_balance(session, gov.h1.id) == -30
    assert await balance(session, gov.leader.id) == 0


async def test_a_leader_without_a_household_stands_in_the_micro_grid_they_lead(session, gov):
    entry = await append_entry(
        session,
        person_id=gov.leader.id,
        event_kind="claim",
        points=10,
        source_type="claim",
        source_id=gov.h1.id,
        reason="夜里送邻居去医院",
        award_key="claim:c1",
    )
    assert entry.household_id is None
    assert entry.area_path == gov.tree.micro_grid.path
    assert await balance(session, gov.leader.id) == 10
