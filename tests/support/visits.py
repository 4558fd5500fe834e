"""Helpers for the 走访 and 社情民意 tests (tests/governance/visits, tests/governance/sentiment):
the API as each person reaches it, and real uploads (a WAV voice clip; a JPEG photo as every
register's tests upload it, support.governance.Logins)."""

from __future__ import annotations

import io
import wave
from typing import Any

import httpx
from sqlalchemy import select

from jinghutong.models import Notification, Person
from support.governance import API, Logins


def voice_clip(seconds: float = 2.0) -> bytes:
    """A real WAV recording (silence), as a phone might send."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"\x00\x00" * int(8000 * seconds))
    return buffer.getvalue()


class Phones(Logins):
    """The API as each person reaches it (support.governance.Logins)."""

    async def post(
        self, person: Person, path: str, body: Any, key: str | None = None
    ) -> httpx.Response:
        return await self.send(person, f"{API}{path}", body, key)

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

    async def voice(self, person: Person) -> str:
        return await self.upload(person, ("voice.wav", voice_clip(), "audio/wav"), "voice")


async def told(session, person: Person, kind: str) -> list[Notification]:
    rows = await session.scalars(
        select(Notification).where(Notification.person_id == person.id, Notification.kind == kind)
    )
    return list(rows.all())
