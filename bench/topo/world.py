"""What the scenarios need in the database beyond the demo: an audience of N reachable persons
(one village of its own under a province of its own, set-based SQL as bench/bulletin_world.py
does, scoped to that province so the demo's areas get nothing), bulletins to it, and counts."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import psycopg

from jinghutong.notifications.templates import BULLETIN_TEMPLATE

ROOT_ID = "TOPOPROVINCE00000000000000"
ADMIN_ID = "TOPOADMIN00000000000000000"
PREFIX = "topo-"
LEVELS = ("station", "township", "village", "grid", "micro_grid")


def dsn(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


def seed_audience(url: str, n: int) -> str:
    """N households, one active member each (openid topo-{i}) with one bulletin quota, in one
    village; returns the village's id."""
    micro = 10
    grids = max(1, n // (micro * 500))
    per = n // (grids * micro)
    counts = (1, 1, 1, grids, micro)
    with psycopg.connect(dsn(url)) as conn:
        conn.execute(
            "INSERT INTO areas (id, level, name, path, depth, created_at) "
            "VALUES (%s, 'province', '拓扑省', %s, 0, now())",
            (ROOT_ID, f"/{ROOT_ID}/"),
        )
        parent = "province"
        for depth, (level, k) in enumerate(zip(LEVELS, counts, strict=True), start=1):
            conn.execute(
                """
                INSERT INTO areas (id, parent_id, level, name, path, depth, code, created_at)
                SELECT upper(substr(md5(p.id || '/' || g), 1, 26)), p.id, %(level)s::varchar,
                       p.name || '-' || g,
                       p.path || upper(substr(md5(p.id || '/' || g), 1, 26)) || '/', %(depth)s,
                       CASE WHEN %(level)s::varchar = 'village'
                            THEN '99' || lpad((row_number() OVER ())::text, 10, '0') END,
                       now()
                FROM areas p, generate_series(1, %(n)s) g
                WHERE p.level = %(parent)s AND p.path LIKE %(root)s
                """,
                {"level": level, "depth": depth, "n": k, "parent": parent, "root": f"/{ROOT_ID}/%"},
            )
            parent = level
        root = f"/{ROOT_ID}/%"
        conn.execute(
            """
            INSERT INTO households (id, area_id, area_path, address, head_name, member_count,
                                    code_version, updated_at, created_at)
            SELECT upper(substr(md5('h' || m.id || g), 1, 26)), m.id, m.path, '门牌' || g, '户主',
                   1, 0, now(), now()
            FROM areas m, generate_series(1, %s) g
            WHERE m.level = 'micro_grid' AND m.path LIKE %s
            """,
            (per, root),
        )
        conn.execute(
            """
            INSERT INTO persons (id, name, openid, is_active, created_at)
            SELECT upper(substr(md5('p' || h.id), 1, 26)), '村民',
                   %s || (row_number() OVER (ORDER BY h.id) - 1), true, now()
            FROM households h WHERE h.area_path LIKE %s
            """,
            (PREFIX, root),
        )
        conn.execute(
            """
            INSERT INTO memberships (id, person_id, household_id, status, relation, created_at)
            SELECT upper(substr(md5('m' || h.id), 1, 26)), upper(substr(md5('p' || h.id), 1, 26)),
                   h.id, 'active', '户主', now()
            FROM households h WHERE h.area_path LIKE %s
            """,
            (root,),
        )
        conn.execute(
            """
            INSERT INTO subscription_quotas (person_id, template_id, remaining, long_term)
            SELECT id, %s, 1, false FROM persons WHERE openid LIKE %s
            """,
            (BULLETIN_TEMPLATE, PREFIX + "%"),
        )
        conn.execute(
            "INSERT INTO persons (id, name, username, is_active, created_at) "
            "VALUES (%s, '拓扑管理员', 'topo-admin', true, now())",
            (ADMIN_ID,),
        )
        conn.execute(
            "INSERT INTO role_grants (id, person_id, role, area_id, created_at) "
            "VALUES ('TOPOGRANT00000000000000000', %s, 'admin', %s, now())",
            (ADMIN_ID, ROOT_ID),
        )
        [village] = conn.execute(
            "SELECT id FROM areas WHERE level = 'village' AND path LIKE %s", (root,)
        ).fetchone() or [None]
        conn.commit()
    with psycopg.connect(dsn(url), autocommit=True) as conn:
        conn.execute("ANALYZE")
    assert village is not None
    return str(village)


def audience_size(url: str) -> int:
    with psycopg.connect(dsn(url)) as conn:
        row = conn.execute("SELECT count(*) FROM persons WHERE openid LIKE %s", (PREFIX + "%",))
        return int(row.fetchone()[0])  # type: ignore[index]


def new_bulletin(url: str, village_id: str, title: str) -> str:
    """A bulletin by the harness's admin to the village, quotas topped up to one each, then
    released by the app's own code (the INSERT … SELECT of its delivery rows)."""
    bulletin_id = ("TOPOBULLETIN" + str(time.time_ns()))[:26]
    with psycopg.connect(dsn(url)) as conn:
        conn.execute(
            """INSERT INTO bulletins (id, category, title, body, important, audience, reach_path,
                   status, published_at, author_id, updated_at, created_at)
               VALUES (%s, '反诈宣传', %s, '请勿点击陌生链接。', false, %s, '/',
                   'sending', now(), %s, now(), now())""",
            (bulletin_id, title, json.dumps({"areas": [village_id]}), ADMIN_ID),
        )
        conn.execute(
            "UPDATE subscription_quotas SET remaining = 1 WHERE template_id = %s",
            (BULLETIN_TEMPLATE,),
        )
        conn.commit()
    asyncio.run(_release(url, bulletin_id))
    return bulletin_id


async def _release(url: str, bulletin_id: str) -> int:
    from jinghutong.bulletins.delivery.release import release
    from jinghutong.core.db import Database
    from jinghutong.models import Bulletin

    database = Database(url)
    try:
        async with database.session() as session:
            bulletin = await session.get(Bulletin, bulletin_id)
            assert bulletin is not None
            return await release(session, bulletin)
    finally:
        await database.dispose()


def delivery_counts(url: str, bulletin_id: str) -> dict[str, int]:
    with psycopg.connect(dsn(url)) as conn:
        rows = conn.execute(
            "SELECT status, count(*) FROM deliveries WHERE bulletin_id = %s AND channel = 'wechat'"
            " GROUP BY status",
            (bulletin_id,),
        ).fetchall()
    return {str(s): int(n) for s, n in rows}


def pending_left(url: str, bulletin_id: str) -> int:
    with psycopg.connect(dsn(url), connect_timeout=3) as conn:
        row = conn.execute(
            "SELECT count(*) FROM deliveries WHERE bulletin_id = %s AND channel = 'wechat' "
            "AND status = 'pending'",
            (bulletin_id,),
        ).fetchone()
    return int(row[0]) if row else 0


def query(url: str, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    with psycopg.connect(dsn(url), connect_timeout=3) as conn:
        return list(conn.execute(sql, params).fetchall())  # type: ignore[arg-type]
