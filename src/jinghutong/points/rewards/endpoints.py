"""Rewards and redemptions at the 警务室: catalogue, redeem (points held), fulfil, cancel."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import JSONResponse

from jinghutong.core.deps import AppSettings, ClientAddress, Limiter, Session
from jinghutong.core.errors import (
    NotAuthenticated,
    TokenInvalid,
    TooManyRequests,
    ValidationFailed,
    errors,
)
from jinghutong.core.pagination import BadCursor
from jinghutong.idempotency.endpoints import Once, Submission
from jinghutong.idempotency.service import (
    IdempotencyInFlight,
    IdempotencyKeyReused,
    fingerprint,
    run_once,
)
from jinghutong.identity.auth import CurrentPrincipal
from jinghutong.media.api import MediaUnavailable
from jinghutong.media.endpoints import AppStorage
from jinghutong.models import RedemptionStatus
from jinghutong.points.rewards import catalogue, handover, redeem, service, views
from jinghutong.points.rewards import errors as e
from jinghutong.points.rewards.schemas import (
    CodeIn,
    RedeemIn,
    RedemptionOut,
    RedemptionPage,
    RewardIn,
    RewardOut,
    RewardPage,
    RewardPatch,
    Scope,
)

router = APIRouter(prefix="", tags=["rewards"])
_auth = (NotAuthenticated, TokenInvalid)
_replay = (IdempotencyKeyReused, IdempotencyInFlight)
_where = (e.NoStation, e.ChooseStation)
_handover = (e.AlreadyFulfilled, e.AlreadyCancelled, e.OwnRedemption, TooManyRequests, *_replay)
_PNG: dict[int | str, dict[str, Any]] = {
    200: {"content": {"image/png": {}}, "description": "兑换码二维码 PNG"}
}


def _png_url(request: Request) -> service.PngUrl:
    return lambda rid: str(request.url_for("redemption_code_png", redemption_id=rid))


@router.get("/rewards", responses=errors(*_auth, *_where, e.RewardNotFound, BadCursor))
async def list_rewards(
    me: CurrentPrincipal,
    session: Session,
    storage: AppStorage,
    settings: AppSettings,
    station_id: Annotated[str | None, Query(max_length=26)] = None,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
) -> RewardPage:
    """The station's rewards on offer, with what the caller could spend on them."""
    return await catalogue.listing(session, storage, settings, me.person, station_id, cursor, limit)


@router.post(
    "/rewards",
    status_code=201,
    response_model=RewardOut,
    responses=errors(
        *_auth,
        *_where,
        e.RewardNotFound,
        e.NotAKeeper,
        e.MoneyNotAllowed,
        MediaUnavailable,
        *_replay,
    ),
)
async def create_reward(
    body: RewardIn,
    me: CurrentPrincipal,
    session: Session,
    storage: AppStorage,
    settings: AppSettings,
    submit: Once,
) -> JSONResponse:
    """Put goods or a service on the station's catalogue (the chief or admin)."""
    return await submit.once(
        body, 201, lambda: catalogue.create(session, storage, settings, me.person, body)
    )


@router.patch(
    "/rewards/{reward_id}",
    response_model=RewardOut,
    responses=errors(
        *_auth,
        e.RewardNotFound,
        e.NotAKeeper,
        e.StockOnly,
        e.MoneyNotAllowed,
        e.StockWouldGoNegative,
        MediaUnavailable,
        ValidationFailed,
        *_replay,
    ),
)
async def update_reward(
    reward_id: str,
    body: RewardPatch,
    me: CurrentPrincipal,
    session: Session,
    storage: AppStorage,
    settings: AppSettings,
    submit: Once,
) -> JSONResponse:
    """Change a reward, take it off (active=false), or record stock in or out (村警 too)."""
    return await submit.once(
        body,
        200,
        lambda: catalogue.update(session, storage, settings, me.person, reward_id, body),
    )


async def _with_code(
    request: Request, submit: Submission, body: RedeemIn, me: CurrentPrincipal
) -> JSONResponse:
    """Redeem once per key. The stored answer (idempotency_records) carries no code: it is
    derived from the id for every answer, the first and any replay."""
    status, payload = await run_once(
        submit.session,
        person_id=submit.person_id,
        key=submit.key,
        fp=fingerprint(request.method, request.url.path, body),
        status_code=201,
        work=lambda: redeem.redeem(submit.session, me.person, body),
    )
    if status == 201:
        out = RedemptionOut.model_validate(payload)
        payload = views.with_code(out, _png_url(request)(out.id)).model_dump(mode="json")
    return JSONResponse(payload, status_code=status)


@router.post(
    "/redemptions",
    status_code=201,
    response_model=RedemptionOut,
    responses=errors(
        *_auth,
        e.RewardNotFound,
        e.NotARedeemer,
        e.NotHouseholdHead,
        e.ChooseHousehold,
        e.NotEnoughPoints,
        e.OutOfStock,
        *_replay,
    ),
)
async def redeem_reward(
    body: RedeemIn, request: Request, me: CurrentPrincipal, submit: Once
) -> JSONResponse:
    """Redeem a reward: points held, one taken from stock, a code to show at the 警务室."""
    return await _with_code(request, submit, body, me)


@router.get("/redemptions", responses=errors(*_auth, e.NotStaff, BadCursor))
async def list_redemptions(
    request: Request,
    me: CurrentPrincipal,
    session: Session,
    scope: Annotated[
        Scope, Query(description="mine 我的兑换 · station 本所的兑换（工作人员）")
    ] = "mine",
    status: RedemptionStatus | None = None,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> RedemptionPage:
    """My redemptions (with the codes of those waiting), or the station's for its staff."""
    return await service.list_redemptions(
        session,
        me.person,
        scope=scope,
        status=status,
        cursor=cursor,
        limit=limit,
        png_url=_png_url(request),
    )


@router.post(
    "/redemptions/fulfil",
    response_model=RedemptionOut,
    responses=errors(*_auth, e.NotStaff, e.WrongCode, *_handover),
)
async def fulfil_by_code(
    body: CodeIn,
    me: CurrentPrincipal,
    session: Session,
    limiter: Limiter,
    client: ClientAddress,
    submit: Once,
) -> JSONResponse:
    """Hand the goods over against the code scanned or typed at the counter (staff)."""
    return await submit.once(
        body,
        200,
        lambda: handover.fulfil_by_code(session, limiter, me.person, body.code, client),
    )


@router.get("/redemptions/{redemption_id}", responses=errors(*_auth, e.RedemptionNotFound))
async def open_redemption(
    redemption_id: str, request: Request, me: CurrentPrincipal, session: Session
) -> RedemptionOut:
    """One redemption; its owner sees the code again while the goods wait."""
    return await service.open_redemption(session, me.person, redemption_id, _png_url(request))


@router.get(
    "/redemptions/{redemption_id}/code.png",
    name="redemption_code_png",
    response_class=Response,
    responses={**_PNG, **errors(*_auth, e.RedemptionNotFound)},
)
async def redemption_code_png(
    redemption_id: str, me: CurrentPrincipal, session: Session
) -> Response:
    """The code as a QR for the mini-program to show (its owner, while held)."""
    png = await service.code_png(session, me.person, redemption_id)
    return Response(png, media_type="image/png", headers={"Cache-Control": "private, no-store"})


@router.post(
    "/redemptions/{redemption_id}/cancel",
    response_model=RedemptionOut,
    responses=errors(
        *_auth, e.RedemptionNotFound, e.AlreadyFulfilled, e.AlreadyCancelled, *_replay
    ),
)
async def cancel_redemption(
    redemption_id: str, me: CurrentPrincipal, session: Session, submit: Once
) -> JSONResponse:
    """Cancel a redemption still waiting: the points and the stock go back."""
    return await submit.once(None, 200, lambda: handover.cancel(session, me.person, redemption_id))


@router.post(
    "/redemptions/{redemption_id}/fulfil",
    response_model=RedemptionOut,
    responses=errors(*_auth, e.RedemptionNotFound, e.WrongCode, *_handover),
)
async def fulfil_redemption(
    redemption_id: str,
    body: CodeIn,
    me: CurrentPrincipal,
    session: Session,
    limiter: Limiter,
    client: ClientAddress,
    submit: Once,
) -> JSONResponse:
    """Hand over one redemption from the list, confirmed with the villager's code (staff)."""
    return await submit.once(
        body,
        200,
        lambda: handover.fulfil_by_id(
            session, limiter, me.person, redemption_id, body.code, client
        ),
    )
