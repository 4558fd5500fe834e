"""The shared rate limiter's Redis down mid-fan-out: each message waits as a retry instead of
the batch failing (seen in the topology harness: the batch's exception dropped the outcomes of
messages already sent, so they were sent again after the lease)."""

from __future__ import annotations

from redis.exceptions import ConnectionError as RedisConnectionError

from jinghutong.bulletins.delivery.sender import SubscribeSender


class _DownLimiter:
    async def acquire(self) -> None:
        raise RedisConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")


class _Tokens:
    async def get(self) -> str:
        return "token"

    async def invalidate(self, token: str) -> None:
        return None


async def test_a_limiter_without_redis_makes_each_message_a_retry():
    sender = SubscribeSender(
        "http://127.0.0.1:9",
        _Tokens(),
        _DownLimiter(),
        concurrency=2,  # type: ignore[arg-type]
    )
    outcomes = []

    async def done(item, outcome):
        outcomes.append((item, outcome))

    async with sender:
        await sender.map([1, 2, 3], lambda i: {"touser": f"o{i}"}, done)

    assert sorted(i for i, _ in outcomes) == [1, 2, 3]
    assert {o.kind for _, o in outcomes} == {"retry"}
    assert all(o.retry_after == 5 for _, o in outcomes)
