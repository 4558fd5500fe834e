"""Rate limits shared by every process: Redis when configured, process memory otherwise.

Only failures are counted for logins: `check()` before the attempt, `hit()` after a failure,
so a person who types the right password is never locked out by their own success.

Redis restarted: the pool's connections are dead, and the first command on each fails once
before the pool connects again — so a command is tried twice. Redis down: 503 with
Retry-After (the request may well succeed in a moment), never a bare 500."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

from limits import RateLimitItem, parse
from limits.aio.strategies import MovingWindowRateLimiter
from limits.storage import storage_from_string
from redis.exceptions import RedisError

from jinghutong.core.errors import ServiceUnavailable, TooManyRequests

T = TypeVar("T")


async def _shared(call: Callable[..., Awaitable[T]], *args: object) -> T:
    """`call(*args)` on the shared store: once more after a dropped connection, then 503."""
    for attempt in (1, 2):
        try:
            return await call(*args)
        except (RedisError, OSError) as exc:
            if attempt == 2:
                raise ServiceUnavailable(retry_after=5) from exc
    raise AssertionError("unreachable")


class RateLimiter:
    def __init__(self, redis_url: str | None = None) -> None:
        if redis_url:
            uri = "async+" + redis_url if not redis_url.startswith("async+") else redis_url
            storage = storage_from_string(uri, implementation="redispy")
        else:
            storage = storage_from_string("async+memory://")
        self._limiter = MovingWindowRateLimiter(storage)
        self._items: dict[str, RateLimitItem] = {}

    def _item(self, rule: str) -> RateLimitItem:
        if rule not in self._items:
            self._items[rule] = parse(rule)
        return self._items[rule]

    async def check(self, rule: str, *keys: str, detail: str | None = None) -> None:
        """Raise 429 with Retry-After when any key has used up its allowance."""
        item = self._item(rule)
        for key in keys:
            if not await _shared(self._limiter.test, item, key):
                stats = await _shared(self._limiter.get_window_stats, item, key)
                raise TooManyRequests(int(stats.reset_time - time.time()) + 1, detail)

    async def hit(self, rule: str, *keys: str) -> None:
        item = self._item(rule)
        for key in keys:
            await _shared(self._limiter.hit, item, key)

    async def clear(self, rule: str, *keys: str) -> None:
        item = self._item(rule)
        for key in keys:
            await _shared(self._limiter.clear, item, key)
