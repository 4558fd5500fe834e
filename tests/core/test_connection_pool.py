"""The PostgreSQL pool replaces a connection the server has closed before handing it out,
without asking the server on every checkout (core.db)."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from jinghutong.core.db import Database, is_sqlite


async def test_a_connection_the_server_closed_is_replaced_at_checkout(database_url: str) -> None:
    if is_sqlite(database_url):
        pytest.skip("PostgreSQL only: SQLite has no server to close a connection")
    database = Database(database_url)
    try:
        async with database.session() as s:  # the pool keeps this connection afterwards
            first = await s.scalar(text("SELECT pg_backend_pid()"))
        async with database.session() as s:
            assert await s.scalar(text("SELECT pg_backend_pid()")) == first  # reused
        assert database.autonomous_engine is not None
        async with database.autonomous_engine.connect() as admin:  # waits until it is gone
            assert await admin.scalar(text("SELECT pg_terminate_backend(:p, 10000)"), {"p": first})
        async with database.session() as s:  # no error: a fresh connection
            second = await s.scalar(text("SELECT pg_backend_pid()"))
        assert second != first
    finally:
        await database.dispose()
