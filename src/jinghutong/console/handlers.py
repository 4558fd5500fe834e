"""How the console answers errors: pages in Chinese, never the API's JSON.

- LoginRequired → the login page (a 303), coming back afterwards; for htmx (a poll) a note in
  place and polling stops (286), so a half-typed form on the page is never lost;
- SessionExpired → the login page at once, carrying the typed fields (console/drafts.py);
- any other AppError a service raised (403, 404, 409, 422 …) → its Chinese `detail` on an error
  page, or, for an htmx request, in the page's message area (`#flash`) — the page stays;
- a form the browser sent wrong (RequestValidationError), an unknown path, a crash → the same."""

from __future__ import annotations

from urllib.parse import quote, urlsplit

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.exc import DataError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException

from jinghutong.console import drafts
from jinghutong.console.errors import LoginRequired, SessionExpired
from jinghutong.console.templating import is_htmx, render, url
from jinghutong.core.errors import AppError
from jinghutong.core.handlers import UNSTORABLE, validation_fields
from jinghutong.core.logging import get_logger

log = get_logger("jinghutong.console")

TITLES = {
    400: "请求有误",
    401: "请先登录",
    403: "无权访问",
    404: "找不到页面",
    405: "请求有误",
    409: "状态已变化",
    413: "内容太大",
    422: "填写有误",
    429: "操作太频繁",
    500: "系统出错",
    503: "系统繁忙",
}


STOPPED = "登录已过期，这里已停止自动刷新。正在填写的内容提交时会保留，重新登录后自动填回。"


def _here(request: Request) -> str:
    """The page the person was on: for htmx the page's URL, else this request's."""
    current = request.headers.get("HX-Current-URL")
    if current:
        parts = urlsplit(current)
        return drafts.safe_next(parts.path + (f"?{parts.query}" if parts.query else ""))
    query = request.url.query
    return drafts.safe_next(request.url.path + (f"?{query}" if query else ""))


def _back(request: Request) -> str:
    """Where "返回" goes on an error page: the console page the person came from, if any."""
    referer = request.headers.get("Referer")
    if not referer:
        return ""
    parts = urlsplit(referer)
    back = drafts.safe_next(parts.path + (f"?{parts.query}" if parts.query else ""), default="")
    return "" if back == request.url.path else back


def login_url(next_path: str) -> str:
    return url("/login") + "?next=" + quote(next_path, safe="/")


def problem(request: Request, status: int, message: str) -> HTMLResponse:
    """An error shown to a person: a whole page, or for htmx the message area of the page."""
    title = TITLES.get(status, "无法完成")
    me = getattr(request.state, "console_user", None)
    if is_htmx(request):
        headers = {"HX-Retarget": "#flash", "HX-Reswap": "innerHTML"}
        return render(
            request,
            "_flash.html",
            {"kind": "error", "message": message},
            status=status,
            headers=headers,
        )
    context = {"title": title, "message": message, "status": status, "back": _back(request)}
    return render(request, "error.html", context, me=me, status=status)


def _login_required(request: Request) -> Response:
    target = login_url(_here(request))
    if is_htmx(request):
        # A poll (or a partial) whose session ended: never navigate away — a half-typed form
        # on the page would be lost. Say so in place; 286 tells htmx to stop polling. The form,
        # when sent, goes through SessionExpired and keeps what was typed.
        context = {"kind": "error", "message": STOPPED, "link": target}
        return render(request, "_flash.html", context, status=286)
    return RedirectResponse(target, status_code=303)


def _session_expired(request: Request, exc: SessionExpired) -> HTMLResponse:
    draft = exc.draft
    context = {
        "error": exc.message if draft else "登录已过期，请重新登录。",
        "next": draft.page if draft else _here(request),
        "draft": drafts.seal(draft) if draft else "",
        "username": "",
        "notice": "",
    }
    headers = None
    if is_htmx(request):  # the login page replaces the page the form was on
        headers = {"HX-Retarget": "body", "HX-Reswap": "innerHTML", "HX-Push-Url": url("/login")}
    return render(request, "login.html", context, status=401, headers=headers)


def install_page_errors(console: FastAPI) -> None:
    @console.exception_handler(AppError)
    async def _app_error(request: Request, exc: AppError) -> Response:
        if isinstance(exc, LoginRequired):
            return _login_required(request)
        if isinstance(exc, SessionExpired):
            return _session_expired(request, exc)
        response = problem(request, exc.status, exc.message)
        response.headers.update(exc.extra_headers)
        return response

    @console.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        fields = validation_fields(list(exc.errors()))
        summary = "；".join(f"{k}：{v}" for k, v in list(fields.items())[:3])
        return problem(request, 422, f"填写的内容有误：{summary}")

    @console.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> Response:
        if exc.status_code == 404:
            return problem(request, 404, "找不到这个页面，请从左侧菜单进入。")
        return problem(request, exc.status_code, "请求无法完成，请返回重试。")

    @console.exception_handler(DataError)
    async def _unstorable(request: Request, exc: DataError) -> Response:
        return problem(request, 422, UNSTORABLE)

    async def _unavailable(request: Request, exc: Exception) -> Response:
        log.warning("database unavailable", error=str(exc)[:300])
        response = problem(request, 503, "系统暂时繁忙，内容未保存，请稍后再试。")
        response.headers["Retry-After"] = "2"
        return response

    for unavailable in (OperationalError, InterfaceError, PoolTimeout):
        console.add_exception_handler(unavailable, _unavailable)

    @console.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> Response:
        request_id = getattr(request.state, "request_id", "")
        log.exception("console page failed", path=request.url.path)
        return problem(request, 500, f"系统出错了，我们已记录（编号 {request_id}），请稍后再试。")
