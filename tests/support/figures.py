"""Helpers for the figures' tests (tests/statistics/figures): a station with two townships and
a neighbouring station, 警情 written as the 110 import stores them with their rollup rebuilt
by the incidents domain's own function, and the figures read through HTTP."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from itertools import count
from typing import Any

import httpx
from openpyxl import load_workbook
from sqlalchemy import insert

from jinghutong.core.clock import SHANGHAI
from jinghutong.core.ids import new_id
from jinghutong.models import Area, AreaLevel, Incident, Person, Role
from jinghutong.statistics.incidents.rebuild import rebuild
from support.factories import grant, make_area, make_person
from support.points_world import PointsWorld, make_points_world

API = "/api/v1/statistics"
_numbers = count(1)


@dataclass
class Station:
    world: PointsWorld  # 测试派出所: 大墅镇 (上坊村 = tree.village, 桐坑源村 = tree.other_village)
    township2: Area  # 姜家镇
    village3: Area  # 姜家村, in 姜家镇
    neighbour: Area  # 汾口派出所, another station
    neighbour_village: Area  # 汾口村
    neighbour_chief: Person  # its chief (password chief-fenkou)
    two_village_officer: Person  # 民警 of 上坊村 and 桐坑源村 (password mj-two)

    def __getattr__(self, name: str) -> Any:  # station.chief as world.chief, station.tree …
        return getattr(self.world, name)


async def make_station(session, emulator) -> Station:
    world = await make_points_world(session, emulator)
    township2 = await make_area(session, "姜家镇", AreaLevel.township, world.tree.station)
    village3 = await make_area(session, "姜家村", AreaLevel.village, township2)
    neighbour = await make_area(session, "汾口派出所", AreaLevel.station)
    town = await make_area(session, "汾口镇", AreaLevel.township, neighbour)
    neighbour_village = await make_area(session, "汾口村", AreaLevel.village, town)
    neighbour_chief = await make_person(session, "汾口所长", username="chief-fenkou")
    await grant(session, neighbour_chief, Role.chief, neighbour)
    officer = await make_person(session, "两村民警", username="mj-two")
    for village in (world.tree.village, world.tree.other_village):
        await grant(session, officer, Role.area_officer, village)
    await session.flush()
    return Station(
        world, township2, village3, neighbour, neighbour_village, neighbour_chief, officer
    )


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    """A China time of `day`, as UTC."""
    return datetime.combine(day, time(hour, minute), SHANGHAI).astimezone(UTC)


def incident(
    station: Area, place: Area, day: date, category: str, hour: int = 10, **extra: Any
) -> dict[str, Any]:
    reported = extra.pop("reported_at", at(day, hour))
    return {
        "id": new_id(),
        "created_at": reported,
        "station_id": station.id,
        "area_id": place.id,
        "area_path": place.path,
        "source": "110",
        "number": f"J{next(_numbers):08d}",
        "reported_at": reported,
        "day": reported.astimezone(SHANGHAI).date(),
        "category": category,
        "mapped_from": category,
        **extra,
    }


async def put(session, rows: list[dict[str, Any]]) -> None:
    """Store the incidents and rebuild the rollup from them (statistics/incidents)."""
    for start in range(0, len(rows), 500):
        await session.execute(insert(Incident), rows[start : start + 500])
    await rebuild(session, "/")
    await session.commit()


def spread(
    station: Area, places: list[Area], year: int, counts: dict[str, int]
) -> list[dict[str, Any]]:
    """`counts` incidents per category over `year`, round the places and the days."""
    rows, n = [], 0
    for category, many in counts.items():
        for _ in range(many):
            day = date(year, 1, 1) + timedelta(days=(n * 37) % 365)
            rows.append(incident(station, places[n % len(places)], day, category))
            n += 1
    return rows


async def figures(client: httpx.AsyncClient, headers: dict[str, str], **params: Any) -> Any:
    response = await client.get(f"{API}/incidents", params=params, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def sheets(content: bytes) -> dict[str, list[list[Any]]]:
    """Every sheet of a workbook as rows of values (row 1 the title, row 2 the headers)."""
    book = load_workbook(io.BytesIO(content), read_only=True)
    return {s.title: [list(r) for r in s.iter_rows(values_only=True)] for s in book.worksheets}
