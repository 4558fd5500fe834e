"""Logging in the way the mini-program and the console do."""

from __future__ import annotations

import httpx


async def wechat_login(client: httpx.AsyncClient, device: httpx.AsyncClient, openid: str) -> dict:
    """What the mini-program does: wx.login() on the phone, then POST /auth/wechat."""
    code = (await device.post("/device/login", json={"openid": openid})).json()["code"]
    response = await client.post("/api/v1/auth/wechat", json={"code": code})
    assert response.status_code == 200, response.text
    return response.json()


def bearer(login: dict) -> dict[str, str]:
    return {"Authorization": f"Bearer {login['token']}"}


async def password_login(client: httpx.AsyncClient, username: str, password: str) -> dict:
    response = await client.post(
        "/api/v1/auth/password", json={"username": username, "password": password}
    )
    assert response.status_code == 200, response.text
    return response.json()
