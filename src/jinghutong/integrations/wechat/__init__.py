"""WeChat: stable access token, mini-program server APIs, typed errors, and the emulator."""

from jinghutong.integrations.wechat.errors import (
    WechatBadRequest,
    WechatBusy,
    WechatCodeInvalid,
    WechatError,
    WechatRefused,
    WechatTokenInvalid,
    error_from,
)
from jinghutong.integrations.wechat.service import TextVerdict, WechatService, WechatSession

__all__ = [
    "TextVerdict",
    "WechatBadRequest",
    "WechatBusy",
    "WechatCodeInvalid",
    "WechatError",
    "WechatRefused",
    "WechatService",
    "WechatSession",
    "WechatTokenInvalid",
    "error_from",
]
