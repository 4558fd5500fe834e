"""PostgreSQL: `pg_dump -Fc` and `pg_restore`, run as subprocesses with the database URL's parts
given as libpq environment variables (the password never appears on a command line).

The manifest's row counts and revision are read inside the very snapshot pg_dump dumps: a
repeatable-read transaction exports its snapshot (`pg_export_snapshot()`), stays open while
pg_dump runs with `--snapshot`, and counts the tables in it. So the counts are those of the
dump even while the api and workers keep writing."""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import psycopg
from psycopg import sql

from jinghutong.ops.backup.errors import BackupError

# URL query options that have a libpq environment variable.
_QUERY_ENV = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "application_name": "PGAPPNAME",
    "options": "PGOPTIONS",
    "target_session_attrs": "PGTARGETSESSIONATTRS",
}


def libpq_env(url: str) -> dict[str, str]:
    """`postgresql+psycopg://user:pw@host:5432/db?sslmode=require` → PGHOST, PGPORT, …"""
    parts = urlsplit(url)
    if not parts.scheme.startswith("postgresql"):
        raise BackupError(f"不是 PostgreSQL 地址 / not a PostgreSQL URL: {parts.scheme}")
    env: dict[str, str] = {}
    if parts.hostname:
        env["PGHOST"] = unquote(parts.hostname)
    if parts.port:
        env["PGPORT"] = str(parts.port)
    if parts.username:
        env["PGUSER"] = unquote(parts.username)
    if parts.password:
        env["PGPASSWORD"] = unquote(parts.password)
    database = unquote(parts.path.lstrip("/"))
    if database:
        env["PGDATABASE"] = database
    for name, values in parse_qs(parts.query).items():
        if name == "host":  # a socket directory
            env["PGHOST"] = values[-1]
        elif name in _QUERY_ENV:
            env[_QUERY_ENV[name]] = values[-1]
    return env


def _conninfo(env: dict[str, str]) -> str:
    keys = {"PGHOST": "host", "PGPORT": "port", "PGUSER": "user", "PGPASSWORD": "password"}
    keys |= {"PGDATABASE": "dbname", "PGSSLMODE": "sslmode"}
    return psycopg.conninfo.make_conninfo(**{keys[k]: v for k, v in env.items() if k in keys})


def tool(name: str, pg_bin: str | None = None) -> str:
    """The path of pg_dump / pg_restore, or a clear error when the client tools are missing."""
    found = shutil.which(name, path=pg_bin) if pg_bin else shutil.which(name)
    if found:
        return found
    raise BackupError(
        f"找不到 {name}：请安装 PostgreSQL 客户端工具（与服务器同一大版本，如 apt-get install "
        f"postgresql-client），或用 --pg-bin 指出其目录 / {name} not found: install the "
        "PostgreSQL client tools (the server's major version) or point --pg-bin at them"
    )


def _run(argv: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(  # noqa: S603 - argv is ours, values go by environment
        argv, env={**os.environ, **env}, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        name = Path(argv[0]).name
        raise BackupError(
            f"{name} 失败 / {name} failed (exit {result.returncode}): {result.stderr.strip()}"
        )


def _tables(conn: psycopg.Connection) -> dict[str, int]:
    names = [
        r[0]
        for r in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        )
    ]
    counts = {}
    for name in names:
        row = conn.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(name)))
        counts[name] = int(row.fetchone()[0])  # type: ignore[index]
    return counts


def _revision(conn: psycopg.Connection, tables: dict[str, int]) -> str | None:
    if "alembic_version" not in tables:
        return None
    rows = conn.execute("SELECT version_num FROM alembic_version").fetchall()
    return ",".join(sorted(r[0] for r in rows)) or None


@dataclass
class Dumped:
    tables: dict[str, int]
    revision: str | None
    storage_keys: set[str]  # of media rows not purged, as of the dump


def dump(url: str, target: Path, pg_bin: str | None = None) -> Dumped:
    """pg_dump -Fc of the URL's database into `target`; the counts, revision and media keys
    are those of the dumped snapshot."""
    env = libpq_env(url)
    pg_dump = tool("pg_dump", pg_bin)
    try:
        with psycopg.connect(_conninfo(env), autocommit=True) as conn:
            conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]  # type: ignore[index]
            _run([pg_dump, "-Fc", "--no-owner", f"--snapshot={snapshot}", "-f", str(target)], env)
            counts = _tables(conn)
            revision = _revision(conn, counts)
            keys = set()
            if "media" in counts:
                query = "SELECT storage_key FROM media WHERE check_status <> 'purged'"
                keys = {r[0] for r in conn.execute(query)}
            conn.execute("COMMIT")
    except psycopg.Error as exc:
        raise BackupError(f"无法连接数据库 / cannot reach the database: {exc}") from exc
    return Dumped(counts, revision, keys)


def counts(url: str) -> dict[str, int]:
    try:
        with psycopg.connect(_conninfo(libpq_env(url)), autocommit=True) as conn:
            return _tables(conn)
    except psycopg.Error as exc:
        raise BackupError(f"无法连接数据库 / cannot reach the database: {exc}") from exc


def restore(url: str, source: Path, *, clean: bool, pg_bin: str | None = None) -> None:
    """pg_restore into the URL's database (which must exist); `clean` drops what is there."""
    env = libpq_env(url)
    argv = [tool("pg_restore", pg_bin), "--no-owner", "--exit-on-error", "--single-transaction"]
    if clean:
        argv += ["--clean", "--if-exists"]
    _run([*argv, "-d", env.get("PGDATABASE", ""), str(source)], env)
