"""Typed application errors. Each carries its HTTP status and a Chinese message for the person
holding the phone; one handler in `app.py` renders `{"error", "detail", "fields"}`."""

from __future__ import annotations

from typing import Any, ClassVar


class AppError(Exception):
    status: ClassVar[int] = 400
    detail: ClassVar[str] = "请求有误，请检查后重试"
    headers: ClassVar[dict[str, str]] = {}

    def __init__(
        self,
        detail: str | None = None,
        *,
        fields: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.message = detail or self.detail
        self.fields = fields
        self.extra_headers = {**self.headers, **(headers or {})}
        super().__init__(self.message)

    @property
    def code(self) -> str:
        return type(self).__name__

    def body(self) -> dict[str, Any]:
        out: dict[str, Any] = {"error": self.code, "detail": self.message}
        if self.fields:
            out["fields"] = self.fields
        return out


class BadRequest(AppError):
    status = 400
    detail = "请求有误，请检查后重试"


class ValidationFailed(AppError):
    status = 422
    detail = "填写的内容有误，请按提示修改"


class NotAuthenticated(AppError):
    status = 401
    detail = "请先登录"
    headers: ClassVar[dict[str, str]] = {"WWW-Authenticate": "Bearer"}


class TokenInvalid(NotAuthenticated):
    detail = "登录已失效，请重新登录"


class LoginCodeInvalid(NotAuthenticated):
    detail = "微信登录凭证无效或已使用，请重新打开小程序再试"


class WrongCredentials(NotAuthenticated):
    detail = "用户名或密码不正确"


class Forbidden(AppError):
    status = 403
    detail = "您没有权限进行此操作"


class NotFound(AppError):
    status = 404
    detail = "找不到要查看的内容，可能已被删除或您没有权限"


class Conflict(AppError):
    status = 409
    detail = "操作与当前状态冲突，请刷新后再试"


class Gone(AppError):
    status = 410
    detail = "该内容已失效"


class PayloadTooLarge(AppError):
    status = 413
    detail = "上传的内容太大了，请缩小后再试"


class UnsupportedMediaType(AppError):
    status = 415
    detail = "不支持这种文件格式"


class TooManyRequests(AppError):
    status = 429
    detail = "操作太频繁，请稍后再试"

    def __init__(self, retry_after: int, detail: str | None = None) -> None:
        super().__init__(detail, headers={"Retry-After": str(max(1, int(retry_after)))})
        self.retry_after = max(1, int(retry_after))


class ServiceUnavailable(AppError):
    status = 503
    detail = "服务暂时繁忙，请稍后再试"

    def __init__(self, retry_after: int = 5, detail: str | None = None) -> None:
        super().__init__(detail, headers={"Retry-After": str(max(1, int(retry_after)))})
        self.retry_after = max(1, int(retry_after))


class WechatUnavailable(ServiceUnavailable):
    detail = "微信服务暂时无法连接，请稍后再试"


def errors(*classes: type[AppError]) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` for the errors an endpoint may raise."""
    out: dict[int | str, dict[str, Any]] = {}
    for cls in classes:
        entry = out.setdefault(cls.status, {"model": ErrorBody, "description": ""})
        names = [n for n in entry["description"].split(", ") if n]
        names.append(cls.__name__)
        entry["description"] = ", ".join(names)
    return out


# Imported late: the schema is defined with pydantic, errors stay importable without it.
from pydantic import BaseModel  # noqa: E402


class ErrorBody(BaseModel):
    error: str
    detail: str
    fields: dict[str, str] | None = None
