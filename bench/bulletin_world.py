"""A generated jurisdiction for the bulletin benchmarks, made with set-based SQL on PostgreSQL
(generate_series, one INSERT … SELECT per level): province → stations → townships → villages →
grids → micro-grids → households, one active member per household (openid `{prefix}{n}`), and a
bulletin subscription quota for a share of them."""

from __future__ import annotations

import time
from dataclasses import dataclass

import psycopg
from pgdb import ensure_database

from jinghutong.core.migrate import upgrade_to_head
from jinghutong.notifications.templates import BULLETIN_TEMPLATE

LEVELS = ("station", "township", "village", "grid", "micro_grid")
ROOT_ID = "BENCHPROVINCE0000000000000"
ADMIN_ID = "BENCHADMIN0000000000000000"


@dataclass
class Shape:
    stations: int = 1
    townships: int = 1  # per station
    villages: int = 1  # per township
    grids: int = 10  # per village
    micro_grids: int = 10  # per grid
    households: int = 100  # per micro-grid
    quota_percent: int = 100

    @property
    def total_households(self) -> int:
        return (
            self.stations * self.townships * self.villages * self.grids * self.micro_grids
        ) * self.households


def sync_url(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


def reset(url: str) -> None:
    ensure_database(url)
    with psycopg.connect(sync_url(url), autocommit=True) as conn:
        conn.execute("DROP SCHEMA IF EXISTS public CASCADE")
        conn.execute("CREATE SCHEMA public")
    upgrade_to_head(url)


def _children(conn: psycopg.Connection, parent_level: str, level: str, n: int, depth: int) -> None:
    conn.execute(
        """
        INSERT INTO areas (id, parent_id, level, name, path, depth, code, created_at)
        SELECT upper(substr(md5(p.id || '/' || g), 1, 26)), p.id, %(level)s::varchar,
               p.name || '-' || g, p.path || upper(substr(md5(p.id || '/' || g), 1, 26)) || '/',
               %(depth)s,
               CASE WHEN %(level)s::varchar = 'village'
                    THEN '33' || lpad((row_number() OVER ())::text, 10, '0') END,
               now()
        FROM areas p, generate_series(1, %(n)s) g
        WHERE p.level = %(parent)s
        """,
        {"level": level, "depth": depth, "n": n, "parent": parent_level},
    )


def seed(url: str, shape: Shape, openid_prefix: str = "bench-") -> float:
    """Fill an empty, migrated database; returns the seconds it took."""
    started = time.perf_counter()
    with psycopg.connect(sync_url(url)) as conn:
        conn.execute(
            "INSERT INTO areas (id, level, name, path, depth, created_at) "
            "VALUES (%s, 'province', '浙江省', %s, 0, now())",
            (ROOT_ID, f"/{ROOT_ID}/"),
        )
        counts = (shape.stations, shape.townships, shape.villages, shape.grids, shape.micro_grids)
        parent = "province"
        for depth, (level, n) in enumerate(zip(LEVELS, counts, strict=True), start=1):
            _children(conn, parent, level, n, depth)
            parent = level
        conn.execute(
            """
            INSERT INTO households (id, area_id, area_path, address, head_name, member_count,
                                    code_version, updated_at, created_at)
            SELECT upper(substr(md5('h' || m.id || g), 1, 26)), m.id, m.path, '门牌' || g, '户主',
                   1, 0, now(), now()
            FROM areas m, generate_series(1, %s) g WHERE m.level = 'micro_grid'
            """,
            (shape.households,),
        )
        conn.execute(
            """
            INSERT INTO persons (id, name, openid, is_active, created_at)
            SELECT upper(substr(md5('p' || h.id), 1, 26)), '村民',
                   %s || (row_number() OVER (ORDER BY h.id) - 1), true, now()
            FROM households h
            """,
            (openid_prefix,),
        )
        conn.execute(
            """
            INSERT INTO memberships (id, person_id, household_id, status, relation, created_at)
            SELECT upper(substr(md5('m' || h.id), 1, 26)), upper(substr(md5('p' || h.id), 1, 26)),
                   h.id, 'active', '户主', now()
            FROM households h
            """
        )
        conn.execute(
            """
            INSERT INTO subscription_quotas (person_id, template_id, remaining, long_term)
            SELECT id, %s, 1, false FROM persons
            WHERE ('x' || substr(md5(id), 1, 8))::bit(32)::int %% 100 < %s
            """,
            (BULLETIN_TEMPLATE, shape.quota_percent),
        )
        conn.execute(
            "INSERT INTO persons (id, name, username, is_active, created_at) "
            "VALUES (%s, '管理员', 'bench-admin', true, now())",
            (ADMIN_ID,),
        )
        conn.execute(
            "INSERT INTO role_grants (id, person_id, role, area_id, created_at) "
            "VALUES ('BENCHGRANT0000000000000000', %s, 'admin', %s, now())",
            (ADMIN_ID, ROOT_ID),
        )
        conn.commit()
    with psycopg.connect(sync_url(url), autocommit=True) as conn:
        conn.execute("ANALYZE")
    return time.perf_counter() - started


def area_ids(url: str, level: str, limit: int = 1) -> list[str]:
    with psycopg.connect(sync_url(url)) as conn:
        rows = conn.execute(
            "SELECT id FROM areas WHERE level = %s ORDER BY id LIMIT %s", (level, limit)
        ).fetchall()
    return [r[0] for r in rows]
