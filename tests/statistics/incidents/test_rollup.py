"""The daily rollup equals a bare GROUP BY over the incidents — after imports, the mirror and
category changes, after a rebuild, and when imports, mirrors and a rebuild run at the same
time in separate sessions (on PostgreSQL truly concurrent transactions, on SQLite one writer)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select, update

from jinghutong.core.db import Database
from jinghutong.core.errors import NotFound
from jinghutong.core.ids import new_id
from jinghutong.models import (
    Area,
    AreaLevel,
    AuditEvent,
    Case,
    CaseEvent,
    Incident,
    IncidentCount,
    Person,
)
from jinghutong.models.incident import IncidentCursor
from jinghutong.statistics.incidents.check import raw_counts, rollup_counts
from jinghutong.statistics.incidents.importing import run_import
from jinghutong.statistics.incidents.maintenance import rebuild_rollup
from jinghutong.statistics.incidents.mirror import mirror_cases
from support.incidents import HEADER, rollup_is_raw, rollup_total
from support.spreadsheets import xlsx_bytes

DAY = date(2024, 7, 29)


def rows(prefix: str, n: int, kind: str = "治安案件", unit: str = "上坊村") -> list[list[object]]:
    return [
        [f"{prefix}-{i:03d}", f"2024-07-29 {8 + i % 12:02d}:00", kind, "", unit, "", ""]
        for i in range(n)
    ]


async def test_a_rebuild_restores_a_damaged_rollup_for_one_station_only(
    upload, desk, database, as_, client
):
    await upload(xlsx_bytes([HEADER, *rows("A", 5), *rows("B", 3, "纠纷", "桐坑源村")]))
    other = await upload(
        xlsx_bytes([HEADER, *rows("F", 4, "求助", "汾口村")]),
        person=desk.bureau,
        station_id=desk.other_station.id,
    )
    assert other.json()["created"] == 4
    async with database.session() as s:  # damage both stations' rows
        await s.execute(update(IncidentCount).values(public_order=IncidentCount.public_order + 7))
        await s.execute(
            delete(IncidentCount).where(IncidentCount.area_id == desk.tree.other_village.id)
        )

    done = await rebuild_rollup(database, desk.tree.station.id)

    # 上坊村 and 桐坑源村, 大墅镇, the station: a day row and a month row each
    assert (done.scope, done.rows, done.incidents) == ("测试派出所", 8, 8)
    await rollup_is_raw(database, desk.tree.station.path)
    assert await rollup_total(database, area=desk.other_station) == 4 + 7  # left as it was
    everything = await rebuild_rollup(database)
    assert (everything.scope, everything.incidents) == ("全部", 12)
    await rollup_is_raw(database)


async def test_a_rebuild_of_what_is_not_a_station_is_refused(desk, database):
    with pytest.raises(NotFound, match="派出所"):
        await rebuild_rollup(database, desk.tree.village.id)


# -- at the same time, on a real database with committed rows ----------------------------------


@dataclass
class Scene:
    stations: list[Area]
    villages: list[Area]
    areas: list[str]  # deepest first, for the clean-up
    reporter: str
    case_ids: list[str]


async def _area(s, name: str, level: AreaLevel, parent: Area | None) -> Area:
    area_id = new_id()
    area = Area(
        id=area_id,
        parent_id=parent.id if parent else None,
        level=level,
        name=name,
        path=(parent.path if parent else "/") + area_id + "/",
        depth=parent.depth + 1 if parent else 0,
    )
    s.add(area)
    await s.flush()
    return area


async def _arrange(db: Database, cases: int) -> Scene:
    """Two stations with a village each; `cases` alarms reported in the first village on DAY."""
    async with db.session() as s:
        first = await _area(s, "并发一所", AreaLevel.station, None)
        town = await _area(s, "并发镇", AreaLevel.township, first)
        village = await _area(s, "上坊村", AreaLevel.village, town)
        micro = await _area(s, "上坊村第1微网格", AreaLevel.micro_grid, village)
        second = await _area(s, "并发二所", AreaLevel.station, None)
        far = await _area(s, "汾口村", AreaLevel.village, second)
        reporter = Person(name="报警人")
        s.add(reporter)
        await s.flush()
        case_ids = []
        for n in range(cases):
            case = Case(
                number=f"JA-19990729-{n:04d}",
                kind="alarm",
                text="打架",
                reporter_id=reporter.id,
                area_id=micro.id,
                area_path=micro.path,
                created_at=datetime(2024, 7, 29, 4, n % 60, tzinfo=UTC),
            )
            s.add(case)
            await s.flush()
            s.add(
                CaseEvent(
                    case_id=case.id,
                    seq=1,
                    actor_kind="person",
                    type="created",
                    payload={},
                    prev_hash="0" * 64,
                    hash="1" * 64,
                )
            )
            case_ids.append(case.id)
        areas = [micro.id, village.id, town.id, far.id, first.id, second.id]
        return Scene([first, second], [village, far], areas, reporter.id, case_ids)


async def _clean(db: Database, scene: Scene) -> None:
    async with db.session() as s:
        station_ids = [a.id for a in scene.stations]
        await s.execute(delete(Incident).where(Incident.station_id.in_(station_ids)))
        for station in scene.stations:
            await s.execute(
                delete(IncidentCount).where(IncidentCount.area_path.like(station.path + "%"))
            )
        await s.execute(delete(CaseEvent).where(CaseEvent.case_id.in_(scene.case_ids)))
        await s.execute(delete(Case).where(Case.id.in_(scene.case_ids)))
        await s.execute(delete(Person).where(Person.id == scene.reporter))
        await s.execute(delete(AuditEvent).where(AuditEvent.subject_id.in_(station_ids)))
        await s.execute(delete(IncidentCursor))
        for area_id in scene.areas:
            await s.execute(delete(Area).where(Area.id == area_id))


async def _import(db: Database, station: Area, path: Path) -> int:
    async with db.session() as s:
        report = await run_import(s, station, path, path.name, dry_run=False)
        return report.created


async def _mirror(db: Database) -> int:
    async with db.session() as s:
        return await mirror_cases(s)


async def _rebuild(db: Database, station: Area) -> None:
    await rebuild_rollup(db, station.id)


async def test_imports_mirrors_and_a_rebuild_at_once_lose_no_count(database_url, tmp_path):
    db = Database(database_url)
    scene = await _arrange(db, cases=30)
    try:
        first, second = scene.stations
        files = []
        for name, data in (
            ("a", rows("A", 40)),
            ("b", rows("B", 40)),
            ("c", rows("A", 20) + rows("C", 20)),  # half of a's numbers again: unchanged
            ("far", rows("F", 25, unit="汾口村")),
        ):
            path = tmp_path / f"{name}.xlsx"
            path.write_bytes(xlsx_bytes([HEADER, *data]))
            files.append(path)

        created = await asyncio.gather(
            _import(db, first, files[0]),
            _mirror(db),
            _import(db, first, files[1]),
            _import(db, second, files[3]),
            _mirror(db),
            _import(db, first, files[2]),
            _rebuild(db, first),
        )

        imports, mirrors = [created[i] for i in (0, 2, 3, 5)], [created[1], created[4]]
        assert sum(imports) == 40 + 40 + 20 + 25  # whichever came first, c's 20 A rows are old
        assert sum(mirrors) == 30
        async with db.session(read_only=True) as s:
            for station in scene.stations:
                assert await rollup_counts(s, station.path) == await raw_counts(s, station.path)
            village = scene.villages[0]
            busy = await s.scalar(
                select(IncidentCount.public_order).where(
                    IncidentCount.grain == "day",
                    IncidentCount.first_day == DAY,
                    IncidentCount.area_id == village.id,
                )
            )
            mirrored = await s.scalar(
                select(func.count()).where(Incident.case_id.in_(scene.case_ids))
            )
        assert mirrored == 30  # each case once, though two sweeps ran at once
        assert busy == 40 + 40 + 20 + 30  # one rollup row that every writer bumped
    finally:
        await _clean(db, scene)
        await db.dispose()
