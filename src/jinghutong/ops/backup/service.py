"""Make a backup of the configured deployment, or restore one into it."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import make_url

from jinghutong import __version__
from jinghutong.core.config import Settings
from jinghutong.core.db import is_sqlite
from jinghutong.core.migrate import head_revision
from jinghutong.ops.backup import media, postgres, sqlite
from jinghutong.ops.backup.errors import BackupError
from jinghutong.ops.backup.manifest import (
    DatabasePart,
    Manifest,
    MediaPart,
    is_archive,
    pack,
    sha256_file,
    unpack,
)

SQLITE_FILE = "database.sqlite"
PG_FILE = "database.dump"


@dataclass
class BackupReport:
    path: Path
    manifest: Manifest


@dataclass
class RestoreReport:
    manifest: Manifest
    tables: dict[str, int]
    media_files: int
    notes: list[str] = field(default_factory=list)


def default_name(now: datetime | None = None) -> str:
    return f"jht-backup-{(now or datetime.now(UTC)).strftime('%Y%m%dT%H%M%SZ')}"


def _sqlite_path(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise BackupError("内存数据库无法备份 / an in-memory database cannot be backed up")
    return Path(database)


def make_backup(
    settings: Settings, out: Path | None = None, pg_bin: str | None = None
) -> BackupReport:
    """Back up the database (and a local media folder) into `out`: a new folder, or a .tar.gz
    when the name ends so. Default: <data_dir>/backups/jht-backup-<UTC time>."""
    out = out or settings.data_dir / "backups" / default_name()
    if out.exists():
        raise BackupError(f"目标已存在，不会覆盖 / {out} exists; choose a new name")
    out.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".jht-backup-", dir=out.parent))
    try:
        manifest = _write(settings, work, pg_bin)
        if is_archive(out):
            pack(work, out)
        else:
            work.rename(out)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return BackupReport(out, manifest)


def _write(settings: Settings, folder: Path, pg_bin: str | None) -> Manifest:
    url = settings.resolved_database_url
    created = datetime.now(UTC).isoformat(timespec="seconds")
    if is_sqlite(url):
        file = folder / SQLITE_FILE
        sqlite.snapshot(_sqlite_path(url), file)
        tables, revision = sqlite.tables(file), sqlite.revision(file)
        keys = sqlite.storage_keys(file)
        dialect = "sqlite"
    else:
        file = folder / PG_FILE
        dumped = postgres.dump(url, file, pg_bin)
        tables, revision, keys = dumped.tables, dumped.revision, dumped.storage_keys
        dialect = "postgresql"
    database = DatabasePart(
        dialect, file.name, sha256_file(file), file.stat().st_size, revision, tables
    )
    root = media.local_root(settings.resolved_storage_url)
    if root is None:
        part = MediaPart(store="s3", included=False, note=media.S3_NOTE)
    else:
        copied = media.copy_out(root, folder)
        missing = sorted(keys - media.keys_in(folder))
        part = MediaPart(
            store="file",
            included=True,
            files=copied.files,
            bytes=copied.bytes,
            listing_sha256=sha256_file(folder / media.MEDIA_SUMS),
            missing=missing,
        )
    manifest = Manifest(created, __version__, database, part)
    manifest.write(folder)
    return manifest


def restore_backup(
    settings: Settings, source: Path, *, force: bool = False, pg_bin: str | None = None
) -> RestoreReport:
    """Restore `source` (folder or .tar.gz) into the configured database and media store.
    Refuses a target that holds data unless `force`. Afterwards the row counts are compared
    with the manifest's; a difference is an error."""
    if not source.exists():
        raise BackupError(f"备份不存在 / no such backup: {source}")
    scratch: Path | None = None
    if is_archive(source):
        source, scratch = unpack(source)
    try:
        return _restore(settings, source, force, pg_bin)
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)


def _check_revision(manifest: Manifest, url: str) -> list[str]:
    ours = head_revision(url)
    theirs = manifest.database.revision
    if theirs == ours:
        return []
    known = _known_revisions(url)
    if theirs and not set(theirs.split(",")) <= known:
        raise BackupError(
            f"备份来自更新的版本（数据库版本 {theirs}），请先升级程序 / the backup's schema "
            f"{theirs} is newer than this program's ({ours}): upgrade first"
        )
    return [f"备份的数据库版本 {theirs} 早于程序的 {ours}：请运行 jinghutong migrate"]


def _known_revisions(url: str) -> set[str]:
    from alembic.script import ScriptDirectory

    from jinghutong.core.migrate import alembic_config

    return {s.revision for s in ScriptDirectory.from_config(alembic_config(url)).walk_revisions()}


def _restore(settings: Settings, folder: Path, force: bool, pg_bin: str | None) -> RestoreReport:
    manifest = Manifest.read(folder)
    url = settings.resolved_database_url
    storage_url = settings.resolved_storage_url
    file = folder / manifest.database.file
    if not file.is_file() or sha256_file(file) != manifest.database.sha256:
        raise BackupError(f"备份中的数据库文件已损坏 / the database file is damaged: {file.name}")
    notes = _check_revision(manifest, url)
    wanted = "sqlite" if is_sqlite(url) else "postgresql"
    if manifest.database.dialect != wanted:
        raise BackupError(
            f"这是 {manifest.database.dialect} 的备份，目标是 {wanted} / a "
            f"{manifest.database.dialect} backup cannot be restored into {wanted}"
        )
    if manifest.media.included:
        media.verify(folder)  # before anything is touched
    if wanted == "sqlite":
        target = _sqlite_path(url)
        if not force and not sqlite.is_empty(target):
            raise BackupError(
                f"目标数据库已有数据，加 --force 才覆盖 / {target} holds data: --force"
            )
    else:
        present = postgres.counts(url)
        if not force and any(n for t, n in present.items() if t != "alembic_version"):
            raise BackupError(
                "目标数据库已有数据，加 --force 才覆盖 / the target holds data: --force"
            )
    if manifest.media.included and not force and not media.store_is_empty(storage_url):
        raise BackupError("目标媒体目录已有文件，加 --force 才覆盖 / the media folder holds files")

    if wanted == "sqlite":
        sqlite.restore(file, target)
        tables = sqlite.tables(target)
    else:
        postgres.restore(url, file, clean=force, pg_bin=pg_bin)
        tables = postgres.counts(url)
    different = {
        t: (n, tables.get(t)) for t, n in manifest.database.tables.items() if tables.get(t) != n
    }
    if different:
        raise BackupError(
            f"恢复后行数与备份清单不符 / row counts differ after restore: {different}"
        )
    copied = media.copy_in(folder, storage_url) if manifest.media.included else 0
    if not manifest.media.included:
        notes.append(media.S3_NOTE)
    if manifest.media.missing:
        notes.append(f"备份时已不在存储中的媒体 {len(manifest.media.missing)} 个（见 manifest）")
    return RestoreReport(manifest, tables, copied, notes)
