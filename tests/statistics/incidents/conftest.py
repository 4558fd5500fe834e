"""The 警情 register's world: the points world (a station with 上坊村 and 桐坑源村 in 大墅镇, its
villager, 联户长, 村警, 民警, duty room, chief and admin — support/points_world.py) plus a
second station (汾口派出所, its village 汾口村) whose rows must never land in ours; a 110
export uploaded as the console does; the worker's jobs (helpers: support/incidents.py)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from jinghutong.models import Area, AreaLevel, Person, Role
from support.factories import grant, make_area, make_person
from support.incidents import API, XLSX
from support.points_world import Phones, PointsWorld, job_runner, make_points_world


@dataclass
class Desk:
    world: PointsWorld
    other_station: Area  # 汾口派出所
    other_station_village: Area  # 汾口村, under it
    bureau: Person  # 县局管理员: admin of both stations (password county-admin)

    def __getattr__(self, name: str):  # desk.admin as world.admin, desk.tree …
        return getattr(self.world, name)


@pytest.fixture
async def desk(session, emulator, device) -> Desk:
    world = await make_points_world(session, emulator)
    other = await make_area(session, "汾口派出所", AreaLevel.station)
    town = await make_area(session, "汾口镇", AreaLevel.township, other)
    village = await make_area(session, "汾口村", AreaLevel.village, town)
    bureau = await make_person(session, "县局管理员", username="county-admin")
    for station in (world.tree.station, other):
        await grant(session, bureau, Role.admin, station)
    await session.commit()
    return Desk(world, other, village, bureau)


@pytest.fixture
def as_(client, device) -> Phones:
    return Phones(client, device)


@pytest.fixture
def run_jobs(app, database, app_settings):
    return job_runner(app, database, app_settings)


@pytest.fixture
def upload(client, as_, desk):
    """POST a 110 export as `person` (the admin by default)."""

    async def send(content: bytes, name: str = "110警情.xlsx", person=None, **data):
        kind = XLSX if name.endswith(".xlsx") else "text/csv"
        return await client.post(
            f"{API}/incidents/import",
            headers=await as_(person or desk.admin),
            files={"file": (name, content, kind)},
            data=data,
        )

    return send
