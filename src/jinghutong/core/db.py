"""Engines and sessions. One unit of work per request and per job: services flush, the request
(or the job) commits.

SQLite notes: WAL lets readers go on while one writer writes; `busy_timeout` makes a second
writer wait instead of failing. Writing transactions start with `BEGIN IMMEDIATE` so that a
transaction that read first can never fail later with SQLITE_BUSY when it tries to write
(busy_timeout does not help there). Read-only sessions use a plain deferred `BEGIN`.

SQLite allows one writer at a time, so a process keeps exactly one writing connection and its
writing sessions queue for it in the event loop (FIFO, no polling). Several writing connections
would gain nothing and lose a lot: the losers of the lock wait in SQLite's busy handler, which
sleeps in growing steps (up to 100 ms) and leaves the lock idle between a commit and the next
waiter waking — under 64 concurrent reporters that cut intake throughput by a factor of five.
Across processes (a separate worker) the busy handler still arbitrates."""

from __future__ import annotations

import select
import weakref
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any, TypeVar, cast

from sqlalchemy import event, make_url
from sqlalchemy.exc import DBAPIError, DisconnectionError
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import NullPool
from sqlalchemy.sql import ClauseElement

from jinghutong.core import deferred, direct, sqlite_inline


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA synchronous=NORMAL",
)
# How long a writer waits for another process's write lock before failing.
SQLITE_LOCK_WAIT_S = 30.0


def _sqlite_engine(url: str, begin: str, *, single: bool) -> AsyncEngine:
    path = make_url(url).database or ":memory:"
    # The writer's queue may be long on a busy station: wait as long as the lock would.
    pool_args: dict[str, Any] = (
        {"pool_size": 1, "max_overflow": 0, "pool_timeout": 60}
        if single and path != ":memory:"
        else {}
    )
    # Statements run on the event loop's thread (see core.sqlite_inline for why), and the
    # connection comes without the driver's own transaction control so BEGIN is ours. The one
    # writing connection leaves log checkpoints to a thread (core.sqlite_checkpoints).
    engine = create_async_engine(
        url,
        async_creator=sqlite_inline.creator(
            path, SQLITE_PRAGMAS, SQLITE_LOCK_WAIT_S, checkpoints_in_background=bool(pool_args)
        ),
        **pool_args,
    )

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql(begin)

    return engine


# Connections one process keeps open to PostgreSQL. A fixed number: with overflow connections,
# a busy process opened and closed one per request at the peak (measured under the intake bench:
# ~800 new backends per run, each a fork and a cold cache on the server, where a fixed pool of
# 20 opened 46). A request finding all in use waits in the pool's queue (up to `pool_timeout`).
DEFAULT_POOL_SIZE = 20


def make_engine(
    url: str, *, read_only: bool = False, pool: bool = True, pool_size: int = DEFAULT_POOL_SIZE
) -> AsyncEngine:
    if is_sqlite(url):
        if read_only:
            return _sqlite_engine(url, "BEGIN", single=False)
        return _sqlite_engine(url, "BEGIN IMMEDIATE", single=pool)
    if not pool:
        return create_async_engine(url, poolclass=NullPool)
    # Connections older than half an hour are replaced (a firewall may drop idle ones silently).
    engine = create_async_engine(
        url, pool_size=pool_size, max_overflow=0, pool_timeout=30, pool_recycle=1800
    )
    event.listen(engine.sync_engine, "checkout", _refuse_closed_connection)
    deferred.defer_begin(engine)  # BEGIN goes with the first statement (one round trip less)
    return engine


def _refuse_closed_connection(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
    """At checkout, a connection the server has closed (a restart, an administrator, an idle
    timeout) is replaced — the pool retries with a new one when this raises.

    In place of `pool_pre_ping`, which asks the server (one round trip, on every request:
    measured at a tenth of a case report's CPU): an idle connection has nothing to read unless
    the server said goodbye (it sends an error and closes), so one poll of the socket tells.
    A connection cut without a word (a host gone) still fails on its first statement; that
    statement's error marks the pool for reconnection, and the client retries (every
    mutating call is idempotent)."""
    driver = dbapi_connection.driver_connection
    if driver.closed or driver.broken:
        raise DisconnectionError("the connection is closed")
    poller = select.poll()
    poller.register(driver.fileno(), select.POLLIN)
    if poller.poll(0):
        raise DisconnectionError("the server closed the connection")


def _autonomous_engine(url: str) -> AsyncEngine | None:
    """PostgreSQL: a few autocommit connections for statements that must not wait for the
    caller's commit. Never held while waiting for another connection, so no deadlock with
    the main pool."""
    if is_sqlite(url):
        return None
    # A fixed pool (overflow connections would be opened and closed per statement under load)
    # and no pre-ping round trip: `autonomous_scalar` retries once on a dropped connection.
    return create_async_engine(url, pool_size=4, max_overflow=0, isolation_level="AUTOCOMMIT")


_CHECKS = "db.checks_before_commit"


def check_before_commit(session: AsyncSession, check: Callable[[], Awaitable[None]]) -> None:
    """Run `check` before `session`'s unit of work commits (`Database.session`); it raises to
    refuse the commit. Also run when the work failed, after the rollback: then its error is
    the one the caller sees. A check whose question rode with the work's round trips
    (core.direct.defer_fetch) may find it unanswered (a rollback dropped it): it asks again."""
    session.info.setdefault(_CHECKS, []).append(check)


async def _run_checks(session: AsyncSession) -> None:
    for check in session.info.pop(_CHECKS, ()):
        await check()


class Database:
    """The engines and session factories one process uses."""

    def __init__(self, url: str, *, pool_size: int = DEFAULT_POOL_SIZE) -> None:
        self.url = url
        self.engine = make_engine(url, pool_size=pool_size)
        # On PostgreSQL reads and writes share one pool; SQLite needs a different BEGIN.
        self.read_engine = make_engine(url, read_only=True) if is_sqlite(url) else self.engine
        self.autonomous_engine = _autonomous_engine(url)
        info = {"database": self}
        self._writer = async_sessionmaker(self.engine, expire_on_commit=False, info=info)
        self._reader = async_sessionmaker(self.read_engine, expire_on_commit=False, info=info)
        self._bound: AsyncConnection | None = None

    @classmethod
    def bound_to(cls, connection: AsyncConnection) -> Database:
        """Every session joins `connection`'s transaction through savepoints (tests roll back)."""
        self = cls.__new__(cls)
        self.url = str(connection.engine.url)
        self.engine = connection.engine
        self.read_engine = connection.engine
        self._bound = connection
        self.autonomous_engine = None  # everything stays inside the test's transaction
        factory = async_sessionmaker(
            bind=connection,
            expire_on_commit=False,
            join_transaction_mode="create_savepoint",
            info={"database": self},
        )
        self._writer = factory
        self._reader = factory
        return self

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @asynccontextmanager
    async def session(self, *, read_only: bool = False) -> AsyncIterator[AsyncSession]:
        """A unit of work: commits when the block ends normally, rolls back otherwise. The
        session's checks (`check_before_commit`) run first either way; a check that fails
        rolls the work back, and its error wins over the work's own."""
        factory = self._reader if read_only else self._writer
        async with factory() as session:
            try:
                yield session
                await _run_checks(session)
                await session.commit()
            except BaseException as error:
                # Also when the commit itself failed (a deferred write refused, core.deferred):
                # a savepoint left half-released would poison the connection's next user.
                await session.rollback()
                if isinstance(error, Exception) and session.info.get(_CHECKS):
                    await _run_checks(session)  # e.g. a 401 rather than the work's 404
                raise

    async def dispose(self) -> None:
        if self._bound is not None:
            return
        await self.engine.dispose()
        if self.read_engine is not self.engine:
            await self.read_engine.dispose()
        if self.autonomous_engine is not None:
            await self.autonomous_engine.dispose()


async def autonomous_scalar(
    session: AsyncSession, statement: ClauseElement, params: dict[str, Any]
) -> Any:
    """Run `statement` committed on its own, at once, not in `session`'s transaction, and
    return its one value. For counters whose row lock would otherwise be held until the
    caller commits, serialising every caller behind it (PostgreSQL). Where that cannot be
    (SQLite, whose one writer serialises anyway; a test's session bound to one connection)
    it runs inside `session`'s transaction instead. Either way the caller learns the value
    at once; only the autonomous kind survives the caller's rollback."""
    database: Database | None = session.info.get("database")
    engine = database.autonomous_engine if database is not None else None
    if engine is None:
        return await direct.scalar(session, statement, params)
    for attempt in (1, 2):
        async with engine.connect() as connection:
            try:
                return await direct.scalar_on(connection, statement, params)
            except DBAPIError as error:
                # A connection the server dropped (restart, idle timeout) is thrown away;
                # one more try takes a fresh one. Anything else is the caller's.
                if attempt == 2 or not error.connection_invalidated:
                    raise
                await connection.invalidate()
    raise AssertionError("unreachable")


_T = TypeVar("_T")
_kept: weakref.WeakKeyDictionary[Database, dict[Any, Any]] = weakref.WeakKeyDictionary()


def kept_for(database: Database, kind: Callable[[], _T]) -> _T:
    """This process's one `kind()` for `database`, made on first use and let go with it: what
    a process keeps about a database between requests (case number blocks, recently seen
    tokens). A test's database gets its own."""
    kept = _kept.setdefault(database, {})
    found = kept.get(kind)
    if found is None:
        found = kept[kind] = kind()
    return cast(_T, found)
