"""Who is calling: the bearer token dependency."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from jinghutong.core.deps import Session, WriteSession
from jinghutong.core.errors import NotAuthenticated, TokenInvalid
from jinghutong.identity.service import (
    Principal,
    authenticate,
    authenticate_checked_at_commit,
)

_bearer = HTTPBearer(auto_error=False, description="POST /api/v1/auth/wechat 得到的 token")


Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


def _bearer_token(credentials: HTTPAuthorizationCredentials | None) -> str:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise NotAuthenticated()
    return credentials.credentials


def _known(request: Request, principal: Principal | None) -> Principal:
    if principal is None:
        raise TokenInvalid()
    request.state.person_id = principal.person.id
    return principal


async def current_principal(
    request: Request, session: Session, credentials: Credentials
) -> Principal:
    return _known(request, await authenticate(session, _bearer_token(credentials)))


async def principal_checked_at_commit(
    request: Request, session: Session, credentials: Credentials
) -> Principal:
    """The caller, without a round trip of its own when this process saw the token live
    moments ago: checked again before the commit instead (identity.service.
    authenticate_checked_at_commit). Only for endpoints whose work has no effect outside the
    unit of work until it commits — a dead token's work is rolled back, nothing else undone."""
    principal = await authenticate_checked_at_commit(session, _bearer_token(credentials))
    return _known(request, principal)


async def principal_in_write_session(
    request: Request, session: WriteSession, credentials: Credentials
) -> Principal:
    """The caller of a GET that writes, authenticated in that request's one writing unit of
    work (core.deps.WriteSession), which the endpoint then uses too."""
    return await current_principal(request, session, credentials)


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]
PrincipalCheckedAtCommit = Annotated[Principal, Depends(principal_checked_at_commit)]
WriteSessionPrincipal = Annotated[Principal, Depends(principal_in_write_session)]
