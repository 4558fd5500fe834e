"""wechatpy pointed at a configurable base URL (real WeChat or the emulator), with the stable
access token.

How the token reaches wechatpy: the async `StableTokenService` owns it. `WechatpyClient.call()`
runs one wechatpy call (in a worker thread) with the token the service handed out, kept in a
thread-local, so a single client (one pooled `requests.Session`) serves concurrent calls. The
service creates the client with `auto_retry=False` and handles 40001/42001 itself (invalidate in
the shared store, retry once), because wechatpy's retry would call `/cgi-bin/token`, which
invalidates the token every other process holds (WECHAT.md).

Used stand-alone (scripts, tests driving wechatpy directly), the client fetches its own token
through `fetch_access_token()`, which posts to `/cgi-bin/stable_token` instead of
`/cgi-bin/token`."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from wechatpy import WeChatClient
from wechatpy.client.api.base import BaseWeChatAPI
from wechatpy.exceptions import WeChatClientException

REAL_API_BASE = "https://api.weixin.qq.com"
_REAL_PREFIX = REAL_API_BASE + "/"
# Endpoints authenticated by appid+secret, not by an access token.
_NO_TOKEN_ENDPOINTS = ("sns/jscode2session",)

T = TypeVar("T")


class WechatpyClient(WeChatClient):
    """`WeChatClient` whose every URL starts at `base_url` and whose token is the stable one."""

    def __init__(
        self,
        appid: str,
        secret: str,
        *,
        base_url: str = REAL_API_BASE,
        timeout: float | None = 5.0,
        auto_retry: bool = True,
        session: Any = None,
    ) -> None:
        super().__init__(appid, secret, session=session, timeout=timeout, auto_retry=auto_retry)
        self.base_url = base_url.rstrip("/")
        self._local = threading.local()
        # Instance attributes shadow the class constants. BaseWeChatClient.__new__ gave this
        # instance its own copy of every API object, so rebasing them touches no other client.
        self.API_BASE_URL = f"{self.base_url}/cgi-bin/"
        for api in list(vars(self).values()):
            if isinstance(api, BaseWeChatAPI):
                api_base = getattr(api, "API_BASE_URL", "")
                if api_base.startswith(_REAL_PREFIX):
                    api.API_BASE_URL = self.base_url + "/" + api_base[len(_REAL_PREFIX) :]

    # -- the token ------------------------------------------------------------------------------
    def call(self, token: str, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run `fn(*args, **kwargs)` (a wechatpy API method) in this thread with `token`."""
        self._local.token = token
        try:
            return fn(*args, **kwargs)
        finally:
            self._local.token = None

    @property
    def access_token(self) -> str:
        token = getattr(self._local, "token", None)
        if token:
            return str(token)
        return str(super().access_token)

    def fetch_access_token(self) -> dict[str, Any]:
        """POST /cgi-bin/stable_token (never /cgi-bin/token, see module doc)."""
        res = self._http.post(
            f"{self.base_url}/cgi-bin/stable_token",
            json={
                "grant_type": "client_credential",
                "appid": self.appid,
                "secret": self.secret,
                "force_refresh": False,
            },
            timeout=self.timeout,
        )
        if res.status_code >= 400:
            raise WeChatClientException(None, None, client=self, request=res.request, response=res)
        result: dict[str, Any] = res.json()
        if result.get("errcode", 0) != 0:
            raise WeChatClientException(
                result["errcode"],
                result.get("errmsg"),
                client=self,
                request=res.request,
                response=res,
            )
        expires_in = int(result.get("expires_in", 7200))
        self.session.set(self.access_token_key, result["access_token"], expires_in)
        self.expires_at = int(time.time()) + expires_in
        return result

    # -- requests -----------------------------------------------------------------------------
    def _request(self, method: str, url_or_endpoint: str, **kwargs: Any) -> Any:
        if url_or_endpoint.startswith(_NO_TOKEN_ENDPOINTS):
            # requests drops None-valued params: code2Session goes out without an access token.
            kwargs.setdefault("params", {})["access_token"] = None
        return super()._request(method, url_or_endpoint, **kwargs)
