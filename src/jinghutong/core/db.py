"""Engines and sessions. One unit of work per request and per job: services flush, the request
(or the job) commits.

SQLite notes: WAL lets readers go on while one writer writes; `busy_timeout` makes a second
writer wait instead of failing. Writing transactions start with `BEGIN IMMEDIATE` so that a
transaction that read first can never fail later with SQLITE_BUSY when it tries to write
(busy_timeout does not help there). Read-only sessions use a plain deferred `BEGIN`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import NullPool


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def _sqlite_engine(url: str, begin: str) -> AsyncEngine:
    engine = create_async_engine(url, connect_args={"timeout": 30})

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Take transaction control away from the driver so BEGIN is ours (see module doc).
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql(begin)

    return engine


def make_engine(url: str, *, read_only: bool = False, pool: bool = True) -> AsyncEngine:
    if is_sqlite(url):
        return _sqlite_engine(url, "BEGIN" if read_only else "BEGIN IMMEDIATE")
    if not pool:
        return create_async_engine(url, poolclass=NullPool)
    return create_async_engine(url, pool_size=10, max_overflow=10, pool_pre_ping=True)


class Database:
    """The engines and session factories one process uses."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        # On PostgreSQL reads and writes share one pool; SQLite needs a different BEGIN.
        self.read_engine = make_engine(url, read_only=True) if is_sqlite(url) else self.engine
        self._writer = async_sessionmaker(self.engine, expire_on_commit=False)
        self._reader = async_sessionmaker(self.read_engine, expire_on_commit=False)
        self._bound: AsyncConnection | None = None

    @classmethod
    def bound_to(cls, connection: AsyncConnection) -> Database:
        """Every session joins `connection`'s transaction through savepoints (tests roll back)."""
        self = cls.__new__(cls)
        self.url = str(connection.engine.url)
        self.engine = connection.engine
        self.read_engine = connection.engine
        self._bound = connection
        factory = async_sessionmaker(
            bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint"
        )
        self._writer = factory
        self._reader = factory
        return self

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @asynccontextmanager
    async def session(self, *, read_only: bool = False) -> AsyncIterator[AsyncSession]:
        """A unit of work: commits when the block ends normally, rolls back otherwise."""
        factory = self._reader if read_only else self._writer
        async with factory() as session:
            try:
                yield session
            except BaseException:
                await session.rollback()
                raise
            else:
                await session.commit()

    async def dispose(self) -> None:
        if self._bound is not None:
            return
        await self.engine.dispose()
        if self.read_engine is not self.engine:
            await self.read_engine.dispose()
