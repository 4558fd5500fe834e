"""`WechatService`: the async facade the app uses for WeChat. wechatpy is synchronous
(requests), so each call runs in a worker thread; the token comes from `StableTokenService`;
every failure leaves as a typed error from `errors.py`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import anyio.to_thread
import requests
from wechatpy.exceptions import WeChatClientException

from jinghutong.core.config import Settings
from jinghutong.core.db import Database
from jinghutong.integrations.wechat.client import WechatpyClient
from jinghutong.integrations.wechat.emulator.state import EMULATOR_APP_ID, EMULATOR_APP_SECRET
from jinghutong.integrations.wechat.errors import (
    WechatError,
    WechatTokenInvalid,
    busy_from_http,
    error_from,
)
from jinghutong.integrations.wechat.tokens import (
    DatabaseTokenStore,
    MemoryTokenStore,
    RedisTokenStore,
    StableTokenService,
    TokenStore,
)

T = TypeVar("T")


@dataclass(frozen=True)
class WechatSession:
    openid: str
    unionid: str | None
    session_key: str  # never leaves the server


@dataclass(frozen=True)
class TextVerdict:
    suggest: str  # "pass" | "review" | "risky"
    label: int  # 100 normal, 20001 politics, 20002 porn, 20003 abuse, 20006 illegal, 20008 fraud

    @property
    def passed(self) -> bool:
        return self.suggest == "pass"


def translate(exc: BaseException) -> WechatError:
    """wechatpy / requests exceptions → our typed errors (APILimitedException is 45009)."""
    if isinstance(exc, WeChatClientException):
        if exc.errcode is None:
            status = getattr(exc.response, "status_code", 0) or 0
            return busy_from_http(status, "from WeChat")
        return error_from(int(exc.errcode), str(exc.errmsg or ""))
    if isinstance(exc, requests.Timeout | requests.ConnectionError):
        return busy_from_http(0, type(exc).__name__)
    if isinstance(exc, requests.RequestException):
        return busy_from_http(0, str(exc)[:200])
    raise exc


def credentials(settings: Settings) -> tuple[str, str]:
    if settings.wechat.emulated:
        return EMULATOR_APP_ID, EMULATOR_APP_SECRET
    return settings.wechat.app_id, settings.wechat.app_secret.get_secret_value()


def token_store_for(settings: Settings, db: Database | None) -> TokenStore:
    if settings.redis_url:
        return RedisTokenStore(settings.redis_url)
    # On SQLite the token is kept in the process: a worker job that first needs the token holds
    # SQLite's single write lock, and saving the token in a second session would wait on it.
    # Sharing is only an optimisation for the stable token (every process gets the same token
    # without invalidating the others), and scaled-out deployments run on PostgreSQL.
    if db is not None and db.dialect != "sqlite":
        return DatabaseTokenStore(db)
    return MemoryTokenStore()


class WechatService:
    def __init__(
        self,
        settings: Settings,
        db: Database | None = None,
        *,
        token_store: TokenStore | None = None,
        base_url: str | None = None,
    ) -> None:
        app_id, secret = credentials(settings)
        self.base_url = (base_url or settings.wechat_api_base).rstrip("/")
        timeout = settings.wechat.timeout_seconds
        self.tokens = StableTokenService(
            app_id,
            secret,
            self.base_url,
            token_store or token_store_for(settings, db),
            timeout=timeout,
        )
        # auto_retry=False: a rejected token is handled in `_with_token` (module doc of client.py).
        self.client = WechatpyClient(
            app_id, secret, base_url=self.base_url, timeout=timeout, auto_retry=False
        )

    # -- plumbing -------------------------------------------------------------------------------
    async def _run(
        self, fn: Callable[..., T], *args: Any, token: str | None = None, **kwargs: Any
    ) -> T:
        def work() -> T:
            try:
                if token is None:
                    return fn(*args, **kwargs)
                return self.client.call(token, fn, *args, **kwargs)
            except (WeChatClientException, requests.RequestException) as exc:
                raise translate(exc) from exc

        return await anyio.to_thread.run_sync(work)

    async def _with_token(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Call with the shared token; on 40001/42001 invalidate it and try once more."""
        token = await self.tokens.get()
        try:
            return await self._run(fn, *args, token=token, **kwargs)
        except WechatTokenInvalid:
            await self.tokens.invalidate(token)
            return await self._run(fn, *args, token=await self.tokens.get(), **kwargs)

    # -- the API --------------------------------------------------------------------------------
    async def code_to_session(self, code: str) -> WechatSession:
        """wx.login code → openid (WechatCodeInvalid for unknown, used or expired codes)."""
        data = await self._run(self.client.wxa.code_to_session, code)
        return WechatSession(data["openid"], data.get("unionid"), data["session_key"])

    async def get_unlimited_code(
        self,
        scene: str,
        page: str | None,
        width: int = 430,
        *,
        check_path: bool = True,
        env_version: str | None = None,
    ) -> bytes:
        """PNG/JPEG bytes of an unlimited mini-program code carrying `scene`.

        `check_path=False` lets WeChat make a code for a page not (yet) in the published
        version; `env_version` is "release" (WeChat's default when None), "trial" or "develop".
        wechatpy's `get_wxa_code_unlimited` knows neither field, so the JSON is posted here."""
        data: dict[str, Any] = {
            "scene": scene,
            "width": width,
            "auto_color": False,
            "line_color": {"r": 0, "g": 0, "b": 0},
            "is_hyaline": False,
            "check_path": check_path,
        }
        if page:
            data["page"] = page
        if env_version:
            data["env_version"] = env_version
        res = await self._with_token(self.client.wxa._post, "wxa/getwxacodeunlimit", data=data)
        if isinstance(res, dict):  # JSON without an errcode: not an image
            raise WechatError(None, f"unexpected answer: {str(res)[:200]}")
        return bytes(res.content)

    async def check_text(self, openid: str, content: str, scene: int = 2) -> TextVerdict:
        """msg_sec_check v2. scene: 1 profile, 2 comment, 3 forum, 4 social log."""
        data = {"version": 2, "openid": openid, "scene": scene, "content": content}
        result = await self._with_token(self.client.wxa._post, "wxa/msg_sec_check", data=data)
        verdict = result.get("result") or {}
        return TextVerdict(str(verdict.get("suggest", "pass")), int(verdict.get("label", 100)))

    async def check_media_async(
        self, openid: str, media_url: str, media_type: int, scene: int = 2
    ) -> str:
        """media_check_async v2 (1 audio, 2 image) → trace_id; the verdict is pushed later."""
        data = {
            "version": 2,
            "openid": openid,
            "scene": scene,
            "media_url": media_url,
            "media_type": media_type,
        }
        result = await self._with_token(self.client.wxa._post, "wxa/media_check_async", data=data)
        return str(result["trace_id"])

    async def get_phone_number(self, code: str) -> str:
        """getPhoneNumber button code → the number (with country code if not mainland)."""
        result = await self._with_token(self.client.wxa.get_phone_number, code)
        return str(result["phone_info"]["phoneNumber"])

    async def send_subscribe_message(
        self,
        openid: str,
        template_id: str,
        data: dict[str, Any],
        page: str | None = None,
    ) -> None:
        """`data` as {"thing1": "text"} or {"thing1": {"value": "text"}}. Raises WechatRefused
        when the user has no quota (43101), WechatBadRequest for 47003 and friends."""
        payload = {k: v if isinstance(v, dict) else {"value": v} for k, v in data.items()}
        await self._with_token(
            self.client.wxa.send_subscribe_message, openid, template_id, payload, page
        )

    async def aclose(self) -> None:
        await self.tokens.aclose()
        await anyio.to_thread.run_sync(self.client._http.close)
