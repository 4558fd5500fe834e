"""POST /cases: report (idempotent: a retry returns the same case, never a second)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from jinghutong.cases.intake import service
from jinghutong.cases.intake.schemas import CaseIn
from jinghutong.cases.routing import NowhereToRoute
from jinghutong.cases.schemas import CaseCreated
from jinghutong.core.deps import AppSettings, Session
from jinghutong.core.errors import NotAuthenticated, TokenInvalid, ValidationFailed, errors
from jinghutong.idempotency.endpoints import Once
from jinghutong.idempotency.service import IdempotencyInFlight, IdempotencyKeyReused
from jinghutong.identity.auth import CurrentPrincipal

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
    body: CaseIn,
    me: CurrentPrincipal,
    session: Session,
    settings: AppSettings,
    submit: Once,
) -> JSONResponse:
    """Report an alarm, clue, hazard, dispute, help request, question or opinion."""
    # A report's work only reads and writes the unit of work (its number aside, which may
    # then skip): its claim can ride with its first read (idempotency.run_once).
    return await submit.once(
        body,
        201,
        lambda: service.create(session, settings.cases, me.person, body),
        claim_with_first_read=True,
    )
