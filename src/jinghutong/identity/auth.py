"""Who is calling: the bearer token dependency."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from jinghutong.core.deps import Session
from jinghutong.core.errors import NotAuthenticated, TokenInvalid
from jinghutong.identity.service import Principal, authenticate

_bearer = HTTPBearer(auto_error=False, description="POST /api/v1/auth/wechat 得到的 token")


async def current_principal(
    request: Request,
    session: Session,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise NotAuthenticated()
    principal = await authenticate(session, credentials.credentials)
    if principal is None:
        raise TokenInvalid()
    request.state.person_id = principal.person.id
    return principal


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]
