"""ONE limit on calls to WeChat shared by every sender: a Redis counter per second when Redis is
configured (all worker processes draw from it), else an in-process token bucket.

The Redis limiter takes permits in small blocks (one INCRBY per block, not per message) so the
limiter costs a round trip per ~20 messages, not per message."""

from __future__ import annotations

import asyncio
import time
from typing import Any, Protocol


class Limiter(Protocol):
    async def acquire(self) -> None: ...


class TokenBucket:
    """`rate` permits a second, bursts of at most a tenth of a second's worth."""

    def __init__(self, rate: float) -> None:
        self.rate = float(rate)
        self.capacity = max(1.0, self.rate / 10)
        self.tokens = self.capacity
        self.stamp = time.monotonic()

    async def acquire(self) -> None:
        while True:
            now = time.monotonic()
            self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
            self.stamp = now
            if self.tokens >= 1:
                self.tokens -= 1
                return
            await asyncio.sleep((1 - self.tokens) / self.rate)


class RedisRateLimiter:
    """At most `rate` permits per wall-clock second across every process sharing the key."""

    def __init__(self, redis_url: str, rate: int, key: str = "jht:wechat:rate") -> None:
        from redis.asyncio import Redis

        self.redis: Any = Redis.from_url(redis_url)
        self.rate = int(rate)
        self.key = key
        self.block = max(1, min(50, self.rate // 20))
        self._window = -1
        self._left = 0
        self._lock = asyncio.Lock()

    async def _take(self, window: int) -> int:
        """Permits granted to this process from `window`'s shared count (0: none left)."""
        key = f"{self.key}:{window}"
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.incrby(key, self.block)
            pipe.expire(key, 3)
            count, _ = await pipe.execute()
        return max(0, min(self.block, self.rate - (int(count) - self.block)))

    async def acquire(self) -> None:
        while True:
            async with self._lock:
                window = int(time.time())
                if self._window == window and self._left > 0:
                    self._left -= 1
                    return
                granted = await self._take(window)
                if granted:
                    self._window, self._left = window, granted - 1
                    return
            await asyncio.sleep(max(0.001, window + 1 - time.time()))

    async def aclose(self) -> None:
        await self.redis.aclose()


_shared: dict[tuple[str | None, int], Limiter] = {}


def shared_limiter(redis_url: str | None, rate: int) -> Limiter:
    """The process's limiter for this configuration (one bucket, however many senders)."""
    key = (redis_url, int(rate))
    if key not in _shared:
        _shared[key] = RedisRateLimiter(redis_url, rate) if redis_url else TokenBucket(rate)
    return _shared[key]
