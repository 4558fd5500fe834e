"""Bad input gets a clear Chinese error naming each field, never a bare 500."""

from __future__ import annotations

import httpx
from fastapi import APIRouter

from jinghutong.app import create_app
from jinghutong.core.errors import NotFound


async def test_malformed_json_is_a_422_in_chinese(client):
    response = await client.post(
        "/api/v1/auth/wechat", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "ValidationFailed"
    assert "JSON" in next(iter(body["fields"].values()))


async def test_missing_wrong_type_and_unknown_fields_are_each_named(client):
    missing = await client.post("/api/v1/auth/password", json={"username": "a"})
    wrong = await client.post("/api/v1/auth/wechat", json={"code": 12345})
    unknown = await client.post("/api/v1/auth/wechat", json={"code": "x", "openid": "o-1"})

    assert missing.status_code == wrong.status_code == unknown.status_code == 422
    assert missing.json()["fields"] == {"password": "必须填写"}
    assert wrong.json()["fields"] == {"code": "应为文字"}
    assert unknown.json()["fields"] == {"openid": "不认识这个字段"}
    assert "password：必须填写" in missing.json()["detail"]


async def test_too_long_values_say_the_limit(client):
    response = await client.post("/api/v1/auth/wechat", json={"code": "x" * 500})
    assert response.status_code == 422
    assert response.json()["fields"]["code"] == "太长了，最多 128 个字"


async def test_a_body_over_the_limit_is_refused_with_413(client, app_settings):
    huge = b'{"code": "' + b"x" * (app_settings.max_body_bytes + 10) + b'"}'
    response = await client.post(
        "/api/v1/auth/wechat", content=huge, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert response.json()["error"] == "PayloadTooLarge"


async def test_a_streamed_body_over_the_limit_without_length_is_refused(client, app_settings):
    async def chunks():
        for _ in range(app_settings.max_body_bytes // 65536 + 2):
            yield b"x" * 65536

    response = await client.post(
        "/api/v1/auth/wechat", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413


async def test_unknown_paths_and_methods_answer_in_the_same_shape(client):
    missing = await client.get("/api/v1/no-such-thing")
    wrong_method = await client.delete("/api/v1/me")
    assert missing.status_code == 404 and missing.json()["error"] == "NotFound"
    assert wrong_method.status_code == 405 and wrong_method.json()["detail"]


async def test_app_errors_render_their_status_and_detail(app):
    router = APIRouter()

    @router.get("/boom-not-found")
    async def boom() -> None:
        raise NotFound("找不到这户")

    app.include_router(router)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        response = await c.get("/boom-not-found")
    assert response.status_code == 404
    assert response.json() == {"error": "NotFound", "detail": "找不到这户"}


async def test_an_unexpected_error_is_a_500_without_a_trace(app):
    router = APIRouter()

    @router.get("/boom")
    async def boom() -> None:
        raise RuntimeError("secret internals")

    app.include_router(router)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
        response = await c.get("/boom", headers={"X-Request-ID": "req-12345678"})
    assert response.status_code == 500
    assert "secret internals" not in response.text
    assert "req-12345678" in response.json()["detail"]


async def test_the_register_import_has_its_own_larger_limit(client, app_settings):
    """13 MB is over the general limit but within the import's 20 MB: the request gets as far as
    asking who is calling instead of being cut off."""
    size = app_settings.max_body_bytes + 1024 * 1024
    files = {"file": ("户籍.csv", b"a" * size, "text/csv")}
    response = await client.post("/api/v1/households/import", files=files)
    assert response.status_code == 401


async def test_a_database_out_of_reach_is_a_503_with_retry_after(settings, tmp_path):
    # The database restarting, failing over or its pool exhausted: the request may succeed in a
    # moment, so it is told so (never a bare 500). Here the database file cannot be opened.
    unreachable = settings.model_copy(
        update={"database_url": f"sqlite+aiosqlite:///{tmp_path / 'missing' / 'x.db'}"}
    )
    app = create_app(unreachable, mount_emulator=False)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
        response = await c.get("/api/v1/me", headers={"Authorization": "Bearer jht_whatever"})
    await app.state.wechat.aclose()
    await app.state.database.dispose()
    assert response.status_code == 503, response.text
    assert response.headers["Retry-After"] == "2"
    assert response.json()["error"] == "ServiceUnavailable"
