"""Suite-wide fixtures: settings, a migrated database with a rollback per test, the app."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.app import create_app
from jinghutong.core import clock, crypto
from jinghutong.core.config import Settings, WechatSettings
from jinghutong.core.db import Database, make_engine
from support.database import database_url_for_tests, migrate_fresh
from support.emulator_server import RunningEmulator, start_emulator_server

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
        # Redis-backed parts have their own tests (tests/core/test_redis_backends.py); sharing one
        # Redis between tests would carry rate-limit counts from one test into the next.
        redis_url=None,
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


# -- the WeChat emulator and the app -------------------------------------------------------------


@pytest.fixture(scope="session")
def emulator() -> Iterator[RunningEmulator]:
    """The WeChat emulator under real uvicorn: wechatpy and the app reach it over HTTP."""
    running = start_emulator_server()
    yield running
    running.stop()


@pytest.fixture
def app_settings(settings: Settings, emulator: RunningEmulator) -> Settings:
    return settings.model_copy(update={"wechat": WechatSettings(api_base=emulator.url)})


@pytest.fixture
async def app(app_settings: Settings, database: Database) -> AsyncIterator[FastAPI]:
    application = create_app(app_settings, database=database, mount_emulator=False)
    yield application
    await application.state.wechat.aclose()


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c


@pytest.fixture
async def device(emulator: RunningEmulator) -> AsyncIterator[httpx.AsyncClient]:
    """The phone side of the emulator (`/device/login`, inbox, subscriptions …), on a fresh
    emulator (no faults, empty inboxes)."""
    emulator.state.reset()
    async with httpx.AsyncClient(base_url=emulator.url) as c:
        yield c
