"""The rewards tests' world: the governance world (support/governance.py) with a household head
and a second member in h1, and a catalogue at the station (support/rewards.py)."""

from __future__ import annotations

from dataclasses import dataclass

import httpx
import pytest
from sqlalchemy import select

from jinghutong.models import Membership, Person, Reward
from support.factories import join, make_person
from support.governance import GovernanceWorld, make_governance_world, staff_headers, wechat_headers
from support.rewards import make_reward


@dataclass
class RewardsWorld:
    gov: GovernanceWorld
    member: Person  # 叶小梅, a member (子女) of h1 whose head (户主) is gov.villager (o-rw-member)
    soap: Reward  # 洗衣粉, 30 points, 5 in stock at the station
    towel: Reward  # 毛巾, 20 points, 1 in stock


@pytest.fixture
async def world(session, emulator, device) -> RewardsWorld:
    gov = await make_governance_world(session, emulator)
    head = await session.scalar(select(Membership).where(Membership.person_id == gov.villager.id))
    head.relation = "户主"
    member = await make_person(session, "叶小梅", openid="o-rw-member")
    (await join(session, member, gov.h1)).relation = "子女"
    soap = await make_reward(session, gov.tree.station, "洗衣粉", 30, 5)
    towel = await make_reward(session, gov.tree.station, "毛巾", 20, 1)
    await session.flush()
    return RewardsWorld(gov, member, soap, towel)


@dataclass
class Phones:
    """Logged-in headers, the way each person logs in."""

    leader: dict[str, str]
    villager: dict[str, str]  # the head of h1
    member: dict[str, str]
    village_police: dict[str, str]
    chief: dict[str, str]
    admin: dict[str, str]
    other_police: dict[str, str]


@pytest.fixture
async def phones(client: httpx.AsyncClient, device, world) -> Phones:
    return Phones(
        leader=await wechat_headers(client, device, "o-gov-leader"),
        villager=await wechat_headers(client, device, "o-gov-villager"),
        member=await wechat_headers(client, device, "o-rw-member"),
        village_police=await staff_headers(client, "cj-gov"),
        chief=await staff_headers(client, "chief-gov"),
        admin=await staff_headers(client, "admin-gov"),
        other_police=await staff_headers(client, "cj-other"),
    )
