"""The stable access token, shared by every process (WECHAT.md, ARCHITECTURE.md §6).

One token per app id lives in a store every process reads: Redis when configured, else the
`wechat_access_tokens` table. Each process caches it and takes a lock so that concurrent callers
trigger one fetch. Only `/cgi-bin/stable_token` is used: in normal mode it returns the same token
until the last 5 minutes of its life, so processes that fetch independently still agree, and no
fetch invalidates another process's token."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

import httpx
from cryptography.exceptions import InvalidTag

from jinghutong.core import crypto
from jinghutong.core.clock import now
from jinghutong.core.db import Database
from jinghutong.integrations.wechat.errors import busy_from_http, error_from
from jinghutong.models.token import WechatAccessToken

REFRESH_MARGIN = timedelta(minutes=5)
# After a fetch that returned a token already inside the margin, use it this long before asking.
REFETCH_PAUSE = timedelta(seconds=30)


@dataclass(frozen=True)
class StoredToken:
    token: str
    expires_at: datetime


class TokenStore(Protocol):
    async def load(self, app_id: str) -> StoredToken | None: ...

    async def save(self, app_id: str, token: StoredToken) -> None: ...


class MemoryTokenStore:
    """One process only (and tests)."""

    def __init__(self) -> None:
        self.tokens: dict[str, StoredToken] = {}

    async def load(self, app_id: str) -> StoredToken | None:
        return self.tokens.get(app_id)

    async def save(self, app_id: str, token: StoredToken) -> None:
        self.tokens[app_id] = token


class DatabaseTokenStore:
    """The `wechat_access_tokens` table (the token column is encrypted at rest)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def load(self, app_id: str) -> StoredToken | None:
        async with self.db.session(read_only=True) as s:
            row = await s.get(WechatAccessToken, app_id)
            return StoredToken(row.access_token, row.expires_at) if row else None

    async def save(self, app_id: str, token: StoredToken) -> None:
        async with self.db.session() as s:
            row = await s.get(WechatAccessToken, app_id)
            if row is None:
                s.add(
                    WechatAccessToken(
                        app_id=app_id, access_token=token.token, expires_at=token.expires_at
                    )
                )
            else:
                row.access_token, row.expires_at = token.token, token.expires_at


class RedisTokenStore:
    """A Redis key per app id, expiring with the token."""

    def __init__(self, redis_url: str, prefix: str = "jht:wechat:access_token:") -> None:
        from redis.asyncio import Redis

        self.redis = Redis.from_url(redis_url, decode_responses=True)
        self.prefix = prefix

    async def load(self, app_id: str) -> StoredToken | None:
        raw = await self.redis.get(self.prefix + app_id)
        if not raw:
            return None
        try:
            data = json.loads(raw)
            token = crypto.decrypt(data["token"])
            expires_at = datetime.fromisoformat(data["expires_at"])
        except (ValueError, KeyError, TypeError, InvalidTag):
            # Sealed under another secret key (rotated, or another deployment sharing the
            # Redis) or not ours at all: as good as no token — the caller fetches one, and
            # stable_token hands back the same token every process already holds.
            return None
        return StoredToken(token, expires_at)

    async def save(self, app_id: str, token: StoredToken) -> None:
        ttl = max(1, int((token.expires_at - now()).total_seconds()))
        # Encrypted like the database copy: a Redis dump must not hand out the token.
        sealed = crypto.encrypt(token.token)
        raw = json.dumps({"token": sealed, "expires_at": token.expires_at.isoformat()})
        await self.redis.set(self.prefix + app_id, raw, ex=ttl)

    async def aclose(self) -> None:
        await self.redis.aclose()


class StableTokenService:
    """`await tokens.get()` → a valid access token; `await tokens.invalidate(bad)` after
    WeChat answered 40001/42001 with it."""

    def __init__(
        self,
        app_id: str,
        app_secret: str,
        base_url: str,
        store: TokenStore,
        *,
        http: httpx.AsyncClient | None = None,
        timeout: float = 5.0,
        refresh_margin: timedelta = REFRESH_MARGIN,
    ) -> None:
        self.app_id = app_id
        self._secret = app_secret
        self.url = base_url.rstrip("/") + "/cgi-bin/stable_token"
        self.store = store
        self._http = http or httpx.AsyncClient(timeout=timeout)
        self._owns_http = http is None
        self.refresh_margin = refresh_margin
        self._cached: StoredToken | None = None
        self._refresh_after = now()
        self._lock = asyncio.Lock()
        self.fetches = 0  # calls to stable_token made by this instance (metrics, tests)

    def _fresh(self) -> str | None:
        cached, t = self._cached, now()
        if cached is not None and t < self._refresh_after and t < cached.expires_at:
            return cached.token
        return None

    def _remember(self, token: StoredToken, just_fetched: bool) -> None:
        self._cached = token
        refresh_after = token.expires_at - self.refresh_margin
        if just_fetched and refresh_after <= now():
            # stable_token hands back the current token until its last minutes: use it a while.
            refresh_after = min(now() + REFETCH_PAUSE, token.expires_at)
        self._refresh_after = refresh_after

    async def get(self, force_refresh: bool = False) -> str:
        if not force_refresh and (token := self._fresh()):
            return token
        async with self._lock:
            if not force_refresh:
                if token := self._fresh():
                    return token
                stored = await self.store.load(self.app_id)
                if stored is not None and stored.expires_at - self.refresh_margin > now():
                    self._remember(stored, just_fetched=False)
                    return stored.token
            return (await self._fetch_and_share(force_refresh)).token

    async def invalidate(self, token: str) -> None:
        """WeChat rejected `token`. Another process may already have replaced it in the store;
        else ask again, and force a refresh (≤ 20 a day) only if WeChat still hands it out."""
        async with self._lock:
            if self._cached is not None and self._cached.token != token and self._fresh():
                return
            stored = await self.store.load(self.app_id)
            if stored is not None and stored.token != token and stored.expires_at > now():
                self._remember(stored, just_fetched=False)
                return
            fetched = await self._fetch_and_share(force_refresh=False)
            if fetched.token == token:
                await self._fetch_and_share(force_refresh=True)

    async def _fetch_and_share(self, force_refresh: bool) -> StoredToken:
        token = await self._fetch(force_refresh)
        await self.store.save(self.app_id, token)
        self._remember(token, just_fetched=True)
        return token

    async def _fetch(self, force_refresh: bool) -> StoredToken:
        body = {
            "grant_type": "client_credential",
            "appid": self.app_id,
            "secret": self._secret,
            "force_refresh": force_refresh,
        }
        self.fetches += 1
        try:
            res = await self._http.post(self.url, json=body)
        except httpx.HTTPError as exc:
            raise busy_from_http(0, f"stable_token: {type(exc).__name__}") from exc
        if res.status_code >= 500:
            raise busy_from_http(res.status_code, "stable_token")
        try:
            data = res.json()
        except ValueError:
            raise busy_from_http(res.status_code, "stable_token: not JSON") from None
        if data.get("errcode", 0) != 0 or "access_token" not in data:
            raise error_from(data.get("errcode"), data.get("errmsg", ""))
        expires_in = int(data.get("expires_in", 7200))
        return StoredToken(data["access_token"], now() + timedelta(seconds=expires_in))

    async def aclose(self) -> None:
        if self._owns_http:
            await self._http.aclose()
        closer = getattr(self.store, "aclose", None)
        if closer is not None:
            await closer()
