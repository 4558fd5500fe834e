"""Rebuilding the rollup (`incident_counts`, rollup.py) from the incidents, set-based: the
areas above each place are found once, by a recursive walk up `parent_id` (the same SQL on
SQLite and PostgreSQL), into a temporary table (analyzed on PostgreSQL, so that the planner
hash-joins the incidents with it); then one `INSERT … SELECT … GROUP BY` per level for the
day grain (the incidents joined to that table), and one per level for the month grain, summed
from that level's day rows. Rows go in in day order, as the writers add them day after day: the
rows of one day (or month) and level lie together, as they do in a rollup kept for years, and
a province's village table for a month reads them from neighbouring pages.

`rebuild(session, prefix)` recomputes the rows of the areas at or under `prefix` (a station's
path, or "/" for everything). The rows of the areas above it (county, city, province: they
count other stations too) are moved by the difference between the prefix area's rows after
and before, so they stay the sum of what is under them when they were before; only a rebuild
of everything recomputes them outright.

On PostgreSQL it locks the rollup table against other writers (SHARE ROW EXCLUSIVE) until it
commits: a writer that already applied its deltas has committed before the rebuild reads; one
that has not yet applied them waits and applies them on top of the rebuilt rows, whose read did
not see its uncommitted incidents either way."""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    Column,
    Date,
    MetaData,
    String,
    Table,
    case,
    delete,
    func,
    insert,
    literal,
    select,
    text,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import aliased
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from jinghutong.models import Area, Incident, IncidentCount
from jinghutong.models.incident import ROLLUP_CATEGORIES, ROLLUP_LEVELS, RollupGrain
from jinghutong.statistics.incidents.rollup import Place, RowDeltas, places_on

_COLUMNS = ["area_id", "grain", "first_day", "level", "area_path", *ROLLUP_CATEGORIES]
_DAY, _MONTH = RollupGrain.day.value, RollupGrain.month.value
_COUNTED = [str(level) for level in ROLLUP_LEVELS]
# (area, an area at or above it under the prefix, of a counted level): for one rebuild only.
_ABOVE = Table(
    "rollup_rebuild_above",
    MetaData(),
    Column("area_id", String(26), primary_key=True),
    Column("above_id", String(26), primary_key=True),
    Column("level", String(16)),
    Column("path", String(400)),
    prefixes=["TEMPORARY"],
)


class month_start(FunctionElement[Any]):
    """SQL: the first day of the month of a date."""

    type = Date()
    name = "month_start"
    inherit_cache = True


@compiles(month_start)
def _month_start_sqlite(element: month_start, compiler: SQLCompiler, **kw: Any) -> str:
    return f"date({compiler.process(element.clauses, **kw)}, 'start of month')"


@compiles(month_start, "postgresql")
def _month_start_pg(element: month_start, compiler: SQLCompiler, **kw: Any) -> str:
    return f"CAST(date_trunc('month', {compiler.process(element.clauses, **kw)}) AS DATE)"


def _ancestors(prefix: str) -> Any:
    """(area_id, area, level, path): every area under `prefix` with itself and each area above
    it that is still under `prefix`, of a counted level."""
    start = select(Area.id.label("area_id"), Area.id.label("above_id")).where(
        Area.path.like(prefix + "%")
    )
    up = start.cte("up", recursive=True)
    parent = aliased(Area)
    up = up.union_all(
        select(up.c.area_id, parent.parent_id)
        .join(parent, parent.id == up.c.above_id)
        .where(parent.parent_id.is_not(None), parent.path != prefix)
    )
    above = aliased(Area)
    return (
        select(up.c.area_id, up.c.above_id, above.level, above.path)
        .join(above, above.id == up.c.above_id)
        .where(above.level.in_(_COUNTED))
    )


async def _fill_above(session: AsyncSession, prefix: str) -> None:
    connection = await session.connection()
    await connection.run_sync(lambda c: _ABOVE.drop(c, checkfirst=True))
    await connection.run_sync(lambda c: _ABOVE.create(c))
    columns = ["area_id", "above_id", "level", "path"]
    await session.execute(insert(_ABOVE).from_select(columns, _ancestors(prefix)))
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(text(f"ANALYZE {_ABOVE.name}"))


def _days_of_level(level: str, prefix: str) -> Any:
    sums = [func.sum(case((Incident.category == c, 1), else_=0)) for c in ROLLUP_CATEGORIES]
    x = _ABOVE.c
    return (
        select(
            x.above_id,
            literal(_DAY),
            Incident.day,
            func.min(x.level),
            func.min(x.path),
            *sums,
        )
        .select_from(Incident)
        .join(_ABOVE, x.area_id == Incident.area_id)
        .where(x.level == level, Incident.area_path.like(prefix + "%"))
        .group_by(x.above_id, Incident.day)
        .order_by(Incident.day, x.above_id)
    )


def _months_of_level(level: str, prefix: str) -> Any:
    month = month_start(IncidentCount.first_day)
    return (
        select(
            IncidentCount.area_id,
            literal(_MONTH),
            month,
            func.min(IncidentCount.level),
            func.min(IncidentCount.area_path),
            *(func.sum(getattr(IncidentCount, c)) for c in ROLLUP_CATEGORIES),
        )
        .where(
            IncidentCount.grain == _DAY,
            IncidentCount.level == level,
            IncidentCount.area_path.like(prefix + "%"),
        )
        .group_by(IncidentCount.area_id, month)
        .order_by(month, IncidentCount.area_id)
    )


async def _own_rows(session: AsyncSession, area_id: str) -> dict[tuple[str, Any], list[int]]:
    rows = await session.execute(
        select(
            IncidentCount.grain,
            IncidentCount.first_day,
            *(getattr(IncidentCount, c) for c in ROLLUP_CATEGORIES),
        ).where(IncidentCount.area_id == area_id)
    )
    return {(r[0], r[1]): list(r[2:]) for r in rows.all()}


async def rebuild(session: AsyncSession, path_prefix: str = "/") -> int:
    """Recompute the rollup under `path_prefix` from the incidents (and move the rows above
    it by the difference); returns how many rollup rows it holds under the prefix now."""
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(text("LOCK TABLE incident_counts IN SHARE ROW EXCLUSIVE MODE"))
    top = path_prefix.rstrip("/").rsplit("/", 1)[-1]
    above: dict[str, Place] = {}
    if top:
        places = await places_on(session, [path_prefix])
        if top not in places:
            raise ValueError("a rebuild starts at '/' or at an area the rollup counts")
        above = {a: p for a, p in places.items() if a != top}
    before = await _own_rows(session, top) if above else {}
    await session.execute(
        delete(IncidentCount).where(IncidentCount.area_path.like(path_prefix + "%"))
    )
    await _fill_above(session, path_prefix)
    for level in _COUNTED:
        grouped = _days_of_level(level, path_prefix)
        await session.execute(insert(IncidentCount).from_select(_COLUMNS, grouped))
    connection = await session.connection()
    await connection.run_sync(lambda c: _ABOVE.drop(c))
    for level in _COUNTED:
        grouped = _months_of_level(level, path_prefix)
        await session.execute(insert(IncidentCount).from_select(_COLUMNS, grouped))
    if above:
        await _move_above(session, above, before, await _own_rows(session, top))
    return (
        await session.scalar(
            select(func.count())
            .select_from(IncidentCount)
            .where(IncidentCount.area_path.like(path_prefix + "%"))
        )
        or 0
    )


async def _move_above(
    session: AsyncSession,
    above: dict[str, Place],
    before: dict[tuple[str, Any], list[int]],
    after: dict[tuple[str, Any], list[int]],
) -> None:
    deltas = RowDeltas()
    zero = [0] * len(ROLLUP_CATEGORIES)
    for grain, first_day in before.keys() | after.keys():
        old, new = before.get((grain, first_day), zero), after.get((grain, first_day), zero)
        for category, n_old, n_new in zip(ROLLUP_CATEGORIES, old, new, strict=True):
            if n_new != n_old:
                for area_id, place in above.items():
                    deltas.add((area_id, grain, first_day), place, category, n_new - n_old)
    await deltas.write(session)
