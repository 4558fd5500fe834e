"""Audience-resolution benchmark on a generated 1,000,000-household PostgreSQL database:
preview (households, persons, WeChat-reachable) and creation of the delivery rows for a
village-level and a province-wide audience, each against a bare hand-written query producing
the same numbers / the same rows. Prints times, the ratios (bare time / engine time) and EQUAL
when the engine's numbers / row counts are the bare query's (exit 1 otherwise). Each time is
the median of --repeat runs after a warm-up of each, engine and bare taking turns; the load
average is printed before and after (the machine may be shared).

    python bench/audience.py                    # 1,000,000 households (seeding takes ~1-2 min)
    python bench/audience.py --households 10    # 100,000 households, a quick check
    python bench/audience.py --reuse --repeat 7 # skip seeding when the database is filled
    python bench/audience.py --reuse --preview-only
    python bench/audience.py --reuse --scopes village --repeat 15

The database (--db) is DROPPED and rebuilt unless --reuse."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import astuple
from pathlib import Path

from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bulletin_world import ADMIN_ID, ROOT_ID, Shape, area_ids, reset, seed

from jinghutong.bulletins.audience import resolve
from jinghutong.bulletins.audience.spec import AudienceSpec, check
from jinghutong.core import clock
from jinghutong.core.db import Database
from jinghutong.notifications.templates import BULLETIN_TEMPLATE

DEFAULT_DB = "postgresql+psycopg://postgres@127.0.0.1:5432/jht_bulletins_bench_audience"
BULLETIN_ID = "BENCHAUDIENCEBULLETIN00000"

BARE_PREVIEW = """
SELECT (SELECT count(*) FROM households WHERE area_path LIKE :path),
       count(*),
       count(*) FILTER (WHERE p.openid IS NOT NULL AND q.person_id IS NOT NULL)
FROM households h
JOIN memberships m ON m.household_id = h.id AND m.status = 'active'
JOIN persons p ON p.id = m.person_id
LEFT JOIN subscription_quotas q ON q.person_id = p.id AND q.template_id = :tmpl
     AND (q.remaining > 0 OR q.long_term)
WHERE h.area_path LIKE :path
"""
BARE_INSERT = """
INSERT INTO deliveries (bulletin_id, person_id, household_id, village_id, channel, status,
                        attempts, due_at)
SELECT :b, m.person_id, m.household_id, g.parent_id,
       CASE WHEN p.openid IS NOT NULL AND q.person_id IS NOT NULL THEN 'wechat' ELSE 'feed' END,
       CASE WHEN p.openid IS NOT NULL AND q.person_id IS NOT NULL THEN 'pending'
            ELSE 'no_quota' END,
       0, now()
FROM households h
JOIN memberships m ON m.household_id = h.id AND m.status = 'active'
JOIN persons p ON p.id = m.person_id
LEFT JOIN subscription_quotas q ON q.person_id = p.id AND q.template_id = :tmpl
     AND (q.remaining > 0 OR q.long_term)
JOIN areas mg ON mg.id = h.area_id
JOIN areas g ON g.id = mg.parent_id
WHERE h.area_path LIKE :path
"""


async def vacuum_deliveries(db: Database) -> None:
    """Clear the dead rows the rolled-back INSERTs left: else the first INSERT after one pays
    for them (unique-index entries of the same keys to check and mark dead, the heap to
    extend), the other side of the pair does not, and the order decides the ratio."""
    import psycopg
    from bulletin_world import sync_url

    with psycopg.connect(sync_url(db.url), autocommit=True) as conn:
        conn.execute("VACUUM deliveries")


async def once(
    db: Database, work: Callable[..., Awaitable[object]], clean: bool = False
) -> tuple[float, object]:
    """One run in a transaction that is rolled back (nothing stays behind); `clean`: vacuum
    the deliveries first (not timed)."""
    if clean:
        await vacuum_deliveries(db)
    async with db.engine.connect() as conn:
        tx = await conn.begin()
        started = time.perf_counter()
        result = await work(conn)
        elapsed = time.perf_counter() - started
        await tx.rollback()
    return elapsed, result


async def turns(
    db: Database,
    engine: Callable[..., Awaitable[object]],
    bare: Callable[..., Awaitable[object]],
    repeat: int,
    clean: bool = False,
) -> tuple[float, object, float, object]:
    """Medians of `repeat` runs of each after one warm-up of each, the two taking turns."""
    await once(db, engine, clean)
    await once(db, bare, clean)
    engine_times, bare_times = [], []
    engine_result = bare_result = None
    for _ in range(repeat):
        t, engine_result = await once(db, engine, clean)
        engine_times.append(t)
        t, bare_result = await once(db, bare, clean)
        bare_times.append(t)
    return (
        median(engine_times),
        engine_result,
        median(bare_times),
        bare_result,
    )


def median(values: list[float]) -> float:
    """(bench/statistics.py shadows the standard library's module on this path.)"""
    ordered, mid = sorted(values), len(values) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def verdict(same: bool) -> str:
    return "EQUAL" if same else "DIFFERENT"


async def run(db_url: str, label: str, area_id: str, repeat: int, rows: bool) -> bool:
    db = Database(db_url)
    try:
        async with db.session() as s:
            path = (
                await s.execute(text("SELECT path FROM areas WHERE id = :i"), {"i": area_id})
            ).scalar_one()
            checked = await check(s, ADMIN_ID, AudienceSpec(areas=[area_id]))

        async def engine_preview(conn):  # type: ignore[no-untyped-def]
            from sqlalchemy.ext.asyncio import AsyncSession

            return await resolve.preview(AsyncSession(bind=conn), checked, BULLETIN_TEMPLATE)

        async def bare_preview(conn):  # type: ignore[no-untyped-def]
            row = await conn.execute(
                text(BARE_PREVIEW), {"path": path + "%", "tmpl": BULLETIN_TEMPLATE}
            )
            return tuple(row.one())

        async def engine_insert(conn):  # type: ignore[no-untyped-def]
            from sqlalchemy.ext.asyncio import AsyncSession

            return await resolve.create_deliveries(
                AsyncSession(bind=conn), checked, BULLETIN_ID, BULLETIN_TEMPLATE, clock.now()
            )

        async def bare_insert(conn):  # type: ignore[no-untyped-def]
            res = await conn.execute(
                text(BARE_INSERT), {"b": BULLETIN_ID, "path": path + "%", "tmpl": BULLETIN_TEMPLATE}
            )
            return res.rowcount

        ep, ep_result, bp, bp_result = await turns(db, engine_preview, bare_preview, repeat)
        assert isinstance(ep_result, resolve.Preview)
        same_preview = astuple(ep_result) == bp_result
        print(
            f"  {label}: preview {ep:.3f} s {ep_result} vs bare {bp:.3f} s {bp_result}"
            f" → ratio {bp / ep:.2f} {verdict(same_preview)}",
            flush=True,
        )
        if not rows:
            return same_preview
        ei, ei_rows, bi, bi_rows = await turns(db, engine_insert, bare_insert, repeat, clean=True)
        print(
            f"  {label}: delivery rows {ei:.3f} s ({ei_rows} rows) vs bare INSERT … SELECT "
            f"{bi:.3f} s ({bi_rows} rows) → ratio {bi / ei:.2f} {verdict(ei_rows == bi_rows)}"
        )
        return same_preview and ei_rows == bi_rows
    finally:
        await db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", default=DEFAULT_DB)
    parser.add_argument(
        "--households", type=int, default=100, help="per micro-grid (100 → 1,000,000)"
    )
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each (median)")
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument(
        "--scopes", default="village,province", help="which audiences to time (comma-separated)"
    )
    parser.add_argument(
        "--preview-only",
        action="store_true",
        help="skip the delivery rows (the province's 1,000,000-row INSERT takes minutes a run)",
    )
    args = parser.parse_args()

    shape = Shape(
        stations=20,
        townships=5,
        villages=10,
        grids=2,
        micro_grids=5,
        households=args.households,
        quota_percent=30,
    )
    if not args.reuse:
        reset(args.db)
        print(f"seeding {shape.total_households:,} households … ", end="", flush=True)
        print(f"{seed(args.db, shape):.1f} s")
    import psycopg
    from bulletin_world import sync_url

    with psycopg.connect(sync_url(args.db)) as conn:
        conn.execute(
            """INSERT INTO bulletins (id, category, title, body, important, audience, reach_path,
                   status, author_id, updated_at, created_at)
               VALUES (%s, '反诈宣传', 't', 'b', false, %s, '/', 'draft', %s, now(), now())
               ON CONFLICT DO NOTHING""",
            (BULLETIN_ID, json.dumps({}), ADMIN_ID),
        )
        conn.commit()
    [village] = area_ids(args.db, "village")
    print(
        f"audience resolution, {shape.total_households:,} households "
        f"(median of {args.repeat}; load average {load()}):"
    )
    rows = not args.preview_only
    same = True
    for scope in args.scopes.split(","):
        area = {"village": village, "province": ROOT_ID}[scope]
        same = asyncio.run(run(args.db, scope, area, args.repeat, rows)) and same
    print(f"load average after: {load()}")
    if not same:
        sys.exit(1)


def load() -> str:
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


if __name__ == "__main__":
    main()
