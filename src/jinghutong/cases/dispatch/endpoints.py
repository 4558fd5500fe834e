"""POST /dispatches: the duty room pushes an incident to the nearest 联户长."""

from __future__ import annotations

from fastapi import APIRouter

from jinghutong.cases.auth import access_to
from jinghutong.cases.dispatch import service
from jinghutong.cases.dispatch.schemas import DispatchIn
from jinghutong.cases.presenter import detail_out
from jinghutong.cases.schemas import CaseDetail
from jinghutong.core.deps import AppSettings, Session
from jinghutong.core.errors import NotAuthenticated, TokenInvalid, ValidationFailed, errors
from jinghutong.identity.auth import CurrentPrincipal

router = APIRouter(prefix="/dispatches", tags=["cases"])


@router.post(
    "",
    status_code=201,
    responses=errors(
        NotAuthenticated,
        TokenInvalid,
        service.NotDutyRoom,
        service.NoLeaderNearby,
        ValidationFailed,
    ),
)
async def create_dispatch(
    body: DispatchIn, me: CurrentPrincipal, session: Session, settings: AppSettings
) -> CaseDetail:
    """Push an incident to the 联户长 whose micro-grid is nearest the place (the area officer is
    told at once)."""
    case = await service.create_dispatch(session, settings.cases, me.person, body)
    return await detail_out(session, case, await access_to(session, me.person.id, case))
