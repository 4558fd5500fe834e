"""The figures' world: the points world's station (测试派出所 with 大墅镇: 上坊村, 桐坑源村) plus a
second township (姜家镇: 姜家村), a neighbouring station with its chief, and an officer over
two villages (support/figures.py); staff log in by password, villagers through WeChat."""

from __future__ import annotations

import pytest

from support.figures import Station, make_station
from support.points_world import Phones


@pytest.fixture
async def station(session, emulator) -> Station:
    made = await make_station(session, emulator)
    await session.commit()
    return made


@pytest.fixture
def as_(client, device) -> Phones:
    return Phones(client, device)
