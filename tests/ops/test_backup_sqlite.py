"""`jinghutong backup` on SQLite while writes go on, and `restore` into a new data dir: the
restored server shows the same rows and serves the same photo, byte for byte."""

from __future__ import annotations

import asyncio
import hashlib
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from jinghutong.cli import main
from jinghutong.core.migrate import upgrade_to_head
from jinghutong.ops.backup import BackupError, make_backup, restore_backup
from jinghutong.ops.backup.manifest import MEDIA_SUMS, Manifest
from support.backup import PAIR_SQL, PairWriter, deployment, media_bytes, served, upload_photo

WHEN = "2026-12-01 00:00:00.000000"


def _pairs(path: Path) -> tuple[int, int]:
    with closing(sqlite3.connect(path)) as conn:
        count = "SELECT count(*) FROM jobs WHERE kind = ?"
        return (
            conn.execute(count, ("bk.a",)).fetchone()[0],
            conn.execute(count, ("bk.b",)).fetchone()[0],
        )


def _writer(path: Path) -> PairWriter:
    conn = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
    insert = PAIR_SQL.format(p="?")

    def commit_pair(n: int) -> None:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(insert, (f"bka{n:022d}", "bk.a", WHEN, WHEN))
        conn.execute(insert, (f"bkb{n:022d}", "bk.b", WHEN, WHEN))
        conn.execute("COMMIT")

    return PairWriter(commit_pair)


def _pad(path: Path, rows: int) -> None:
    """Make the database a few MB, so the copy takes long enough for writes to land during it."""
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        conn.execute("BEGIN")
        conn.executemany(
            PAIR_SQL.format(p="?").replace("'{}'", "?"),
            [(f"pad{n:023d}", "bk.pad", "x" * 200, WHEN, WHEN) for n in range(rows)],
        )
        conn.execute("COMMIT")


@pytest.fixture
async def live(tmp_path, emulator, device):
    """A station's data dir with a villager's photo, migrated like `jinghutong migrate`."""
    settings = deployment(tmp_path / "station", emulator.url)
    settings.data_dir.mkdir()
    await asyncio.to_thread(upgrade_to_head, settings.resolved_database_url)
    async with served(settings) as client:
        login, media_id = await upload_photo(client, device, "o-backup-1", (200, 30, 30))
        original = await media_bytes(client, login, media_id)
    return settings, login, media_id, original


async def test_a_backup_taken_while_writes_go_on_restores_into_a_new_data_dir(
    live, tmp_path, emulator
):
    settings, login, media_id, original = live
    db_file = settings.data_dir / "jinghutong.db"
    _pad(db_file, 20_000)
    with closing(sqlite3.connect(db_file)) as conn:
        before = conn.execute("SELECT count(*) FROM jobs").fetchone()[0]
    writer = _writer(db_file).start()
    at_start = await asyncio.to_thread(writer.wait_warm)  # under way before the copy
    report = await asyncio.to_thread(make_backup, settings, tmp_path / "nightly")
    at_end = writer.committed
    total = writer.stop()

    assert at_end > at_start, "no write landed while the backup ran"
    a, b = report.manifest.database.tables["jobs"], _pairs(report.path / "database.sqlite")
    assert b[0] == b[1], "the copy holds half a transaction"
    assert at_start <= b[0] <= at_end
    assert a == before + 2 * b[0]
    assert _pairs(db_file) == (total, total)  # the live database kept every write
    assert report.manifest.media.files == 1 and report.manifest.media.missing == []

    restored = deployment(tmp_path / "restored", emulator.url)
    result = await asyncio.to_thread(restore_backup, restored, report.path)
    assert result.media_files == 1
    assert _pairs(restored.data_dir / "jinghutong.db") == b
    async with served(restored) as client:
        again = await media_bytes(client, login, media_id)  # the same token: same sessions
        me = await client.get("/api/v1/me", headers={"Authorization": f"Bearer {login['token']}"})
        ready = await client.get("/readyz")
    assert hashlib.sha256(again).hexdigest() == hashlib.sha256(original).hexdigest()
    assert me.status_code == 200
    assert ready.json()["status"] == "ok"


async def test_restore_refuses_a_target_with_data_unless_forced(live, tmp_path, emulator):
    settings, *_ = live
    report = await asyncio.to_thread(make_backup, settings, tmp_path / "b.tar.gz")
    target = deployment(tmp_path / "other", emulator.url)
    await asyncio.to_thread(restore_backup, target, report.path)

    with pytest.raises(BackupError, match="--force"):
        await asyncio.to_thread(restore_backup, target, report.path)
    again = await asyncio.to_thread(restore_backup, target, report.path, force=True)
    assert again.tables == report.manifest.database.tables


async def test_a_damaged_file_in_the_backup_stops_the_restore_before_anything_is_written(
    live, tmp_path, emulator
):
    settings, *_ = live
    report = await asyncio.to_thread(make_backup, settings, tmp_path / "b")
    name = (report.path / MEDIA_SUMS).read_text().split("  ", 1)[1].strip()
    (report.path / name).write_bytes(b"not the photo")
    target = deployment(tmp_path / "other", emulator.url)

    with pytest.raises(BackupError, match="损坏"):
        await asyncio.to_thread(restore_backup, target, report.path)
    assert not (target.data_dir / "jinghutong.db").exists()


async def test_the_commands(live, tmp_path, capsys, monkeypatch):
    settings, *_ = live
    monkeypatch.setenv("JHT_SECRET_KEY", settings.secret_key.get_secret_value())
    out = tmp_path / "cli-backup"
    await asyncio.to_thread(
        main, ["backup", "--data-dir", str(settings.data_dir), "--out", str(out)]
    )
    assert "备份完成" in capsys.readouterr().out
    assert Manifest.read(out).database.dialect == "sqlite"

    with pytest.raises(SystemExit, match=r"恢复失败.*--force"):
        await asyncio.to_thread(main, ["restore", str(out), "--data-dir", str(settings.data_dir)])
    with pytest.raises(SystemExit, match="已存在"):
        await asyncio.to_thread(
            main, ["backup", "--data-dir", str(settings.data_dir), "--out", str(out)]
        )
