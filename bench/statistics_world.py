"""A generated province for bench/statistics.py, made with set-based SQL on PostgreSQL: areas
(province → cities → counties → stations → townships → villages, one INSERT … SELECT per
level) and N 警情 over 2023 and 2024 (`INSERT … SELECT generate_series`, in batches), spread
over the villages (≈ 5 % at a station: place not known), the days, the hours and the
categories in the proportions of a rural 110 book, with response times on most — each drawn
by its own hash of the row number (`hashint8extended(g, seed)`), so that place, day and
category are independent (a shared factor between linear draws would pair villages with
a few categories and make the rollup look denser than real books are).

The incidents' secondary indexes and unique constraint are dropped for the load and made
again after it (as a bulk load does; the same definitions, read from the catalogue), and
foreign-key triggers are off while rows that satisfy them by construction go in."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import psycopg

ROOT_ID = "BENCHPROVINCE0000000000000"
LEVELS = ("city", "county", "station", "township", "village")
# (category, per cent of all 警情, the 细类 written): public order and help lead, as in
# the demo station's books (statistics/incidents, demo/history_texts.py).
CATEGORIES = (
    ("public_order", 30, "殴打他人"), ("help", 24, "求助"), ("dispute", 10, "邻里纠纷"),
    ("traffic", 8, "交通事故"), ("invalid", 8, "骚扰电话"), ("report", 6, "举报"),
    ("other", 6, "咨询"), ("criminal", 6, "诈骗"), ("fire", 2, "火灾"),
)  # fmt: skip
BATCH = 1_000_000


@dataclass(frozen=True)
class Shape:
    cities: int = 11
    counties: int = 8  # per city
    stations: int = 17  # per county: 11 × 8 × 17 = 1,496 stations
    townships: int = 3  # per station
    villages: int = 6  # per township
    incidents: int = 10_000_000

    @property
    def total_stations(self) -> int:
        return self.cities * self.counties * self.stations

    @property
    def total_villages(self) -> int:
        return self.total_stations * self.townships * self.villages


SMALL = Shape(cities=2, counties=2, stations=5, townships=3, villages=6, incidents=200_000)


def sync_url(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


def _children(conn: psycopg.Connection, parent: str, level: str, n: int, depth: int) -> None:
    conn.execute(
        """
        INSERT INTO areas (id, parent_id, level, name, path, depth, created_at)
        SELECT upper(substr(md5(p.id || '/' || g), 1, 26)), p.id, %(level)s::varchar,
               p.name || '-' || g, p.path || upper(substr(md5(p.id || '/' || g), 1, 26)) || '/',
               %(depth)s, now()
        FROM areas p, generate_series(1, %(n)s) g
        WHERE p.level = %(parent)s
        """,
        {"level": level, "depth": depth, "n": n, "parent": parent},
    )


def seed_areas(conn: psycopg.Connection, shape: Shape) -> None:
    conn.execute(
        "INSERT INTO areas (id, level, name, path, depth, created_at) "
        "VALUES (%s, 'province', '浙江省', %s, 0, now())",
        (ROOT_ID, f"/{ROOT_ID}/"),
    )
    counts = (shape.cities, shape.counties, shape.stations, shape.townships, shape.villages)
    parent = "province"
    for depth, (level, n) in enumerate(zip(LEVELS, counts, strict=True), start=1):
        _children(conn, parent, level, n, depth)
        parent = level
    # Where an incident goes: every village, and every station (a place not known below it).
    conn.execute(
        """
        CREATE TABLE bench_places AS
        SELECT row_number() OVER (ORDER BY path) AS n, id AS area_id, path AS area_path,
               split_part(path, '/', 5) AS station_id
        FROM areas WHERE level IN ('village', 'station')
        """
    )
    conn.execute("ALTER TABLE bench_places ADD PRIMARY KEY (n)")
    rows, low = [], 0
    for category, share, sub in CATEGORIES:
        rows.append((low, low + share - 1, category, sub))
        low += share
    conn.execute("CREATE TABLE bench_categories (lo int, hi int, category text, sub text)")
    conn.cursor().executemany("INSERT INTO bench_categories VALUES (%s, %s, %s, %s)", rows)


_INSERT = """
INSERT INTO incidents (id, created_at, station_id, area_id, area_path, source, number,
                       reported_at, day, category, mapped_from, subcategory, address, result,
                       accepted_at, arrived_at)
SELECT 'I' || lpad(g::text, 25, '0'), t.at, p.station_id, p.area_id, p.area_path, '110',
       'B' || g, t.at, t.day, c.category, c.category, c.sub,
       '第' || (g %% 97) || '组' || (g %% 53) || '号附近', '已处理，双方当场和解',
       CASE WHEN g %% 10 < 7 THEN t.at + (g %% 1800) * interval '1 second' END,
       CASE WHEN g %% 10 < 6 THEN t.at + (g %% 1800 + 300 + g %% 2400) * interval '1 second' END
FROM generate_series(%(lo)s::bigint, %(hi)s::bigint) g
JOIN bench_places p ON p.n = abs(hashint8extended(g, 1) %% %(places)s) + 1
JOIN bench_categories c ON abs(hashint8extended(g, 2) %% 100) BETWEEN c.lo AND c.hi
CROSS JOIN LATERAL (
    SELECT d AS day,
           (d + abs(hashint8extended(g, 4) %% 86400) * interval '1 second')
               AT TIME ZONE 'Asia/Shanghai' AS at
    FROM (SELECT date '2023-01-01' + abs(hashint8extended(g, 3) %% 731)::int AS d) days
) t
"""


def _secondary(conn: psycopg.Connection) -> tuple[list[str], list[str]]:
    """The incidents table's unique constraints and plain indexes, as statements that make
    them again; dropped meanwhile."""
    constraints = conn.execute(
        """SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
           WHERE conrelid = 'incidents'::regclass AND contype = 'u'"""
    ).fetchall()
    indexes = conn.execute(
        """SELECT i.indexname, i.indexdef FROM pg_indexes i
           WHERE i.tablename = 'incidents' AND NOT EXISTS (
               SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)"""
    ).fetchall()
    for name, _ in constraints:
        conn.execute(f'ALTER TABLE incidents DROP CONSTRAINT "{name}"')
    for name, _ in indexes:
        conn.execute(f'DROP INDEX "{name}"')
    remake = [f'ALTER TABLE incidents ADD CONSTRAINT "{n}" {d}' for n, d in constraints]
    return remake, [d for _, d in indexes]


def seed_incidents(conn: psycopg.Connection, shape: Shape, progress: Callable[[int], None]) -> None:
    places = conn.execute("SELECT count(*) FROM bench_places").fetchone()[0]  # type: ignore[index]
    remake, indexes = _secondary(conn)
    conn.execute("SET session_replication_role = replica")  # no FK triggers for the load
    for lo in range(1, shape.incidents + 1, BATCH):
        hi = min(lo + BATCH - 1, shape.incidents)
        conn.execute(_INSERT, {"lo": lo, "hi": hi, "places": places})
        progress(hi)
    conn.execute("SET session_replication_role = DEFAULT")
    conn.execute("SET maintenance_work_mem = '512MB'")
    for statement in [*remake, *indexes]:
        conn.execute(statement)


def seed(url: str, shape: Shape, say: Callable[[str], None]) -> dict[str, float]:
    """Fill an empty, migrated database; returns the seconds each part took."""
    took: dict[str, float] = {}
    with psycopg.connect(sync_url(url)) as conn:
        started = time.perf_counter()
        seed_areas(conn, shape)
        took["areas"] = time.perf_counter() - started
        started = time.perf_counter()
        seed_incidents(conn, shape, lambda n: say(f"  {n:,} incidents"))
        took["incidents"] = time.perf_counter() - started
        conn.commit()
    return took


def vacuum(url: str) -> None:
    """Statistics for the planner and the visibility map for index-only scans, on both."""
    with psycopg.connect(sync_url(url), autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE areas")
        conn.execute("VACUUM ANALYZE incidents")
        conn.execute("VACUUM ANALYZE incident_counts")
