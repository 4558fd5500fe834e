"""Subscribe messages over one pooled async httpx client with bounded concurrency.

Each send passes the shared rate limiter, uses the stable token (on 40001/42001 it invalidates
the token through `StableTokenService.invalidate` and tries once more), and ends as one
`Outcome`: sent; retry (−1, 45009, 45011, HTTP 5xx, timeouts, connection errors); refused (43101,
no quota on WeChat's side); failed (47003 and other errors in what we sent)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

import httpx

from jinghutong.integrations.wechat.errors import (
    WechatBusy,
    WechatError,
    WechatRefused,
    WechatTokenInvalid,
    error_from,
)
from jinghutong.integrations.wechat.ratelimit import Limiter
from jinghutong.integrations.wechat.tokens import StableTokenService

SEND_PATH = "/cgi-bin/message/subscribe/send"
# Measured on a 2-core box: beyond ~32 connections httpx gets slower, not faster.
DEFAULT_CONCURRENCY = 32
T = TypeVar("T")
Kind = Literal["sent", "retry", "refused", "failed"]


@dataclass(frozen=True)
class Outcome:
    kind: Kind
    error: str | None = None
    retry_after: float | None = None


SENT = Outcome("sent")


class SubscribeSender:
    def __init__(
        self,
        base_url: str,
        tokens: StableTokenService,
        limiter: Limiter,
        *,
        concurrency: int = DEFAULT_CONCURRENCY,
        timeout: float = 5.0,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.tokens = tokens
        self.limiter = limiter
        self.concurrency = concurrency
        self.timeout = timeout
        self._client: httpx.AsyncClient | None = None

    async def __aenter__(self) -> SubscribeSender:
        limits = httpx.Limits(
            max_connections=self.concurrency, max_keepalive_connections=self.concurrency
        )
        self._client = httpx.AsyncClient(
            base_url=self.base_url, limits=limits, timeout=self.timeout
        )
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def _post(self, token: str, body: dict[str, Any]) -> None:
        """One call; raises the typed WeChat error (WechatBusy for transport and 5xx)."""
        assert self._client is not None, "use `async with SubscribeSender(...)`"
        await self.limiter.acquire()
        try:
            res = await self._client.post(SEND_PATH, params={"access_token": token}, json=body)
        except httpx.HTTPError as exc:
            raise WechatBusy(None, f"{type(exc).__name__}", retry_after=5) from exc
        if res.status_code >= 500:
            raise WechatBusy(None, f"HTTP {res.status_code}", retry_after=5)
        try:
            data = res.json()
        except ValueError:
            raise WechatBusy(None, f"HTTP {res.status_code}: not JSON", retry_after=5) from None
        errcode = int(data.get("errcode") or 0)
        if errcode:
            raise error_from(errcode, str(data.get("errmsg", "")))

    async def send(self, body: dict[str, Any]) -> Outcome:
        """`body` is the subscribe/send JSON: {touser, template_id, page, data, …}."""
        try:
            token = await self.tokens.get()
            try:
                await self._post(token, body)
            except WechatTokenInvalid:
                await self.tokens.invalidate(token)
                await self._post(await self.tokens.get(), body)
        except WechatBusy as exc:
            return Outcome("retry", str(exc)[:200], float(exc.retry_after))
        except WechatTokenInvalid as exc:
            return Outcome("retry", str(exc)[:200], 5.0)
        except WechatRefused as exc:
            return Outcome("refused", str(exc)[:200])
        except WechatError as exc:
            return Outcome("failed", str(exc)[:200])
        return SENT

    async def map(
        self,
        items: Iterable[T],
        make_body: Callable[[T], dict[str, Any]],
        done: Callable[[T, Outcome], Awaitable[None]],
    ) -> None:
        """Send one message per item with at most `concurrency` in flight; `done` gets each
        outcome as soon as it is known (so outcomes are recorded while others still fly)."""
        queue: asyncio.Queue[T] = asyncio.Queue()
        for item in items:
            queue.put_nowait(item)

        async def worker() -> None:
            while not queue.empty():
                item = queue.get_nowait()
                await done(item, await self.send(make_body(item)))

        n = min(self.concurrency, queue.qsize())
        await asyncio.gather(*(worker() for _ in range(n)))
