"""Helpers for the 走访 and 社情民意 tests (tests/governance/visits, tests/governance/sentiment):
the API as each person reaches it, and real uploads (a JPEG photo, a WAV voice clip)."""

from __future__ import annotations

import io
import wave
from datetime import timedelta
from typing import Any

import httpx
from PIL import Image
from sqlalchemy import select

from jinghutong.core import clock
from jinghutong.models import Notification, Person
from support.governance import staff_headers, wechat_headers

API = "/api/v1"


def voice_clip(seconds: float = 2.0) -> bytes:
    """A real WAV recording (silence), as a phone might send."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"\x00\x00" * int(8000 * seconds))
    return buffer.getvalue()


class Phones:
    """The API as each person reaches it: logged in the way they log in. Tokens are fetched
    again after the clock moves (staff tokens last 12 hours, WeChat logins 30 days)."""

    def __init__(self, client: httpx.AsyncClient, device: httpx.AsyncClient) -> None:
        self.client, self.device = client, device
        self._headers: dict[str, dict[str, str]] = {}

    async def as_(self, person: Person) -> dict[str, str]:
        if person.id not in self._headers:
            if person.openid:
                headers = await wechat_headers(self.client, self.device, person.openid)
            else:
                headers = await staff_headers(self.client, person.username or "")
            self._headers[person.id] = headers
        return self._headers[person.id]

    def later(self, delta: timedelta) -> None:
        clock.advance(delta)
        self._headers.clear()

    async def post(
        self, person: Person, path: str, body: Any, key: str | None = None
    ) -> httpx.Response:
        extra = {"Idempotency-Key": key} if key else {}
        headers = {**await self.as_(person), **extra}
        return await self.client.post(f"{API}{path}", json=body, headers=headers)

    async def get(self, person: Person, path: str, **params: Any) -> httpx.Response:
        params = {k: v for k, v in params.items() if v is not None}
        return await self.client.get(f"{API}{path}", params=params, headers=await self.as_(person))

    async def ok(self, person: Person, path: str, **params: Any) -> dict[str, Any]:
        response = await self.get(person, path, **params)
        assert response.status_code == 200, response.text
        return response.json()

    async def visit(self, person: Person, key: str | None = None, **body: Any) -> httpx.Response:
        body.setdefault("topics", ["basic_info"])
        return await self.post(person, "/visits", body, key)

    async def visited(self, person: Person, **body: Any) -> dict[str, Any]:
        response = await self.visit(person, **body)
        assert response.status_code == 201, response.text
        return response.json()

    async def sentiment(self, person: Person, key: str | None = None, **body: Any):
        return await self.post(person, "/sentiments", body, key)

    async def photo(self, person: Person, shade: int = 40) -> str:
        out = io.BytesIO()
        Image.new("RGB", (32, 32), (120, 80, shade)).save(out, format="JPEG")
        return await self._upload(person, ("IMG_0001.jpg", out.getvalue(), "image/jpeg"), "image")

    async def voice(self, person: Person) -> str:
        return await self._upload(person, ("voice.wav", voice_clip(), "audio/wav"), "voice")

    async def _upload(self, person: Person, file: tuple[str, bytes, str], kind: str) -> str:
        response = await self.client.post(
            f"{API}/media",
            headers=await self.as_(person),
            files={"file": file},
            data={"kind": kind},
        )
        assert response.status_code == 201, response.text
        return str(response.json()["id"])


async def told(session, person: Person, kind: str) -> list[Notification]:
    rows = await session.scalars(
        select(Notification).where(Notification.person_id == person.id, Notification.kind == kind)
    )
    return list(rows.all())
