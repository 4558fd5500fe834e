"""POST /cases/{id}/{action}: the handling actions, one documented endpoint each. Each takes an
`Idempotency-Key`: a 联户长 on a weak signal who sends feedback twice records it once."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from jinghutong.cases.handling import errors as e
from jinghutong.cases.handling.schemas import (
    ContentIn,
    NoteIn,
    RateIn,
    ReasonIn,
    ResolveIn,
    RevisitIn,
)
from jinghutong.cases.handling.service import act
from jinghutong.cases.schemas import CaseDetail
from jinghutong.cases.service import CaseNotFound
from jinghutong.core.deps import AppSettings, Session
from jinghutong.core.errors import NotAuthenticated, TokenInvalid, ValidationFailed, errors
from jinghutong.idempotency.endpoints import Once
from jinghutong.identity.auth import CurrentPrincipal

router = APIRouter(prefix="/cases/{case_id}", tags=["cases"])
_base = (NotAuthenticated, TokenInvalid, CaseNotFound, ValidationFailed)
_handler = (*_base, e.NotYourCase, e.CaseClosed, e.AlreadyResolved)


@router.post("/accept", response_model=CaseDetail, responses=errors(*_handler, e.AlreadyAccepted))
async def accept(
    case_id: str,
    me: CurrentPrincipal,
    session: Session,
    cfg: AppSettings,
    submit: Once,
    body: NoteIn | None = None,
) -> JSONResponse:
    """Take the case (stops the acknowledgement clock; a consult's clock runs until answered)."""
    return await submit.once(
        body, 200, lambda: act(session, cfg.cases, me.person.id, case_id, "accept", body)
    )


@router.post(
    "/arrive",
    response_model=CaseDetail,
    responses=errors(*_handler, e.NotAcceptedYet, e.AlreadyOnSite),
)
async def arrive(
    case_id: str,
    me: CurrentPrincipal,
    session: Session,
    cfg: AppSettings,
    submit: Once,
    body: NoteIn | None = None,
) -> JSONResponse:
    """Record arrival at the scene."""
    return await submit.once(
        body, 200, lambda: act(session, cfg.cases, me.person.id, case_id, "arrive", body)
    )


@router.post(
    "/feedback",
    response_model=CaseDetail,
    responses=errors(*_handler, e.NotAcceptedYet, e.EmptyFeedback),
)
async def feedback(
    case_id: str,
    body: ContentIn,
    me: CurrentPrincipal,
    session: Session,
    cfg: AppSettings,
    submit: Once,
) -> JSONResponse:
    """Feed back from the scene: text with photos and voice."""
    return await submit.once(
        body, 200, lambda: act(session, cfg.cases, me.person.id, case_id, "feedback", body)
    )


@router.post(
    "/answer",
    response_model=CaseDetail,
    responses=errors(*_handler, e.NotAConsultation, e.EmptyFeedback),
)
async def answer(
    case_id: str,
    body: ContentIn,
    me: CurrentPrincipal,
    session: Session,
    cfg: AppSettings,
    submit: Once,
) -> JSONResponse:
    """Answer a consultation (stops its 24-hour clock)."""
    return await submit.once(
        body, 200, lambda: act(session, cfg.cases, me.person.id, case_id, "answer", body)
    )


@router.post("/escalate", response_model=CaseDetail, responses=errors(*_handler, e.TopOfLadder))
async def escalate(
    case_id: str,
    body: ReasonIn,
    me: CurrentPrincipal,
    session: Session,
    cfg: AppSettings,
    submit: Once,
) -> JSONResponse:
    """Pass the case up the ladder (联户长 → 村警 → area officer → chief)."""
    return await submit.once(
        body, 200, lambda: act(session, cfg.cases, me.person.id, case_id, "escalate", body)
    )


@router.post(
    "/resolve",
    response_model=CaseDetail,
    responses=errors(*_handler, e.NotAcceptedYet, e.OutcomeOnlyForClues, e.OnlyOfficersJudgeClues),
)
async def resolve(
    case_id: str,
    me: CurrentPrincipal,
    session: Session,
    cfg: AppSettings,
    submit: Once,
    body: ResolveIn | None = None,
) -> JSONResponse:
    """Mark the case handled (办结); for a clue an officer may record what it turned out to be."""
    return await submit.once(
        body, 200, lambda: act(session, cfg.cases, me.person.id, case_id, "resolve", body)
    )


@router.post(
    "/comment", response_model=CaseDetail, responses=errors(*_base, e.CaseClosed, e.EmptyFeedback)
)
async def comment(
    case_id: str,
    body: ContentIn,
    me: CurrentPrincipal,
    session: Session,
    cfg: AppSettings,
    submit: Once,
) -> JSONResponse:
    """Leave a comment (anyone who may see the case)."""
    return await submit.once(
        body, 200, lambda: act(session, cfg.cases, me.person.id, case_id, "comment", body)
    )


@router.post(
    "/revisit",
    response_model=CaseDetail,
    responses=errors(*_base, e.OnlyOfficers, e.NotResolvedYet),
)
async def revisit(
    case_id: str,
    body: RevisitIn,
    me: CurrentPrincipal,
    session: Session,
    cfg: AppSettings,
    submit: Once,
) -> JSONResponse:
    """Record the officer's visit back (回访) after the case was handled."""
    return await submit.once(
        body, 200, lambda: act(session, cfg.cases, me.person.id, case_id, "revisit", body)
    )


@router.post(
    "/rate",
    response_model=CaseDetail,
    responses=errors(*_base, e.OnlyTheReporter, e.NotResolvedYet, e.AlreadyRated),
)
async def rate(
    case_id: str,
    body: RateIn,
    me: CurrentPrincipal,
    session: Session,
    cfg: AppSettings,
    submit: Once,
) -> JSONResponse:
    """The reporter rates the handling, 1–5, once it is resolved."""
    return await submit.once(
        body, 200, lambda: act(session, cfg.cases, me.person.id, case_id, "rate", body)
    )


@router.post(
    "/reopen",
    response_model=CaseDetail,
    responses=errors(*_base, e.OnlyTheReporter, e.NotResolvedYet, e.ReopenExpired),
)
async def reopen(
    case_id: str,
    body: ReasonIn,
    me: CurrentPrincipal,
    session: Session,
    cfg: AppSettings,
    submit: Once,
) -> JSONResponse:
    """The reporter asks for the case to be handled again (within 7 days of resolution)."""
    return await submit.once(
        body, 200, lambda: act(session, cfg.cases, me.person.id, case_id, "reopen", body)
    )


@router.post(
    "/close",
    response_model=CaseDetail,
    responses=errors(*_base, e.NotYourCase, e.CaseClosed, e.NotResolvedYet),
)
async def close(
    case_id: str,
    me: CurrentPrincipal,
    session: Session,
    cfg: AppSettings,
    submit: Once,
    body: NoteIn | None = None,
) -> JSONResponse:
    """Close a resolved case."""
    return await submit.once(
        body, 200, lambda: act(session, cfg.cases, me.person.id, case_id, "close", body)
    )
