"""How an endpoint becomes idempotent:

@router.post("", status_code=201)
async def create_case(body: CaseIn, principal: CurrentPrincipal, session: Session,
                      request: Request, key: IdempotencyKey) -> JSONResponse:
    return await idempotent(request, session, principal.person.id, key, body, 201,
                            lambda: case_service.create(session, principal, body))
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import Depends, Header, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core.deps import Session
from jinghutong.idempotency.service import fingerprint, run_once
from jinghutong.identity.auth import CurrentPrincipal

IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        description="同一次提交的唯一编号；网络不好重试时带上同一个编号，不会重复创建",
    ),
]


async def idempotent(
    request: Request,
    session: AsyncSession,
    person_id: str,
    key: str | None,
    body: BaseModel | dict[str, Any] | None,
    status_code: int,
    work: Callable[[], Awaitable[BaseModel | dict[str, Any]]],
    *,
    claim_with_first_read: bool = False,
) -> JSONResponse:
    fp = fingerprint(request.method, request.url.path, body)
    status, payload = await run_once(
        session,
        person_id=person_id,
        key=key,
        fp=fp,
        status_code=status_code,
        work=work,
        claim_with_first_read=claim_with_first_read,
    )
    return JSONResponse(payload, status_code=status)


class Submission:
    """One mutating call from the mini-program, done once per `Idempotency-Key`."""

    def __init__(self, request: Request, session: AsyncSession, person_id: str, key: str | None):
        self.request = request
        self.session = session
        self.person_id = person_id
        self.key = key

    async def once(
        self,
        body: BaseModel | dict[str, Any] | None,
        status_code: int,
        work: Callable[[], Awaitable[BaseModel | dict[str, Any]]],
    ) -> JSONResponse:
        return await idempotent(
            self.request, self.session, self.person_id, self.key, body, status_code, work
        )


async def _submission(
    request: Request, session: Session, principal: CurrentPrincipal, key: IdempotencyKey = None
) -> Submission:
    return Submission(request, session, principal.person.id, key)


Once = Annotated[Submission, Depends(_submission)]
