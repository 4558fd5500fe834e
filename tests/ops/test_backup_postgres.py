"""`jinghutong backup` on PostgreSQL (pg_dump -Fc, counts read in the dumped snapshot) while
writes go on, restored with pg_restore into a fresh database of its own; the URL's parts as
libpq variables; a clear error when the client tools are missing."""

from __future__ import annotations

import asyncio
import hashlib
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from psycopg import sql

from jinghutong.core.migrate import upgrade_to_head
from jinghutong.ops.backup import BackupError, make_backup, restore_backup
from jinghutong.ops.backup.postgres import _conninfo, dump, libpq_env
from support.backup import PAIR_SQL, PairWriter, deployment, media_bytes, served, upload_photo

BASE = os.environ.get("JHT_TEST_DATABASE_URL", "")
WHEN = datetime(2026, 12, 1, tzinfo=UTC)


def test_the_urls_parts_become_libpq_variables():
    env = libpq_env("postgresql+psycopg://jht:p%40ss%2Fw@db.internal:6432/jht_prod?sslmode=require")
    assert env == {
        "PGHOST": "db.internal",
        "PGPORT": "6432",
        "PGUSER": "jht",
        "PGPASSWORD": "p@ss/w",
        "PGDATABASE": "jht_prod",
        "PGSSLMODE": "require",
    }
    with pytest.raises(BackupError, match="PostgreSQL"):
        libpq_env("sqlite+aiosqlite:///var/jinghutong.db")


def test_missing_client_tools_are_said_plainly(tmp_path):
    with pytest.raises(BackupError, match=r"找不到 pg_dump.*postgresql-client.*pg_dump not found"):
        dump("postgresql+psycopg://postgres@127.0.0.1:1/none", tmp_path / "d", str(tmp_path))


needs_postgres = pytest.mark.skipif(
    not BASE.startswith("postgresql")
    or not (shutil.which("pg_dump") and shutil.which("pg_restore")),
    reason="needs JHT_TEST_DATABASE_URL (PostgreSQL) and pg_dump/pg_restore on PATH",
)


def _beside(name: str) -> str:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    parts = urlsplit(BASE)
    return urlunsplit(parts._replace(path=f"/{parts.path.lstrip('/')}_{name}_{worker}"))


def _recreate(url: str) -> None:
    name = urlsplit(url).path.lstrip("/")
    admin = {**libpq_env(BASE), "PGDATABASE": "postgres"}
    with psycopg.connect(_conninfo(admin), autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def _pairs(url: str) -> tuple[int, int]:
    with psycopg.connect(_conninfo(libpq_env(url))) as conn:
        count = "SELECT count(*) FROM jobs WHERE kind = %s"
        return (
            conn.execute(count, ("bk.a",)).fetchone()[0],  # type: ignore[index]
            conn.execute(count, ("bk.b",)).fetchone()[0],  # type: ignore[index]
        )


def _writer(url: str) -> PairWriter:
    conn = psycopg.connect(_conninfo(libpq_env(url)), autocommit=True)
    insert = PAIR_SQL.format(p="%s")

    def commit_pair(n: int) -> None:
        with conn.transaction():
            conn.execute(insert, (f"bka{n:022d}", "bk.a", WHEN, WHEN))
            conn.execute(insert, (f"bkb{n:022d}", "bk.b", WHEN, WHEN))

    return PairWriter(commit_pair)


@needs_postgres
async def test_a_dump_taken_while_writes_go_on_restores_into_a_fresh_database(
    tmp_path: Path, emulator, device
):
    source, target = _beside("bk_src"), _beside("bk_dst")
    for url in (source, target):
        await asyncio.to_thread(_recreate, url)
    settings = deployment(tmp_path / "county", emulator.url, source)
    settings.data_dir.mkdir()
    await asyncio.to_thread(upgrade_to_head, source)
    async with served(settings) as client:
        login, media_id = await upload_photo(client, device, "o-backup-pg", (20, 90, 200))
        original = await media_bytes(client, login, media_id)

    writer = _writer(source).start()
    at_start = await asyncio.to_thread(writer.wait_warm)  # under way before the copy
    report = await asyncio.to_thread(make_backup, settings, tmp_path / "nightly.tar.gz")
    at_end = writer.committed
    total = writer.stop()

    manifest = report.manifest
    assert manifest.database.dialect == "postgresql" and manifest.database.file == "database.dump"
    assert at_end > at_start, "no write landed while the dump ran"
    assert _pairs(source) == (total, total)
    restored = deployment(tmp_path / "restored", emulator.url, target)
    result = await asyncio.to_thread(restore_backup, restored, report.path)

    a, b = _pairs(target)
    assert a == b and at_start <= a <= at_end  # one snapshot, not half a transaction
    assert result.tables == manifest.database.tables  # the counts were the dump's own
    assert result.media_files == 1
    async with served(restored) as client:
        again = await media_bytes(client, login, media_id)
        ready = await client.get("/readyz")
    assert hashlib.sha256(again).digest() == hashlib.sha256(original).digest()
    assert ready.json()["status"] == "ok"

    with pytest.raises(BackupError, match="--force"):
        await asyncio.to_thread(restore_backup, restored, report.path)
    forced = await asyncio.to_thread(restore_backup, restored, report.path, force=True)
    assert forced.tables == manifest.database.tables
