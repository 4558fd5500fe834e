"""Province-scale 警情 figures (issue 18 item 4): a generated province on PostgreSQL — about
1,500 stations with their townships and villages, 10,000,000 警情 over 2023 and 2024 and
their rollup (every level of the area path, by day and by month), built by the incidents
domain's own rebuild — then the dashboard's queries for the province and for one village,
2024 against 2023 (同比), for the whole years and for 15 January – 20 November (ragged months):

  (a) bare GROUP BY over the raw incidents: `SELECT category, count(*) … FROM incidents WHERE
      area_path LIKE … AND day BETWEEN … GROUP BY category` (and by village, by month);
  (b) the same figures through the service (statistics.figures.service.figures_of: the
      rollup's queries, the areas, the lines built);

printing ratio = bare / ours for each and checking the numbers are EQUAL (exit 1 if not).
Both sides read the two periods in one statement, each period summed apart, so the ratio
measures what is read — raw rows or rollup rows — and not how many statements. Each timing
is the median of --repeat runs after a warm-up, bare and ours taking turns.

    python bench/statistics.py                     # 10 M 警情 (building takes a while)
    python bench/statistics.py --small             # 200,000 警情, seconds (the test runs it)
    python bench/statistics.py --reuse --keep      # time again on a database kept before

The database (--database-url, default jht_bench_stats on the local server) is created,
wiped and migrated, and dropped at the end unless --keep."""

from __future__ import annotations

import sys
from pathlib import Path

# This file's name is the standard library's: take the real `statistics` before bench/ goes
# on the path for the sibling modules, so that nobody imports this file in its place.
_HERE = str(Path(__file__).resolve().parent)
sys.path[:] = [p for p in sys.path if str(Path(p or ".").resolve()) != _HERE]
import statistics  # noqa: E402

sys.path.insert(1, _HERE)

import argparse  # noqa: E402
import asyncio  # noqa: E402
import time  # noqa: E402
from collections.abc import Awaitable, Callable  # noqa: E402
from datetime import date  # noqa: E402
from typing import Any  # noqa: E402

import psycopg  # noqa: E402
from bulletin_world import reset  # noqa: E402
from psycopg import sql  # noqa: E402
from sqlalchemy import make_url, select, text  # noqa: E402
from statistics_world import SMALL, Shape, seed, sync_url, vacuum  # noqa: E402

from jinghutong.core.db import Database  # noqa: E402
from jinghutong.models import VALID_CATEGORIES, Area  # noqa: E402
from jinghutong.statistics.figures.periods import Compare, Period, year_before  # noqa: E402
from jinghutong.statistics.figures.service import figures_of  # noqa: E402
from jinghutong.statistics.incidents.rebuild import rebuild  # noqa: E402

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/jht_bench_stats"
THIS = Period(date(2024, 1, 1), date(2024, 12, 31))
# A period with ragged month edges (its first and last months from the rollup's day rows).
RAGGED = Period(date(2024, 1, 15), date(2024, 11, 20))
VALID = frozenset(str(c) for c in VALID_CATEGORIES)
_BOTH = """FROM incidents WHERE area_path LIKE :path
           AND (day BETWEEN :a0 AND :b0 OR day BETWEEN :a1 AND :b1)"""
_SUMS = """count(*) FILTER (WHERE day BETWEEN :a0 AND :b0),
           count(*) FILTER (WHERE day BETWEEN :a1 AND :b1)"""
BARE = {
    "category": f"SELECT category, {_SUMS} {_BOTH} GROUP BY category",
    "village": f"SELECT area_id, category, {_SUMS} {_BOTH} GROUP BY area_id, category",
    "month": f"""SELECT extract(year FROM day)::int, extract(month FROM day)::int, category,
                        count(*) {_BOTH} GROUP BY 1, 2, 3""",
}
Numbers = dict[Any, tuple[int, ...]]
_SIZES = """SELECT (SELECT count(*) FROM incidents), (SELECT count(*) FROM incident_counts),
                   (SELECT count(*) FROM incident_counts WHERE grain = 'month')"""


def bare_numbers(kind: str, rows: list[Any], villages: set[str]) -> Numbers:
    """The bare rows as the figures say them: per category (this, last); per village (or
    None: not placed below the station) and per month, (total, valid)."""
    out: dict[Any, list[int]] = {}
    for row in rows:
        if kind == "category":
            out[row[0]] = [row[1], row[2]]
            continue
        if kind == "village":
            key, category, counts = row[0] if row[0] in villages else None, row[1], row[2:]
        else:
            key, category, counts = (row[0], row[1]), row[2], (row[3],)
        line = out.setdefault(key, [0] * 2 * len(counts))
        for i, n in enumerate(counts):
            line[2 * i] += n
            line[2 * i + 1] += n if category in VALID else 0
    return {k: tuple(v) for k, v in out.items() if any(v)}


def our_numbers(kind: str, figures: Any) -> Numbers:
    if kind == "category":
        lines = figures.categories
        return {x.code: (x.count, x.previous) for x in lines if x.count or x.previous}
    out: Numbers = {}
    for g in figures.groups:
        t, v = g.total, g.valid
        if kind == "village" and (t.count or t.previous):
            out[g.key] = (t.count, v.count, t.previous, v.previous)
        elif kind == "month":
            year, month = (int(part) for part in g.key.split("-"))
            out[(year, month)] = (t.count, v.count)
            out[(year - 1, month)] = (t.previous, v.previous)
    return {k: v for k, v in out.items() if any(v)}


async def timed(work: Callable[[], Awaitable[Any]]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = await work()
    return time.perf_counter() - started, result


async def compare(
    db: Database, label: str, area: Area, villages: set[str], repeat: int, this: Period
) -> bool:
    last = year_before(this)
    params = {"path": area.path + "%", "a0": this.start, "b0": this.end}
    params |= {"a1": last.start, "b1": last.end}
    equal = True
    for kind, query in BARE.items():

        async def bare(query: str = query) -> list[Any]:
            async with db.engine.connect() as conn:
                return list((await conn.execute(text(query), params)).all())

        async def ours(kind: str = kind) -> Any:
            async with db.session(read_only=True) as session:
                return await figures_of(session, area, this, kind, Compare.yoy)  # type: ignore[arg-type]

        await bare(), await ours()  # warm-up: plans, caches, connections
        bare_times, our_times = [], []
        for _ in range(repeat):  # taking turns: both meet the same drift of the machine
            seconds, rows = await timed(bare)
            bare_times.append(seconds)
            seconds, figures = await timed(ours)
            our_times.append(seconds)
        b, o = statistics.median(bare_times), statistics.median(our_times)
        same = bare_numbers(kind, rows, villages) == our_numbers(kind, figures)
        equal &= same
        print(
            f"  {label:<8} by {kind:<8} bare {b * 1000:9.1f} ms · ours {o * 1000:8.1f} ms"
            f" · ratio = {b / o:6.1f} · {'EQUAL' if same else 'DIFFERENT'}",
            flush=True,
        )
    return equal


async def measure(url: str, repeat: int) -> bool:
    db = Database(url)
    try:
        async with db.session(read_only=True) as s:
            province = await s.scalar(select(Area).where(Area.level == "province"))
            village = await s.scalar(
                select(Area).where(Area.level == "village").order_by(Area.path).limit(1)
            )
            villages = set((await s.scalars(select(Area.id).where(Area.level == "village"))).all())
            counts = (await s.execute(text(_SIZES))).one()
        assert province is not None and village is not None
        incidents, rows, months = counts
        print(
            f"{incidents:,} incidents, {rows:,} rollup rows at every level ({months:,} of them"
            f" months; {rows / max(incidents, 1):.2f} per incident); median of {repeat}:"
        )
        equal = True
        for this in (THIS, RAGGED):
            print(f" {this.start} … {this.end} against {year_before(this).start} … (同比):")
            for label, area in (("province", province), ("village", village)):
                equal &= await compare(db, label, area, villages, repeat, this)
        return equal
    finally:
        await db.dispose()


async def roll_up(url: str) -> float:
    db = Database(url)
    try:
        started = time.perf_counter()
        async with db.session() as session:
            await session.execute(text("SET LOCAL work_mem = '256MB'"))
            await rebuild(session, "/")
        return time.perf_counter() - started
    finally:
        await db.dispose()


def drop(url: str) -> None:
    target = make_url(url)
    maintenance = sync_url(target.set(database="postgres").render_as_string(hide_password=False))
    with psycopg.connect(maintenance, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(target.database)))


def load() -> str:
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--small", action="store_true", help="200,000 警情 in 20 stations")
    parser.add_argument("--incidents", type=int, help="how many 警情 (default 10,000,000)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--reuse", action="store_true", help="time the database kept before")
    parser.add_argument("--keep", action="store_true", help="do not drop the database after")
    args = parser.parse_args()
    shape = SMALL if args.small else Shape()
    if args.incidents:
        shape = Shape(**{**shape.__dict__, "incidents": args.incidents})
    url = args.database_url
    print(f"load average before: {load()}")
    try:
        if not args.reuse:
            print(f"a province of {shape.total_stations:,} stations, "
                  f"{shape.total_villages:,} villages, {shape.incidents:,} 警情:")  # fmt: skip
            reset(url)
            took = seed(url, shape, lambda line: print(line, flush=True))
            print(f"  areas {took['areas']:.1f} s, incidents (INSERT … SELECT generate_series, "
                  f"indexes made after) {took['incidents']:.1f} s")  # fmt: skip
            print(
                f"  rollup (statistics.incidents.rebuild.rebuild) {asyncio.run(roll_up(url)):.1f} s"
            )
            vacuum(url)
        equal = asyncio.run(measure(url, args.repeat))
    finally:
        print(f"load average after: {load()}")
        if not args.keep:
            drop(url)
    print(
        "figures EQUAL to the bare GROUP BY" if equal else "figures DIFFER from the bare GROUP BY"
    )
    return 0 if equal else 1


if __name__ == "__main__":
    sys.exit(main())
