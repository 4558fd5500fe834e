"""登录 / 退出, and /console/ itself (the first page one's roles may open).

The login form calls the same service as `POST /api/v1/auth/password` (the same rate limits,
the same audit of failures) and keeps the token in the console's cookie (console/session.py).
A login form has no session to derive a CSRF token from; instead its POST must come from our
own origin (the Origin header, which browsers send on every cross-origin POST)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from jinghutong.console import drafts
from jinghutong.console.errors import CsrfRefused
from jinghutong.console.session import ConsoleUser, actor, clear_cookie, resolve, set_cookie
from jinghutong.console.templating import render, url
from jinghutong.core.deps import AppSettings, ClientAddress, Limiter, Session
from jinghutong.core.errors import NotAuthenticated, TooManyRequests
from jinghutong.identity import service
from jinghutong.identity.service import authenticate

router = APIRouter()

NOT_STAFF = "这个账号不是派出所工作人员账号，不能登录控制台。"


@router.get("/")
async def index(request: Request, session: Session) -> Response:
    """The first menu page the user may open, or the login page."""
    user = await resolve(request, session)
    if user is None:
        return RedirectResponse(url("/login"), status_code=303)
    ready = [page for page in user.menu if page.ready]
    return RedirectResponse(url(ready[0].path if ready else "/cases"), status_code=303)


@router.get("/login")
async def login_page(request: Request, next: str = "", bye: int = 0) -> Response:
    context = {
        "next": drafts.safe_next(next),
        "draft": "",
        "error": "",
        "notice": "您已安全退出。" if bye else "",
        "username": "",
    }
    return render(request, "login.html", context)


def _same_origin(request: Request) -> bool:
    origin = request.headers.get("Origin")
    if origin is None or origin == "null":
        return origin is None  # old browsers send none on same-origin posts; "null" is a sandbox
    return origin.rstrip("/") == f"{request.url.scheme}://{request.url.netloc}"


@router.post("/login")
async def login(
    request: Request,
    session: Session,
    settings: AppSettings,
    limiter: Limiter,
    client: ClientAddress,
    username: Annotated[str, Form(max_length=64)] = "",
    password: Annotated[str, Form(max_length=200)] = "",
    next: Annotated[str, Form(max_length=2000)] = "",
    draft: Annotated[str, Form(max_length=100_000)] = "",
) -> Response:
    if not _same_origin(request):
        raise CsrfRefused()
    again = {"next": drafts.safe_next(next), "draft": draft, "username": username, "notice": ""}
    try:
        out = await service.login_with_password(
            session, limiter, settings, username.strip(), password, client
        )
    except (NotAuthenticated, TooManyRequests) as exc:
        return render(request, "login.html", {**again, "error": exc.message}, status=exc.status)
    if not out.person.is_staff:
        principal = await authenticate(session, out.token)
        if principal is not None:
            await service.logout(session, principal)
        return render(request, "login.html", {**again, "error": NOT_STAFF}, status=403)
    kept = drafts.unseal(draft)
    if kept is not None:  # back to the form whose session had expired, filled in again
        response: Response = render(request, "resume.html", {"draft": kept})
    else:
        response = RedirectResponse(drafts.safe_next(next), status_code=303)
    set_cookie(response, settings, out.token, out.expires_at)
    return response


@router.post("/logout")
async def logout(
    session: Session,
    settings: AppSettings,
    me: Annotated[ConsoleUser, actor(None)],
) -> Response:
    """Revoke the token (as `POST /api/v1/auth/logout`) and forget the cookie."""
    await service.logout(session, me.principal)
    response = RedirectResponse(url("/login?bye=1"), status_code=303)
    clear_cookie(response, settings)
    return response
