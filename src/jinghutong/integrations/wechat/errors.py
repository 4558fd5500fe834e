"""Typed WeChat errors. WeChat answers HTTP 200 with `{"errcode", "errmsg"}`; `error_from` turns
that pair into a class the work engine can act on without parsing strings (STYLE.md §7):
`WechatBusy` is retried with backoff, `WechatRefused` ends a delivery, the rest are bugs or data
problems on our side."""

from __future__ import annotations

from typing import ClassVar

from jinghutong.core.errors import AppError, WechatUnavailable


class WechatError(AppError):
    """A WeChat server API call failed."""

    status: ClassVar[int] = 502
    detail: ClassVar[str] = "微信服务返回错误，请稍后再试"

    def __init__(self, errcode: int | None, errmsg: str = "", *, detail: str | None = None) -> None:
        super().__init__(detail)
        self.errcode = errcode
        self.errmsg = errmsg

    def __str__(self) -> str:
        return f"WeChat error {self.errcode}: {self.errmsg}"

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.errcode!r}, {self.errmsg!r})"


class WechatBusy(WechatError, WechatUnavailable):
    """Worth retrying later: system busy, rate limits, gateway errors, timeouts."""

    status: ClassVar[int] = 503
    detail: ClassVar[str] = WechatUnavailable.detail

    def __init__(self, errcode: int | None, errmsg: str = "", *, retry_after: int = 5) -> None:
        self.retry_after = max(1, int(retry_after))
        AppError.__init__(self, None, headers={"Retry-After": str(self.retry_after)})
        self.errcode = errcode
        self.errmsg = errmsg


class WechatCodeInvalid(WechatError):
    """A wx.login or phone-number code that is unknown, used or expired."""

    status: ClassVar[int] = 401
    detail: ClassVar[str] = "微信登录凭证无效或已使用，请重新打开小程序再试"


class WechatTokenInvalid(WechatError):
    """The access token is wrong, not the latest or expired: refresh it and retry once."""


class WechatRefused(WechatError):
    """The user gave no subscription quota for this template (43101): a permanent outcome."""

    status: ClassVar[int] = 409
    detail: ClassVar[str] = "用户未订阅该消息"


class WechatBadRequest(WechatError):
    """WeChat rejected what we sent (bad openid, template, field, scene, page): a bug to fix."""


# Seconds to wait before retrying, per busy errcode.
BUSY_RETRY_AFTER: dict[int, int] = {-1: 2, 45009: 60, 45011: 60}
CODE_INVALID = frozenset({40029, 40163})
# 41001 (access_token missing) is our bug, but refreshing the token is still the right reaction.
TOKEN_INVALID = frozenset({40001, 40014, 41001, 42001})
REFUSED = frozenset({43101})
BAD_REQUEST = frozenset(
    {40003, 40037, 40097, 40169, 41030, 44002, 45002, 47001, 47003, 61010, 85096}
)


def error_from(errcode: int | None, errmsg: str = "") -> WechatError:
    """The typed error for a WeChat `errcode` (None: no errcode at all, e.g. a bad response)."""
    if errcode in BUSY_RETRY_AFTER:
        return WechatBusy(errcode, errmsg, retry_after=BUSY_RETRY_AFTER[errcode])
    if errcode in CODE_INVALID:
        return WechatCodeInvalid(errcode, errmsg)
    if errcode in TOKEN_INVALID:
        return WechatTokenInvalid(errcode, errmsg)
    if errcode in REFUSED:
        return WechatRefused(errcode, errmsg)
    if errcode in BAD_REQUEST:
        return WechatBadRequest(errcode, errmsg)
    return WechatError(errcode, errmsg)


def busy_from_http(status: int, what: str = "") -> WechatBusy:
    """A gateway error (HTTP 5xx) or a transport failure (status 0) talking to WeChat."""
    label = f"HTTP {status}" if status else "connection failed"
    return WechatBusy(None, f"{label} {what}".strip(), retry_after=5)
