"""SQLite for the async engine without a thread hop per call.

SQLAlchemy's asyncio SQLite dialect drives aiosqlite, which runs every call — cursor(),
execute(), fetchall(), close() — on a per-connection thread and wakes the event loop for each
result. On this project's two-core machines that costs about 0.4 ms per hop and 1.7 ms per
statement, while SQLite itself answers an indexed statement in a few microseconds: a case
report's eighteen statements spent 30 ms waiting for hand-offs, all of it inside SQLite's one
write lock, so it capped the whole station's intake (bench/intake.py).

This module gives the dialect a connection with aiosqlite's shape whose coroutines run the
statement on the calling thread and return at once. What that costs and why it is right here:

- A long statement holds the event loop for its duration. SQLite's statements in this program
  are indexed and short; the long jobs (imports, audience rows) hold SQLite's write lock anyway,
  which stops every other writer whichever thread runs them.
- Copying the write-ahead log into the database (a checkpoint, with its fsync) would be such a
  long statement, run inside a commit: the writing connection leaves it to a thread
  (core.sqlite_checkpoints).
- Waiting for a lock must not block the loop. Within one process `core.db` keeps a single
  writing connection, so writers queue in the pool, not in SQLite. Another process (a CLI
  import, a separate worker) can still hold the lock: `BEGIN IMMEDIATE` is therefore tried with
  no busy wait and retried with `asyncio.sleep` until `busy_timeout_s` has passed. Inside a
  transaction a short busy wait (`STATEMENT_BUSY_MS`) covers the rare WAL-index waits.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from jinghutong.core import sqlite_checkpoints

STATEMENT_BUSY_MS = 100
_SQLITE_BUSY = 5  # SQLITE_BUSY's primary result code


def _is_busy(error: sqlite3.OperationalError) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return bool(code & 0xFF == _SQLITE_BUSY)
    return "locked" in str(error)


class InlineCursor:
    """The part of aiosqlite's Cursor that SQLAlchemy's adapter uses."""

    def __init__(self, owner: InlineConnection) -> None:
        self._owner = owner
        self._cursor = owner._conn.cursor()

    async def __aenter__(self) -> InlineCursor:
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._cursor.close()

    async def execute(self, sql: str, parameters: Sequence[Any] | dict[str, Any] = ()) -> None:
        if sql.lstrip()[:5].upper() == "BEGIN":
            await self._owner._begin(self._cursor, sql)
        else:
            self._cursor.execute(sql, parameters)

    async def executemany(self, sql: str, seq: Iterable[Any]) -> None:
        self._cursor.executemany(sql, seq)

    async def fetchall(self) -> list[Any]:
        return self._cursor.fetchall()

    async def fetchone(self) -> Any:
        return self._cursor.fetchone()

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        return self._cursor.fetchmany(size if size is not None else self._cursor.arraysize)

    async def close(self) -> None:
        self._cursor.close()

    @property
    def description(self) -> Any:
        return self._cursor.description

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    @property
    def lastrowid(self) -> int | None:
        return self._cursor.lastrowid

    @property
    def arraysize(self) -> int:
        return self._cursor.arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._cursor.arraysize = value


class InlineConnection:
    """The part of aiosqlite's Connection that SQLAlchemy's adapter uses."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        busy_timeout_s: float,
        checkpointer: sqlite_checkpoints.Checkpointer | None = None,
    ) -> None:
        self._conn = conn
        # SQLAlchemy checks it to know the connection is open.
        self._connection: sqlite3.Connection | None = conn
        self._busy_timeout_s = busy_timeout_s
        self._checkpointer = checkpointer
        self._changes_seen = conn.total_changes

    async def _begin(self, cursor: sqlite3.Cursor, sql: str) -> None:
        deadline = time.monotonic() + self._busy_timeout_s
        delay = 0.001
        self._conn.execute("PRAGMA busy_timeout=0")
        try:
            while True:
                try:
                    cursor.execute(sql)
                    return
                except sqlite3.OperationalError as error:
                    if not _is_busy(error) or time.monotonic() >= deadline:
                        raise
                await asyncio.sleep(delay)
                delay = min(delay * 2, 0.05)
        finally:
            self._conn.execute(f"PRAGMA busy_timeout={STATEMENT_BUSY_MS}")

    def cursor(self) -> InlineCursor:
        """SQLAlchemy enters it with `await cursor.__aenter__()`, as aiosqlite's allows."""
        return InlineCursor(self)

    async def commit(self) -> None:
        self._conn.commit()
        if self._checkpointer is not None and self._conn.total_changes != self._changes_seen:
            self._changes_seen = self._conn.total_changes
            self._checkpointer.committed()

    async def rollback(self) -> None:
        self._conn.rollback()

    async def close(self) -> None:
        self.stop()

    def stop(self) -> None:
        """Close at once (SQLAlchemy's terminate); `close` is the awaitable form."""
        if self._checkpointer is not None:
            self._checkpointer.close()
        self._conn.close()
        self._connection = None

    async def create_function(self, *args: Any, **kwargs: Any) -> None:
        self._conn.create_function(*args, **kwargs)

    @property
    def isolation_level(self) -> str | None:
        return self._conn.isolation_level


def creator(
    path: str,
    pragmas: Sequence[str],
    busy_timeout_s: float,
    *,
    checkpoints_in_background: bool = False,
) -> Callable[[], Any]:
    """An `async_creator` for `create_async_engine`: the connection with our own transaction
    control (`isolation_level=None`: the engine's `begin` event issues BEGIN) and `pragmas`.
    `checkpoints_in_background`: for a process's one writing connection to a WAL file."""

    async def connect() -> InlineConnection:
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        for pragma in pragmas:
            conn.execute(pragma)
        conn.execute(f"PRAGMA busy_timeout={STATEMENT_BUSY_MS}")
        checkpointer = None
        if checkpoints_in_background:
            conn.execute(f"PRAGMA wal_autocheckpoint={sqlite_checkpoints.BACKSTOP_PAGES}")
            checkpointer = sqlite_checkpoints.Checkpointer(path)
        return InlineConnection(conn, busy_timeout_s, checkpointer)

    return connect
