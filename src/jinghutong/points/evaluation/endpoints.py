"""考评: the 村警's monthly sheet from the records, confirmation, appeals, xlsx; the duty roster."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Query, Response
from fastapi.responses import JSONResponse

from jinghutong.core.deps import Session
from jinghutong.core.errors import NotAuthenticated, TokenInvalid, ValidationFailed, errors
from jinghutong.core.pagination import BadCursor
from jinghutong.governance.work_summary.schemas import MONTH_PATTERN
from jinghutong.idempotency.endpoints import Once
from jinghutong.idempotency.service import IdempotencyInFlight, IdempotencyKeyReused
from jinghutong.identity.auth import CurrentPrincipal
from jinghutong.points.evaluation import appeals, compute, export, service
from jinghutong.points.evaluation import errors as e
from jinghutong.points.evaluation.schemas import (
    AppealIn,
    ComputeOut,
    DecideIn,
    MonthIn,
    SheetDetail,
    SheetPage,
)

# The duty roster (duty/endpoints.py) and the 联户长's year (group_leaders/endpoints.py) have
# routers of their own, listed in points/endpoints.py (flat: FastAPI walks nested routers
# level by level on every request); /evaluations/group-leaders comes before this router's
# /evaluations/{sheet_id}.
router = APIRouter(prefix="", tags=["evaluation"])

_auth = (NotAuthenticated, TokenInvalid)
_replay = (IdempotencyKeyReused, IdempotencyInFlight)
_chief = (*_auth, *_replay, e.SheetNotFound, e.OnlyTheChief)
Month = Annotated[str, Query(pattern=MONTH_PATTERN, description="YYYY-MM，北京时间")]
_XLSX = {
    200: {
        "content": {export.XLSX_MEDIA_TYPE: {}},
        "description": "考评汇总与明细（两个工作表）",
    },
    **errors(*_auth, e.NotAnExporter, ValidationFailed),
}


@router.post(
    "/evaluations/compute",
    response_model=ComputeOut,
    responses=errors(*_auth, *_replay, ValidationFailed, e.NotAComputer, e.MonthNotStarted),
)
async def compute_sheets(
    body: MonthIn, me: CurrentPrincipal, session: Session, submit: Once
) -> JSONResponse:
    """Compute (or recompute the drafts of) every 村警's sheet of the station for a month."""
    return await submit.once(body, 200, lambda: compute.compute(session, me.person.id, body.month))


@router.get(
    "/evaluations", responses=errors(*_auth, e.NotAnEvaluationReader, BadCursor, ValidationFailed)
)
async def list_sheets(
    me: CurrentPrincipal,
    session: Session,
    month: Annotated[str | None, Query(pattern=MONTH_PATTERN, description="YYYY-MM")] = None,
    village_id: Annotated[str | None, Query(max_length=26)] = None,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
) -> SheetPage:
    """The sheets I may read (a 村警: their own), newest first."""
    return await service.list_sheets(
        session, me.person.id, month=month, village_id=village_id, cursor=cursor, limit=limit
    )


@router.get("/evaluations.xlsx", response_class=Response, responses=_XLSX)
async def export_sheets(me: CurrentPrincipal, session: Session, month: Month) -> Response:
    """The month's sheets of the station as an Excel workbook."""
    content = await export.workbook(session, me.person.id, month)
    filename = quote(f"{month}村警考评.xlsx")
    return Response(
        content=content,
        media_type=export.XLSX_MEDIA_TYPE,
        headers={
            "Content-Disposition": f'attachment; filename="evaluations-{month}.xlsx"; '
            f"filename*=UTF-8''{filename}",
            "Cache-Control": "no-store",
        },
    )


@router.get("/evaluations/{sheet_id}", responses=errors(*_auth, e.SheetNotFound))
async def read_sheet(sheet_id: str, me: CurrentPrincipal, session: Session) -> SheetDetail:
    """One sheet: items with the records behind them, base, total, status, appeal."""
    return await service.read(session, me.person.id, sheet_id)


@router.post(
    "/evaluations/{sheet_id}/confirm",
    response_model=SheetDetail,
    responses=errors(*_chief, e.SheetNotDraft, e.MonthNotOver),
)
async def confirm_sheet(
    sheet_id: str, me: CurrentPrincipal, session: Session, submit: Once
) -> JSONResponse:
    """The chief confirms a draft; the 村警 is told and may appeal within 3 working days."""
    return await submit.once(None, 200, lambda: appeals.confirm(session, me.person.id, sheet_id))


@router.post(
    "/evaluations/{sheet_id}/appeal",
    response_model=SheetDetail,
    responses=errors(
        *_auth, *_replay, ValidationFailed, e.SheetNotFound, e.OnlyTheirOwn, e.NotConfirmedYet,
        e.AlreadyAppealed, e.AppealWindowClosed,
    ),
)  # fmt: skip
async def appeal_sheet(
    sheet_id: str, body: AppealIn, me: CurrentPrincipal, session: Session, submit: Once
) -> JSONResponse:
    """The sheet's 村警 appeals, once, within the window."""
    return await submit.once(
        body, 200, lambda: appeals.appeal(session, me.person.id, sheet_id, body)
    )


@router.post(
    "/evaluations/{sheet_id}/decide",
    response_model=SheetDetail,
    responses=errors(
        *_chief, ValidationFailed, e.NoAppealPending, e.ScoreAfterNeeded,
        e.ScoreAfterNotForRejected,
    ),
)  # fmt: skip
async def decide_appeal(
    sheet_id: str, body: DecideIn, me: CurrentPrincipal, session: Session, submit: Once
) -> JSONResponse:
    """The chief decides the appeal; an upheld one sets the score after (申诉调整)."""
    return await submit.once(
        body, 200, lambda: appeals.decide(session, me.person.id, sheet_id, body)
    )
