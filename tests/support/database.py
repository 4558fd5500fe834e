"""The test database: migrated once per run with Alembic, a rollback per test.

SQLite by default (a temporary file); PostgreSQL when JHT_TEST_DATABASE_URL is set."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from sqlalchemy import text

from jinghutong.core.db import is_sqlite, make_engine
from jinghutong.core.migrate import upgrade_to_head


def database_url_for_tests(tmp_dir: Path) -> str:
    url = os.environ.get("JHT_TEST_DATABASE_URL")
    if url:
        return url
    return f"sqlite+aiosqlite:///{tmp_dir / 'test.db'}"


async def _reset_postgres(url: str) -> None:
    engine = make_engine(url, pool=False)
    async with engine.begin() as conn:
        await conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        await conn.execute(text("CREATE SCHEMA public"))
    await engine.dispose()


def migrate_fresh(url: str) -> None:
    """An empty database at the head revision, made only by the migrations."""
    if not is_sqlite(url):
        asyncio.run(_reset_postgres(url))
    upgrade_to_head(url)  # the same path `jinghutong serve` and `migrate` take
