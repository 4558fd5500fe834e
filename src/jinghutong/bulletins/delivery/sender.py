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
from redis.exceptions import RedisError

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
# httpcore's pool spends CPU per request that grows with the connections one client holds:
# 32 concurrent requests through one client cost 4.9 ms of CPU each, through four clients of
# eight 2.2 ms (bench/fanout.py; the same emulator). So connections are spread over clients.
CONNECTIONS_PER_CLIENT = 8
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
        concurrency: int,
        timeout: float = 5.0,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.tokens = tokens
        self.limiter = limiter
        self.concurrency = concurrency
        self.timeout = timeout
        self._clients: list[httpx.AsyncClient] = []

    async def __aenter__(self) -> SubscribeSender:
        self._clients = http_clients(self.base_url, self.concurrency, self.timeout)
        return self

    async def __aexit__(self, *exc: object) -> None:
        clients, self._clients = self._clients, []
        for client in clients:
            await client.aclose()

    async def _post(self, token: str, body: dict[str, Any], lane: int) -> None:
        """One call; raises the typed WeChat error (WechatBusy for transport and 5xx)."""
        assert self._clients, "use `async with SubscribeSender(...)`"
        client = self._clients[lane % len(self._clients)]
        try:
            await self.limiter.acquire()
        except (RedisError, OSError) as exc:
            # The shared limiter's Redis is down: this message waits (a retry), and the batch
            # goes on recording the outcomes of those already sent instead of losing them.
            raise WechatBusy(None, f"rate limiter: {type(exc).__name__}", retry_after=5) from exc
        try:
            res = await client.post(SEND_PATH, params={"access_token": token}, json=body)
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

    async def send(self, body: dict[str, Any], lane: int = 0) -> Outcome:
        """`body` is the subscribe/send JSON: {touser, template_id, page, data, …}; `lane`
        picks the HTTP client (each concurrent sender keeps to its own)."""
        try:
            token = await self.tokens.get()
            try:
                await self._post(token, body, lane)
            except WechatTokenInvalid:
                await self.tokens.invalidate(token)
                await self._post(await self.tokens.get(), body, lane)
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
        on_dispatched: Callable[[], None] | None = None,
        still_ours: Callable[[T], bool] | None = None,
    ) -> None:
        """Send one message per item with at most `concurrency` in flight; `done` gets each
        outcome as soon as it is known (so outcomes are recorded while others still fly);
        `on_dispatched` runs once, when the last item has been taken up. An item for which
        `still_ours` answers False at its turn is not sent (and `done` does not hear of it)."""
        queue: asyncio.Queue[T] = asyncio.Queue()
        for item in items:
            queue.put_nowait(item)

        pending_call = [on_dispatched] if on_dispatched is not None else []

        async def worker(lane: int) -> None:
            while not queue.empty():
                item = queue.get_nowait()
                if queue.empty() and pending_call:
                    pending_call.pop()()
                if still_ours is not None and not still_ours(item):
                    continue
                await done(item, await self.send(make_body(item), lane))

        n = min(self.concurrency, queue.qsize())
        await asyncio.gather(*(worker(lane) for lane in range(n)))


def http_clients(base_url: str, concurrency: int, timeout: float) -> list[httpx.AsyncClient]:
    """Clients holding `concurrency` connections between them, at most
    CONNECTIONS_PER_CLIENT each (see the constant)."""
    count = max(1, -(-concurrency // CONNECTIONS_PER_CLIENT))
    per = -(-concurrency // count)
    limits = httpx.Limits(max_connections=per, max_keepalive_connections=per)
    return [
        httpx.AsyncClient(base_url=base_url, limits=limits, timeout=timeout) for _ in range(count)
    ]
