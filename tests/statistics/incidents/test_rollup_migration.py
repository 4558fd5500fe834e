"""The migration to `incident_counts` builds its rows — every level, both grains — from the
incidents already recorded, and its downgrade builds `incident_daily` back from them; on a
scratch database of its own (a SQLite file, or `<test database>_rollup_migration` on the
PostgreSQL server of JHT_TEST_DATABASE_URL), since it moves the schema up and down."""

from __future__ import annotations

import asyncio
import os
from datetime import date

import psycopg
import pytest
from alembic import command
from psycopg import sql
from sqlalchemy import insert, make_url, text

from jinghutong.core.db import Database
from jinghutong.core.ids import new_id
from jinghutong.core.migrate import alembic_config
from jinghutong.models import Area, AreaLevel, Incident
from jinghutong.statistics.incidents.check import raw_counts, rollup_counts
from support.figures import incident

BEFORE = "569fa51f6879"  # incident_daily
AFTER = "3c41d7a9b2e5"  # incident_counts


def _maintenance(url: str) -> tuple[str, str]:
    target = make_url(url)
    admin = target.set(drivername="postgresql", database="postgres")
    return admin.render_as_string(hide_password=False), str(target.database)


@pytest.fixture
def scratch_url(tmp_path):
    base = os.environ.get("JHT_TEST_DATABASE_URL")
    if not base:
        yield f"sqlite+aiosqlite:///{tmp_path / 'migration.db'}"
        return
    url = make_url(base)
    url = url.set(database=f"{url.database}_rollup_migration")
    admin, name = _maintenance(url.render_as_string(hide_password=False))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield url.render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))


def _area(name: str, level: AreaLevel, parent: Area | None) -> Area:
    area_id = new_id()
    return Area(
        id=area_id,
        parent_id=parent.id if parent else None,
        level=level,
        name=name,
        path=(parent.path if parent else "/") + area_id + "/",
        depth=parent.depth + 1 if parent else 0,
    )


async def _record(url: str) -> dict[str, str]:
    """A province down to two villages, and 警情 at the villages and at the station."""
    province = _area("省", AreaLevel.province, None)
    city = _area("市", AreaLevel.city, province)
    county = _area("县", AreaLevel.county, city)
    station = _area("所", AreaLevel.station, county)
    town = _area("镇", AreaLevel.township, station)
    east, west = _area("东村", AreaLevel.village, town), _area("西村", AreaLevel.village, town)
    areas = {a.name: a for a in (province, city, county, station, town, east, west)}
    rows = [
        incident(station, east, date(2024, 3, 5), "public_order"),
        incident(station, east, date(2024, 3, 5), "public_order"),
        incident(station, west, date(2024, 3, 31), "dispute"),
        incident(station, station, date(2024, 4, 2), "invalid"),
        incident(station, west, date(2023, 12, 31), "help"),
    ]
    db = Database(url)
    try:
        async with db.session() as s:
            for area in areas.values():
                s.add(area)
                await s.flush()
            await s.execute(insert(Incident), rows)
    finally:
        await db.dispose()
    return {name: area.id for name, area in areas.items()}


async def test_the_migration_builds_every_level_from_the_recorded_incidents(scratch_url):
    config = alembic_config(scratch_url)
    await asyncio.to_thread(command.upgrade, config, BEFORE)
    ids = await _record(scratch_url)

    await asyncio.to_thread(command.upgrade, config, AFTER)

    db = Database(scratch_url)
    try:
        async with db.session(read_only=True) as s:
            built = await rollup_counts(s)
            assert built == await raw_counts(s)
        assert built[(ids["省"], "month", date(2024, 3, 1), "public_order")] == 2
        assert built[(ids["省"], "month", date(2024, 3, 1), "dispute")] == 1
        assert built[(ids["所"], "day", date(2024, 4, 2), "invalid")] == 1
        assert (ids["镇"], "day", date(2024, 4, 2), "invalid") not in built  # no village known
        assert built[(ids["县"], "month", date(2023, 12, 1), "help")] == 1
        assert len({k[0] for k in built}) == 7  # every level from the province to the villages

        await asyncio.to_thread(command.downgrade, config, BEFORE)
        async with db.session(read_only=True) as s:
            daily = await s.execute(text("SELECT area_id, category, count FROM incident_daily"))
            got = sorted((a, c, n) for a, c, n in daily.all())
        assert got == sorted(
            [
                (ids["东村"], "public_order", 2),
                (ids["西村"], "dispute", 1),
                (ids["所"], "invalid", 1),
                (ids["西村"], "help", 1),
            ]
        )
    finally:
        await db.dispose()
