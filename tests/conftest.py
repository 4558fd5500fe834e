"""Suite-wide fixtures: settings, a migrated database with a rollback per test, the app."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core import clock, crypto
from jinghutong.core.config import Settings
from jinghutong.core.db import Database, make_engine
from support.database import database_url_for_tests, migrate_fresh

TEST_SECRET = "test-secret-key-for-the-suite-only-0123456789"


@pytest.fixture(scope="session")
def tmp_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("jht")


@pytest.fixture(scope="session")
def database_url(tmp_root: Path) -> str:
    url = database_url_for_tests(tmp_root)
    migrate_fresh(url)
    return url


@pytest.fixture(scope="session", autouse=True)
def _crypto_keys() -> None:
    crypto.configure(TEST_SECRET)


@pytest.fixture(autouse=True)
def _fresh_clock() -> Iterator[None]:
    clock.reset()
    yield
    clock.reset()


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return Settings(
        env="test",
        data_dir=tmp_path,
        database_url=database_url,
        secret_key=TEST_SECRET,  # type: ignore[arg-type]
        redis_url=os.environ.get("JHT_TEST_REDIS_URL") or None,
    )


@pytest.fixture(scope="session")
async def engine(database_url: str):  # type: ignore[no-untyped-def]
    engine = make_engine(database_url)
    yield engine
    await engine.dispose()


@pytest.fixture
async def database(engine) -> AsyncIterator[Database]:  # type: ignore[no-untyped-def]
    """A Database whose every session runs inside one transaction rolled back after the test."""
    async with engine.connect() as connection:
        transaction = await connection.begin()
        try:
            yield Database.bound_to(connection)
        finally:
            await transaction.rollback()


@pytest.fixture
async def session(database: Database) -> AsyncIterator[AsyncSession]:
    """A unit of work for arranging data; commits to the test's savepoint."""
    async with database.session() as s:
        yield s
