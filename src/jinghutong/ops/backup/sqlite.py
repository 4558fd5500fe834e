"""SQLite: a copy made with SQLite's online backup API while the server keeps writing.

`Connection.backup` with the default `pages=-1` copies every page in one step inside one read
transaction. In WAL mode a reader never blocks the writer and sees one committed state, so the
copy is that state — consistent, with the server running. (Stepping a few pages at a time
would restart the copy each time another connection writes, and might never finish on a busy
station.) A restore goes the same way in reverse, into the target file, so a `-wal` file left
beside the target is overwritten coherently instead of being replayed onto a copied file."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from jinghutong.ops.backup.errors import BackupError

LOCK_WAIT_S = 30.0


def _connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, timeout=LOCK_WAIT_S, isolation_level=None)


def snapshot(source: Path, target: Path) -> None:
    """Copy the live database `source` into the new file `target` and check the copy."""
    if not source.is_file():
        raise BackupError(f"数据库文件不存在 / database file not found: {source}")
    with closing(_connect(source)) as src, closing(_connect(target)) as dst:
        src.backup(dst)
        # One self-contained file at rest (no -wal beside it); WAL again when restored.
        dst.execute("PRAGMA journal_mode=DELETE")
        ok = dst.execute("PRAGMA integrity_check").fetchone()[0]
    if ok != "ok":
        raise BackupError(f"备份副本校验失败 / the copy failed its integrity check: {ok}")


def tables(path: Path) -> dict[str, int]:
    """Rows per table (SQLite's own tables left out)."""
    with closing(_connect(path)) as conn:
        names = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        # The names come from sqlite_master itself, quoted as identifiers.
        count = 'SELECT count(*) FROM "{}"'
        return {n: int(conn.execute(count.format(n)).fetchone()[0]) for n in names}


def revision(path: Path) -> str | None:
    with closing(_connect(path)) as conn:
        try:
            rows = conn.execute("SELECT version_num FROM alembic_version").fetchall()
        except sqlite3.OperationalError:
            return None
    return ",".join(sorted(r[0] for r in rows)) or None


def is_empty(path: Path) -> bool:
    """No file, or a file without a single row in any table."""
    if not path.exists() or path.stat().st_size == 0:
        return True
    return not any(n for t, n in tables(path).items() if t != "alembic_version")


def restore(source: Path, target: Path) -> None:
    """Put the backup `source` into `target` (made when missing), then WAL as the server uses."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with closing(_connect(source)) as src, closing(_connect(target)) as dst:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=WAL")


def storage_keys(path: Path) -> set[str]:
    """The objects the media rows (not purged) point at."""
    with closing(_connect(path)) as conn:
        try:
            rows = conn.execute("SELECT storage_key FROM media WHERE check_status <> 'purged'")
            return {r[0] for r in rows}
        except sqlite3.OperationalError:  # no media table: not a migrated database
            return set()
