"""Liveness, readiness, metrics and request ids."""

from __future__ import annotations

import httpx

from jinghutong.app import create_app
from jinghutong.core.db import Database


async def test_healthz(client):
    response = await client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_readyz_reports_the_schema_head(client, app):
    response = await client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["schema"] == app.state.schema_head


async def test_readyz_is_503_when_the_schema_is_not_migrated(app_settings, tmp_path):
    empty = Database(f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}")
    app = create_app(app_settings, database=empty, mount_emulator=False)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        response = await c.get("/readyz")
    await app.state.wechat.aclose()
    await empty.dispose()
    assert response.status_code == 503
    assert response.json()["schema"] is None
    assert "migrate" in response.json()["detail"]


async def test_readyz_is_503_when_the_database_is_unreachable(app_settings):
    down = Database("postgresql+psycopg://nobody@127.0.0.1:9/none")
    app = create_app(app_settings, database=down, mount_emulator=False)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        response = await c.get("/readyz")
    await app.state.wechat.aclose()
    assert response.status_code == 503
    assert response.json()["database"] == "down"


async def test_metrics_count_requests_by_route(client):
    await client.get("/api/v1/me")
    text = (await client.get("/metrics")).text
    assert 'jht_http_requests_total{method="GET",route="/api/v1/me",status="401"}' in text


async def test_every_response_carries_a_request_id(client):
    chosen = await client.get("/healthz", headers={"X-Request-ID": "abcdef123456"})
    made = await client.get("/healthz")
    assert chosen.headers["X-Request-ID"] == "abcdef123456"
    assert len(made.headers["X-Request-ID"]) == 16
