"""The household pools its points: the head (户主) spends what the family earned; a member
spends only their own, and only while the pool still holds it."""

from __future__ import annotations

from sqlalchemy import select

from jinghutong.models import PointsEntry
from jinghutong.points.ledger.api import household_balance
from support.factories import join
from support.rewards import API, award, points_of, redeem, stock_of


async def test_the_head_spends_the_members_pooled_points(client, session, world, phones):
    gov = world.gov
    await award(session, world.member, 20, "visit:v1")
    await award(session, gov.villager, 15, "hazard:h1")

    answer = await redeem(client, phones.villager, world.soap, pool="household")

    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert body["pool"] == "household" and body["balance_after"] == 5
    assert body["household"] == {"id": gov.h1.id, "name": "桃林村下坞1号"}
    assert await household_balance(session, gov.h1.id) == 5
    hold = await session.scalar(
        select(PointsEntry).where(PointsEntry.award_key == f"redemption:{body['id']}")
    )
    assert hold is not None and (hold.person_id, hold.household_id) == (gov.villager.id, gov.h1.id)
    assert await stock_of(session, world.soap) == 4


async def test_a_member_who_is_not_the_head_cannot_spend_the_pool(client, session, world, phones):
    await award(session, world.member, 20, "visit:v1")
    await award(session, world.gov.villager, 15, "hazard:h1")

    answer = await redeem(client, phones.member, world.soap, pool="household")

    assert answer.status_code == 403
    assert answer.json() == {
        "error": "NotHouseholdHead",
        "detail": "只有户主可以用全家的积分兑换；您可以用自己的积分兑换",
    }
    assert await household_balance(session, world.gov.h1.id) == 35
    assert await stock_of(session, world.soap) == 5


async def test_a_member_spends_their_own_but_not_what_the_head_already_spent(
    client, session, world, phones
):
    await award(session, world.member, 40, "visit:v1")
    assert (await redeem(client, phones.member, world.towel)).status_code == 201  # 20 of 40
    await award(session, world.gov.villager, 10, "hazard:h1")
    # The head spends the pool (10 of theirs + the member's 20 left): 30 → 0 left.
    assert (await redeem(client, phones.villager, world.soap, pool="household")).status_code == 201

    answer = await redeem(client, phones.member, world.soap)

    assert answer.status_code == 409 and answer.json()["error"] == "NotEnoughPoints"
    assert "您现在可用 0 分" in answer.json()["detail"]
    assert await points_of(session, world.member) == 20  # theirs on paper, spent by the family
    assert await household_balance(session, world.gov.h1.id) == 0


async def test_the_catalogue_says_what_each_may_spend(client, session, world, phones):
    await award(session, world.member, 20, "visit:v1")
    await award(session, world.gov.villager, 15, "hazard:h1")

    head = (await client.get(f"{API}/rewards", headers=phones.villager)).json()
    member = (await client.get(f"{API}/rewards", headers=phones.member)).json()
    staff = (await client.get(f"{API}/rewards", headers=phones.village_police)).json()

    assert head["available"] == {"mine": 15, "household": 35}
    assert member["available"] == {"mine": 20, "household": None}
    assert staff["available"] is None


async def test_points_earned_before_joining_a_household_stay_the_leaders_own(
    client, session, world, phones
):
    gov = world.gov
    await award(session, gov.leader, 40, "dispatch:c1")  # no household yet: unpooled
    await join(session, gov.leader, gov.h2)  # then scans the door plate
    await award(session, gov.leader, 10, "visit:v1")  # stamped with h2

    soap = await redeem(client, phones.leader, world.soap)  # 30: the unpooled part pays
    towel = await redeem(client, phones.leader, world.towel)  # 20: neither part has 20

    assert soap.status_code == 201, soap.text
    hold = await session.scalar(
        select(PointsEntry).where(PointsEntry.award_key == f"redemption:{soap.json()['id']}")
    )
    assert hold is not None and hold.household_id is None
    assert await household_balance(session, gov.h2.id) == 10
    assert towel.status_code == 409 and "您现在可用 10 分" in towel.json()["detail"]
    assert await points_of(session, gov.leader) == 20
