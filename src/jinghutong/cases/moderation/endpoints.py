"""POST /cases/{id}/review: an officer's decision on content WeChat flagged. Takes an
`Idempotency-Key` like the handling actions; without one, a repeated decision is refused (409)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from jinghutong.cases.moderation import errors as e
from jinghutong.cases.moderation import service
from jinghutong.cases.moderation.schemas import ReviewIn
from jinghutong.cases.schemas import CaseDetail
from jinghutong.cases.service import CaseNotFound
from jinghutong.core.deps import Session
from jinghutong.core.errors import NotAuthenticated, TokenInvalid, ValidationFailed, errors
from jinghutong.idempotency.endpoints import Once
from jinghutong.identity.auth import CurrentPrincipal

router = APIRouter(prefix="/cases/{case_id}", tags=["cases"])
_refusals = (NotAuthenticated, TokenInvalid, CaseNotFound, ValidationFailed, e.ReviewersOnly)


@router.post(
    "/review",
    response_model=CaseDetail,
    responses=errors(*_refusals, e.NotUnderReview, e.UnknownAttachment),
)
async def review(
    case_id: str, body: ReviewIn, me: CurrentPrincipal, session: Session, submit: Once
) -> JSONResponse:
    """Pass or uphold flagged content (the case's text, or one attachment); reviewers only."""
    return await submit.once(
        body, 200, lambda: service.review(session, me.person.id, case_id, body)
    )
