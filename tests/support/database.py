"""The test database: migrated once per run with Alembic, a rollback per test.

SQLite by default (a temporary file); PostgreSQL when JHT_TEST_DATABASE_URL is set. Under
pytest-xdist (`pytest -n auto`) each worker has its own: the SQLite file lives in the worker's
temporary folder, and on PostgreSQL worker gwN uses the database `<name>_gwN` beside the one
named, made when missing (every run resets its schema), so no two workers share a schema."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from sqlalchemy import text

from jinghutong.core.db import is_sqlite, make_engine
from jinghutong.core.migrate import upgrade_to_head


def database_url_for_tests(tmp_dir: Path) -> str:
    url = os.environ.get("JHT_TEST_DATABASE_URL")
    if url:
        worker = os.environ.get("PYTEST_XDIST_WORKER")
        return _database_of_worker(url, worker) if worker else url
    return f"sqlite+aiosqlite:///{tmp_dir / 'test.db'}"


def _database_of_worker(url: str, worker: str) -> str:
    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/')}_{worker}"

    async def ensure() -> None:
        engine = make_engine(url, pool=False)
        async with engine.connect() as connection:
            conn = await connection.execution_options(isolation_level="AUTOCOMMIT")
            found = await conn.scalar(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
            )
            if not found:
                await conn.execute(text(f'CREATE DATABASE "{name}"'))
        await engine.dispose()

    asyncio.run(ensure())
    return urlunsplit(parts._replace(path=f"/{name}"))


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
