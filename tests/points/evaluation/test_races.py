"""Computations of one month at once (the chief's click and the monthly job, or two clicks), on
committed data, each in its own session and connection (on PostgreSQL truly concurrent): one
sheet per 村警 and no error. Cleaned up afterwards."""

from __future__ import annotations

import asyncio

from sqlalchemy import delete, select

from jinghutong.core.db import Database
from jinghutong.models import Area, AreaLevel, EvaluationSheet, Person, RoleGrant
from jinghutong.points.evaluation.compute import compute_under, window_of
from support.evaluation import beijing, previous_month


async def _arrange(db: Database) -> dict[str, str]:
    async with db.session() as s:
        station = Area(level=AreaLevel.station, name="并发派出所", path="/", depth=0)
        s.add(station)
        await s.flush()
        station.path = f"/{station.id}/"
        village = Area(level=AreaLevel.village, name="并发村", path="/", depth=1)
        village.parent_id = station.id
        s.add(village)
        await s.flush()
        village.path = f"{station.path}{village.id}/"
        police = [Person(name=f"并发村警{n}") for n in range(3)]
        s.add_all(police)
        await s.flush()
        for person in police:
            s.add(RoleGrant(person_id=person.id, role="village_police", area_id=village.id))
        return {
            "station": station.id,
            "village": village.id,
            "path": station.path,
            "police": ",".join(p.id for p in police),
        }


async def _clean(db: Database, ids: dict[str, str]) -> None:
    police = ids["police"].split(",")
    async with db.session() as s:
        await s.execute(delete(EvaluationSheet).where(EvaluationSheet.person_id.in_(police)))
        await s.execute(delete(RoleGrant).where(RoleGrant.person_id.in_(police)))
        await s.execute(delete(Person).where(Person.id.in_(police)))
        await s.execute(delete(Area).where(Area.id == ids["village"]))
        await s.execute(delete(Area).where(Area.id == ids["station"]))


async def test_three_computations_of_one_month_at_once_leave_one_sheet_each(database_url):
    db = Database(database_url)
    ids = await _arrange(db)
    month, _ = previous_month(beijing())

    async def compute() -> list[str]:
        async with db.session() as s:
            results = await compute_under(s, [ids["path"]], window_of(month))
            return sorted(r.outcome for r in results)

    try:
        outcomes = await asyncio.gather(compute(), compute(), compute())

        assert sorted(outcomes) == [
            ["computed"] * 3,
            ["recomputed"] * 3,
            ["recomputed"] * 3,
        ]
        async with db.session() as s:
            sheets = (
                await s.scalars(
                    select(EvaluationSheet).where(
                        EvaluationSheet.person_id.in_(ids["police"].split(","))
                    )
                )
            ).all()
        assert sorted(sh.person_id for sh in sheets) == sorted(ids["police"].split(","))
    finally:
        await _clean(db, ids)
        await db.dispose()
