"""The shared rate limit when its Redis restarts or is down: a dropped connection is tried
again, an unreachable Redis answers 503 with Retry-After — never a 500 (seen in the topology
harness: the first upload after a Redis restart failed with ConnectionError → 500)."""

from __future__ import annotations

import socket

import pytest
from redis.exceptions import ConnectionError as RedisConnectionError

from jinghutong.core.errors import ServiceUnavailable
from jinghutong.core.ratelimit import RateLimiter


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_an_unreachable_redis_is_503_with_retry_after():
    limiter = RateLimiter(f"redis://127.0.0.1:{_closed_port()}/0")
    with pytest.raises(ServiceUnavailable) as refused:
        await limiter.check("60/hour", "person:1")
    assert refused.value.status == 503
    assert refused.value.extra_headers["Retry-After"] == "5"
    with pytest.raises(ServiceUnavailable):
        await limiter.hit("60/hour", "person:1")


async def test_a_connection_dropped_by_a_restart_is_tried_again(monkeypatch):
    limiter = RateLimiter()  # the in-memory store, made to fail once as a dead connection does
    real_test = limiter._limiter.test
    failures = [RedisConnectionError("Connection lost")]

    async def test_once_broken(*args, **kwargs):
        if failures:
            raise failures.pop()
        return await real_test(*args, **kwargs)

    monkeypatch.setattr(limiter._limiter, "test", test_once_broken)

    await limiter.check("60/hour", "person:1")  # no error: the second try went through
    assert failures == []
