"""The parts shared through Redis when it is configured: rate limits and the WeChat token.
Run when JHT_TEST_REDIS_URL is set (CI sets it)."""

from __future__ import annotations

import base64
import json
import os
import secrets
from datetime import timedelta

import pytest
from redis.asyncio import Redis

from jinghutong.core import clock
from jinghutong.core.errors import TooManyRequests
from jinghutong.core.ratelimit import RateLimiter
from jinghutong.integrations.wechat.tokens import RedisTokenStore, StoredToken

REDIS_URL = os.environ.get("JHT_TEST_REDIS_URL")
pytestmark = pytest.mark.skipif(not REDIS_URL, reason="JHT_TEST_REDIS_URL is not set")


async def test_failed_login_counts_are_shared_between_processes():
    key = f"test:{secrets.token_hex(4)}"
    api_one, api_two = RateLimiter(REDIS_URL), RateLimiter(REDIS_URL)
    try:
        for _ in range(3):
            await api_one.hit("3/minute", key)
        with pytest.raises(TooManyRequests) as refused:
            await api_two.check("3/minute", key)
        assert 1 <= refused.value.retry_after <= 61
    finally:
        await api_one.clear("3/minute", key)


async def test_the_wechat_token_is_shared_and_encrypted_in_redis():
    prefix = f"test:{secrets.token_hex(4)}:"
    writer, reader = RedisTokenStore(REDIS_URL, prefix), RedisTokenStore(REDIS_URL, prefix)
    raw_redis = Redis.from_url(REDIS_URL, decode_responses=True)
    try:
        await writer.save(
            "wxapp", StoredToken("ACCESS-TOKEN-123", clock.now() + timedelta(hours=2))
        )

        loaded = await reader.load("wxapp")
        raw = await raw_redis.get(prefix + "wxapp")

        assert loaded is not None and loaded.token == "ACCESS-TOKEN-123"
        assert "ACCESS-TOKEN-123" not in raw
        assert 7000 < await raw_redis.ttl(prefix + "wxapp") <= 7200
    finally:
        await raw_redis.delete(prefix + "wxapp")
        await raw_redis.aclose()
        await writer.aclose()
        await reader.aclose()


async def test_a_token_sealed_under_another_key_or_garbled_counts_as_none():
    prefix = f"test:{secrets.token_hex(4)}:"
    store = RedisTokenStore(REDIS_URL, prefix)
    raw_redis = Redis.from_url(REDIS_URL, decode_responses=True)
    later = (clock.now() + timedelta(hours=2)).isoformat()
    foreign = "v1." + base64.urlsafe_b64encode(secrets.token_bytes(40)).decode()
    try:
        await raw_redis.set(prefix + "sealed", json.dumps({"token": foreign, "expires_at": later}))
        await raw_redis.set(prefix + "garbled", "not json")
        await raw_redis.set(prefix + "partial", json.dumps({"expires_at": later}))

        assert await store.load("sealed") is None
        assert await store.load("garbled") is None
        assert await store.load("partial") is None
    finally:
        await raw_redis.delete(prefix + "sealed", prefix + "garbled", prefix + "partial")
        await raw_redis.aclose()
        await store.aclose()
