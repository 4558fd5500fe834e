"""Reading cases: GET /cases (cursor pages within scope) and GET /cases/{id} with its timeline.
The routers of intake, handling and dispatch are gathered here."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from jinghutong.cases import review, service  # noqa: F401 - review registers the media hooks
from jinghutong.cases.dispatch.endpoints import router as dispatch_router
from jinghutong.cases.handling.endpoints import router as handling_router
from jinghutong.cases.intake.endpoints import router as intake_router
from jinghutong.cases.moderation.endpoints import router as moderation_router
from jinghutong.cases.schemas import CaseDetail, CasePage, Kind, Scope, Status
from jinghutong.core.deps import AppSettings, Session
from jinghutong.core.errors import (
    NotAuthenticated,
    NotFound,
    TokenInvalid,
    ValidationFailed,
    errors,
)
from jinghutong.identity.auth import CurrentPrincipal
from jinghutong.media.endpoints import AppStorage

read_router = APIRouter(prefix="/cases", tags=["cases"])


@read_router.get("", responses=errors(NotAuthenticated, TokenInvalid, NotFound, ValidationFailed))
async def list_cases(
    me: CurrentPrincipal,
    session: Session,
    scope: Annotated[
        Scope,
        Query(
            description="mine 我上报的 · assigned 交给我的 · area 我辖区的 · "
            "review 我辖区内待人工审核内容的（仅民警和本村村警）"
        ),
    ] = "mine",
    status: Status | None = None,
    kind: Kind | None = None,
    area_id: Annotated[str | None, Query(max_length=26)] = None,
    cursor: Annotated[str | None, Query(max_length=64)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> CasePage:
    """Cases within the caller's scope, newest first."""
    return await service.list_cases(
        session,
        me.person.id,
        scope=scope,
        status=status,
        kind=kind,
        area_id=area_id,
        cursor=cursor,
        limit=limit,
    )


@read_router.get(
    "/{case_id}", responses=errors(NotAuthenticated, TokenInvalid, service.CaseNotFound)
)
async def get_case(
    case_id: str, me: CurrentPrincipal, session: Session, storage: AppStorage, settings: AppSettings
) -> CaseDetail:
    """One case with its timeline and media links (a clue's reporter hidden from neighbours)."""
    return await service.get_case(session, storage, settings, me.person.id, case_id)


# A list, not a parent router: the app includes each directly (see app.api_routers).
routers = [intake_router, read_router, handling_router, moderation_router, dispatch_router]
