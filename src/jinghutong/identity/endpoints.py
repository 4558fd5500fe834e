"""Identity endpoints: log in (WeChat or password), log out, who am I."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from jinghutong.core.deps import AppSettings, ClientAddress, Limiter, Session
from jinghutong.core.errors import (
    LoginCodeInvalid,
    NotAuthenticated,
    TokenInvalid,
    TooManyRequests,
    ValidationFailed,
    WechatUnavailable,
    WrongCredentials,
    errors,
)
from jinghutong.identity import service
from jinghutong.identity.auth import CurrentPrincipal
from jinghutong.identity.schemas import LoginOut, MeOut, PasswordLoginIn, WechatLoginIn

router = APIRouter(tags=["identity"])


@router.post(
    "/auth/wechat",
    responses=errors(LoginCodeInvalid, ValidationFailed, TooManyRequests, WechatUnavailable),
)
async def login_wechat(
    body: WechatLoginIn,
    request: Request,
    session: Session,
    settings: AppSettings,
    limiter: Limiter,
    client: ClientAddress,
) -> LoginOut:
    """Mini-program login: exchange the `wx.login()` code for a token."""
    wechat = request.app.state.wechat
    return await service.login_with_wechat(session, wechat, limiter, settings, body.code, client)


@router.post(
    "/auth/password",
    responses=errors(WrongCredentials, ValidationFailed, TooManyRequests),
)
async def login_password(
    body: PasswordLoginIn,
    session: Session,
    settings: AppSettings,
    limiter: Limiter,
    client: ClientAddress,
) -> LoginOut:
    """Staff login for the browser console."""
    return await service.login_with_password(
        session, limiter, settings, body.username, body.password, client
    )


@router.post("/auth/logout", status_code=204, responses=errors(NotAuthenticated, TokenInvalid))
async def logout(principal: CurrentPrincipal, session: Session) -> Response:
    """Revoke the token used for this call."""
    await service.logout(session, principal)
    return Response(status_code=204)


@router.get("/me", responses=errors(NotAuthenticated, TokenInvalid))
async def me(principal: CurrentPrincipal, session: Session) -> MeOut:
    """The caller, their households and their roles."""
    return await service.describe(session, principal.person)
