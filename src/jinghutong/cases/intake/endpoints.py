"""POST /cases: report (idempotent: a retry returns the same case, never a second)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from jinghutong.cases.intake import service
from jinghutong.cases.intake.schemas import CaseIn
from jinghutong.cases.routing import NowhereToRoute
from jinghutong.cases.schemas import CaseCreated
from jinghutong.core.deps import AppSettings, Session
from jinghutong.core.errors import NotAuthenticated, TokenInvalid, ValidationFailed, errors
from jinghutong.idempotency.endpoints import IdempotencyKey, idempotent
from jinghutong.idempotency.service import IdempotencyInFlight, IdempotencyKeyReused
from jinghutong.identity.auth import PrincipalCheckedAtCommit

router = APIRouter(prefix="/cases", tags=["cases"])


@router.post(
    "",
    status_code=201,
    response_model=CaseCreated,
    responses=errors(
        NotAuthenticated,
        TokenInvalid,
        ValidationFailed,
        NowhereToRoute,
        IdempotencyKeyReused,
        IdempotencyInFlight,
    ),
)
async def create_case(
    request: Request,
    body: CaseIn,
    me: PrincipalCheckedAtCommit,
    session: Session,
    settings: AppSettings,
    key: IdempotencyKey = None,
) -> JSONResponse:
    """Report an alarm, clue, hazard, dispute, help request, question or opinion."""
    # A report's work only reads and writes the unit of work (its number aside, which may
    # then skip): its claim can ride with its first read (idempotency.run_once), and a token
    # seen live moments ago is checked again with it (identity.auth).
    return await idempotent(
        request,
        session,
        me.person.id,
        key,
        body,
        201,
        lambda: service.create(session, settings.cases, me.person, body),
        claim_with_first_read=True,
    )
