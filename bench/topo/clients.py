"""The mini-program's side: villagers log in through the emulator's phone (wx.login → code →
POST /auth/wechat) and submit as miniprogram/utils/outbox.js does — one Idempotency-Key per
submission, kept until the server answers, and the same key and body sent again after a
network error, a 5xx, 408, 429 or 409 IdempotencyInFlight. Every answer is tallied."""

from __future__ import annotations

import asyncio
import io
import random
import secrets
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import httpx

API = "/api/v1"


@dataclass
class Tally:
    sent: int = 0  # submissions started
    acknowledged: int = 0  # answered 2xx (in the end)
    gave_up: int = 0
    statuses: Counter[int] = field(default_factory=Counter)  # every HTTP answer, retries too
    network_errors: int = 0
    missing_retry_after: int = 0  # 503s without Retry-After
    ids: list[str] = field(default_factory=list)  # what the acknowledged answers named

    @property
    def s500(self) -> int:
        return sum(n for s, n in self.statuses.items() if s >= 500 and s != 503)

    @property
    def s503(self) -> int:
        return self.statuses[503]


def retriable(status: int, body: Any) -> bool:
    if status >= 500 or status in (408, 429):
        return True
    code = body.get("code") if isinstance(body, dict) else None
    return status == 409 and code == "IdempotencyInFlight"


async def login(base: str, emulator: str, openid: str) -> str:
    async with httpx.AsyncClient(timeout=30) as client:
        for _ in range(60):
            try:
                phone = await client.post(f"{emulator}/device/login", json={"openid": openid})
                code = phone.json()["code"]
                res = await client.post(f"{base}{API}/auth/wechat", json={"code": code})
                if res.status_code == 200:
                    return str(res.json()["token"])
            except httpx.HTTPError:
                pass
            await asyncio.sleep(0.5)
    raise RuntimeError(f"{openid} could not log in")


async def submit(
    client: httpx.AsyncClient,
    tally: Tally,
    token: str,
    method: str,
    path: str,
    *,
    json: Any = None,
    files: dict[str, Any] | None = None,
    data: dict[str, str] | None = None,
    idempotent: bool = True,
    attempts: int = 60,
) -> dict[str, Any] | None:
    """One submission, retried like the outbox. Returns the acknowledged body (or None)."""
    tally.sent += 1
    headers = {"Authorization": f"Bearer {token}"}
    if idempotent:
        headers["Idempotency-Key"] = "topo-" + secrets.token_hex(12)
    for attempt in range(attempts):
        try:
            res = await client.request(
                method, path, json=json, files=_rewind(files), data=data, headers=headers
            )
        except httpx.HTTPError:
            tally.network_errors += 1
        else:
            tally.statuses[res.status_code] += 1
            if res.status_code == 503 and "retry-after" not in res.headers:
                tally.missing_retry_after += 1
            body = _body(res)
            if 200 <= res.status_code < 300:
                tally.acknowledged += 1
                if isinstance(body, dict) and "id" in body:
                    tally.ids.append(str(body["id"]))
                return body if isinstance(body, dict) else {}
            if not retriable(res.status_code, body) or not idempotent:
                tally.gave_up += 1
                return None
        await asyncio.sleep(min(2.0, 0.1 * 2 ** min(attempt, 4)) * random.uniform(0.5, 1.5))
    tally.gave_up += 1
    return None


def _body(res: httpx.Response) -> Any:
    try:
        return res.json()
    except ValueError:
        return None


def _rewind(files: dict[str, Any] | None) -> dict[str, Any] | None:
    if files is None:
        return None
    out = {}
    for name, (filename, content, ctype) in files.items():
        out[name] = (filename, io.BytesIO(content), ctype)
    return out


async def report_burst(
    base: str, tokens: list[tuple[str, str]], n: int, concurrency: int, tag: str
) -> Tally:
    """`n` reports from the villagers (person id, token) round-robin, `concurrency` at once."""
    tally = Tally()
    todo = iter(range(n))
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base + API, timeout=30, limits=limits) as client:

        async def reporter() -> None:
            for i in todo:
                _, token = tokens[i % len(tokens)]
                body = {"kind": "consult", "text": f"请问户口迁移要带什么材料（{tag}-{i}）"}
                await submit(client, tally, token, "POST", "/cases", json=body)

        await asyncio.gather(*(reporter() for _ in range(concurrency)))
    return tally


def png_bytes(seed: int) -> bytes:
    from PIL import Image

    image = Image.new("RGB", (64, 64), ((seed * 37) % 256, (seed * 91) % 256, 120))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


async def uploads(base: str, token: str, n: int, start: int = 0) -> Tally:
    """`n` photo uploads at once. POST /media carries no Idempotency-Key (an upload that is
    retried is a second upload); the mini-program shows the error and the person taps again."""
    tally = Tally()
    async with httpx.AsyncClient(base_url=base + API, timeout=90) as client:

        async def one(i: int) -> None:
            files = {"file": (f"p{i}.png", png_bytes(i), "image/png")}
            await submit(
                client,
                tally,
                token,
                "POST",
                "/media",
                files=files,
                data={"kind": "image"},
                idempotent=False,
            )

        await asyncio.gather(*(one(start + i) for i in range(n)))
    return tally
