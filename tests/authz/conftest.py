"""One world for the whole matrix: built once per module in an outer transaction that is rolled
back at the end; every request of the matrix runs in a savepoint of its own, rolled back after
it, so no request sees what another did (a closed case, a spent reward, a deleted member)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from authz.world import World, build_world
from conftest import TEST_SECRET
from jinghutong.app import create_app
from jinghutong.core.config import Settings, WechatSettings
from jinghutong.core.db import Database
from support.emulator_server import RunningEmulator


@pytest.fixture(scope="module")
async def matrix_connection(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    async with engine.connect() as connection:
        transaction = await connection.begin()
        try:
            yield connection
        finally:
            await transaction.rollback()


@pytest.fixture(scope="module")
async def matrix_app(
    matrix_connection: AsyncConnection,
    database_url: str,
    emulator: RunningEmulator,
    tmp_path_factory: pytest.TempPathFactory,
) -> AsyncIterator[FastAPI]:
    settings = Settings(
        env="test",
        data_dir=tmp_path_factory.mktemp("authz"),
        database_url=database_url,
        secret_key=TEST_SECRET,  # type: ignore[arg-type]
        redis_url=None,
        wechat=WechatSettings(api_base=emulator.url),
    )
    database = Database.bound_to(matrix_connection)
    application = create_app(settings, database=database, mount_emulator=False)
    yield application
    await application.state.wechat.aclose()


@pytest.fixture(scope="module")
async def matrix_client(matrix_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=matrix_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c


@pytest.fixture(scope="module")
async def world(matrix_app: FastAPI, matrix_client: httpx.AsyncClient) -> World:
    database: Database = matrix_app.state.database
    async with database.session() as session:
        return await build_world(session, matrix_client)
