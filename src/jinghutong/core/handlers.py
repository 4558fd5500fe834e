"""Exception handlers: every error leaves as `{"error", "detail", "fields"}` in plain Chinese."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException

from jinghutong.core.errors import (
    AppError,
    NotFound,
    PayloadTooLarge,
    ServiceUnavailable,
    ValidationFailed,
)
from jinghutong.core.logging import get_logger

log = get_logger("jinghutong.errors")

_STATUS_ERRORS: dict[int, tuple[str, str]] = {
    400: ("BadRequest", "请求有误，请检查后重试"),
    401: ("NotAuthenticated", "请先登录"),
    403: ("Forbidden", "您没有权限进行此操作"),
    404: ("NotFound", NotFound.detail),
    405: ("MethodNotAllowed", "不支持这种操作方式"),
    413: ("PayloadTooLarge", PayloadTooLarge.detail),
    415: ("UnsupportedMediaType", "不支持这种文件格式"),
}

# pydantic error type → Chinese message (ctx values are filled in).
_VALIDATION_MESSAGES: dict[str, str] = {
    "missing": "必须填写",
    "extra_forbidden": "不认识这个字段",
    "json_invalid": "JSON 格式不正确",
    "json_type": "请求内容应为 JSON 对象",
    "model_attributes_type": "应为一个对象",
    "dict_type": "应为一个对象",
    "list_type": "应为一个列表",
    "string_type": "应为文字",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "float_type": "应为数字",
    "float_parsing": "应为数字",
    "bool_type": "应为是或否（true/false）",
    "bool_parsing": "应为是或否（true/false）",
    "string_too_short": "太短了，至少 {min_length} 个字",
    "string_too_long": "太长了，最多 {max_length} 个字",
    "too_short": "太少了，至少 {min_length} 项",
    "too_long": "太多了，最多 {max_length} 项",
    "greater_than": "应大于 {gt}",
    "greater_than_equal": "应不小于 {ge}",
    "less_than": "应小于 {lt}",
    "less_than_equal": "应不大于 {le}",
    "string_pattern_mismatch": "格式不正确",
    "enum": "只能是以下之一：{expected}",
    "literal_error": "只能是以下之一：{expected}",
    "datetime_parsing": "时间格式不正确，应为 ISO 8601（如 2026-11-28T08:00:00+08:00）",
    "datetime_type": "时间格式不正确，应为 ISO 8601（如 2026-11-28T08:00:00+08:00）",
    "date_parsing": "日期格式不正确，应为 2026-11-28 这样的格式",
    "date_from_datetime_parsing": "日期格式不正确，应为 2026-11-28 这样的格式",
    "url_parsing": "网址格式不正确",
    "value_error": "{error}",
}


def _field_name(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("body", "query", "path", "header", "cookie", "form"):
        parts = parts[1:] or parts
    return ".".join(parts) or "body"


def _message(err: dict[str, Any]) -> str:
    template = _VALIDATION_MESSAGES.get(err.get("type", ""))
    if template is None:
        return "格式不正确"
    ctx = {k: str(v) for k, v in (err.get("ctx") or {}).items()}
    try:
        message = template.format(**ctx)
    except (KeyError, IndexError):
        message = "格式不正确"
    return message.removeprefix("Value error, ")


def validation_fields(errors: list[dict[str, Any]]) -> dict[str, str]:
    fields: dict[str, str] = {}
    for err in errors:
        fields.setdefault(_field_name(tuple(err.get("loc", ()))), _message(err))
    return fields


UNSTORABLE = "内容中有无法保存的字符（如空字符）或超出范围的数字，请修改后重试"


def _json(error: AppError) -> JSONResponse:
    return JSONResponse(error.body(), status_code=error.status, headers=error.extra_headers)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(AppError)
    async def _app_error(_request: Request, exc: AppError) -> JSONResponse:
        return _json(exc)

    @app.exception_handler(RequestValidationError)
    async def _validation(_request: Request, exc: RequestValidationError) -> JSONResponse:
        fields = validation_fields(list(exc.errors()))
        summary = "；".join(f"{k}：{v}" for k, v in list(fields.items())[:3])
        return _json(ValidationFailed(f"填写的内容有误：{summary}", fields=fields))

    @app.exception_handler(DataError)
    async def _unstorable(_request: Request, exc: DataError) -> JSONResponse:
        # The database refused a value as given (PostgreSQL: a NUL character in text, a number
        # out of range): the input's fault, and nothing was written (the unit of work failed).
        log.info("value refused by the database", error=str(exc.orig)[:200])
        return _json(ValidationFailed(UNSTORABLE))

    async def _database_unavailable(_request: Request, exc: Exception) -> JSONResponse:
        # The database could not be reached or gave up on us (a restart, a failover, the pool
        # exhausted, SQLite's write lock held too long): nothing was committed, and the same
        # request may well succeed in a moment. 503 with Retry-After, never a bare 500.
        log.warning("database unavailable", error=str(exc)[:300])
        return _json(ServiceUnavailable(retry_after=2))

    for unavailable in (OperationalError, InterfaceError, PoolTimeout):
        app.add_exception_handler(unavailable, _database_unavailable)

    @app.exception_handler(HTTPException)
    async def _http(_request: Request, exc: HTTPException) -> JSONResponse:
        code, detail = _STATUS_ERRORS.get(exc.status_code, ("HttpError", "请求无法完成"))
        body = {"error": code, "detail": detail}
        return JSONResponse(body, status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        request_id = getattr(request.state, "request_id", "")
        log.exception("unhandled error", path=request.url.path)
        body = {
            "error": "InternalError",
            "detail": f"服务器出错了，我们已记录（编号 {request_id}），请稍后再试",
        }
        return JSONResponse(body, status_code=500)
